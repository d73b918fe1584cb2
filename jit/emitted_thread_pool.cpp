// The thread pool inside every library `kforge emit` writes for x86-64 Linux (see
// jit/library_thread_pool.h for how it gets there).
//
// This file and spinning_thread_pool.cpp are compiled apart from the rest of KernelForge:
// position-independent, without exceptions or sanitizers, and with hidden visibility, then
// joined into one object whose only global symbols are the C functions below (weak, so that an
// application may link several emitted libraries). A C program links it with -lpthread alone.
//
// The pool replaces Halide's own for the library's kernels when the program starts: a
// constructor installs its do_par_for in the library's Halide runtime, as JitSession does for
// JIT-compiled kernels, so an application runs a kernel on the same pool that timed it in the
// tuner. The library's header takes the address of kf_thread_pool_linked, which is what pulls
// this object out of the archive.
#include <stdlib.h>
#include <string.h>

#include <new>

#include "HalideRuntime.h"
#include "jit/spinning_thread_pool.h"

namespace kf {
namespace {

// Never destroyed: worker threads may still run when static destructors do, as with Halide's
// pool, and nothing needs freeing at exit.
alignas(SpinningThreadPool) unsigned char pool_storage[sizeof(SpinningThreadPool)];
SpinningThreadPool* library_pool = nullptr;

int library_do_par_for(void* user_context, halide_task_t task, int min, int size,
                       uint8_t* closure) {
  // A loop nested in a task, or started while another thread's loop runs, runs serially.
  return library_pool->run(user_context, task, min, size, closure);
}

// The thread count Halide's runtime would take from the environment (0: one per CPU).
int threads_from_environment() {
  const char* text = getenv("HL_NUM_THREADS");
  if (!text) text = getenv("HL_NUMTHREADS");
  return text ? atoi(text) : 0;
}

__attribute__((constructor)) void install_library_pool() {
  const char* choice = getenv("KF_THREAD_POOL");
  if (choice && strcmp(choice, "halide") == 0) return;
  library_pool = new (pool_storage) SpinningThreadPool();
  library_pool->set_threads(threads_from_environment());
  halide_set_custom_do_par_for(&library_do_par_for);
}

}  // namespace
}  // namespace kf

extern "C" {

/// Referenced by each emitted header, so that linking the library links the pool.
__attribute__((visibility("default"), weak)) extern const int kf_thread_pool_linked = 1;

/// Sets how many threads run a kernel's loops, the calling thread included (0: one per CPU);
/// returns the count in effect, or 0 when the pool is not in use (KF_THREAD_POOL=halide). Not
/// to be called while a kernel runs.
__attribute__((visibility("default"), weak)) int kf_thread_pool_set_threads(int threads) {
  if (!kf::library_pool) return 0;
  kf::library_pool->set_threads(threads);
  return kf::library_pool->threads();
}

}  // extern "C"
