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
#include <errno.h>
#include <limits.h>
#include <stdio.h>
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

// What the constructor found malformed in the environment, with the rule it broke; empty when
// nothing was.
char environment_error[320];

// Records a malformed setting and says so on stderr: a library's constructor has no caller to
// return an error to, so the application may also ask kf_thread_pool_environment_error().
void report_environment_error(const char* variable, const char* value, const char* rule,
                              const char* consequence) {
  if (environment_error[0] != '\0') return;  // the first one is kept
  snprintf(environment_error, sizeof environment_error, "%s='%s': %s; %s", variable, value, rule,
           consequence);
  fprintf(stderr, "KernelForge thread pool: %s\n", environment_error);
}

// The thread count asked for in the environment, as Halide's runtime names it (0: one per CPU,
// also when unset or malformed).
int threads_from_environment(bool spinning_pool) {
  const char* variable = "HL_NUM_THREADS";
  const char* text = getenv(variable);
  if (!text) text = getenv(variable = "HL_NUMTHREADS");
  if (!text || text[0] == '\0') return 0;
  errno = 0;
  char* end = nullptr;
  const long threads = strtol(text, &end, 10);
  if (errno == 0 && end != text && *end == '\0' && threads >= 0 && threads <= INT_MAX) {
    return static_cast<int>(threads);
  }
  report_environment_error(variable, text, "must be a whole number >= 0 (0: one thread per CPU)",
                           spinning_pool ? "the pool runs one thread per CPU"
                                         : "left to Halide's runtime, which reads it with atoi");
  return 0;
}

__attribute__((constructor)) void install_library_pool() {
  const char* choice = getenv("KF_THREAD_POOL");
  const bool spinning = !choice || strcmp(choice, "halide") != 0;
  if (choice && spinning && strcmp(choice, "spinning") != 0) {
    report_environment_error("KF_THREAD_POOL", choice,
                             "must be 'spinning' (the default) or 'halide'",
                             "the kernels run on the spinning pool");
  }
  const int threads = threads_from_environment(spinning);
  if (!spinning) return;
  library_pool = new (pool_storage) SpinningThreadPool();
  library_pool->set_threads(threads);
  halide_set_custom_do_par_for(&library_do_par_for);
}

}  // namespace
}  // namespace kf

extern "C" {

/// Referenced by each emitted header, so that linking the library links the pool.
__attribute__((visibility("default"), weak)) extern const int kf_thread_pool_linked = 1;

/// Sets how many threads run a kernel's loops, the calling thread included (0: one per CPU);
/// returns the count in effect, 0 when the pool is not in use (KF_THREAD_POOL=halide), or -1
/// when `threads` is negative (nothing changes). Not to be called while a kernel runs.
__attribute__((visibility("default"), weak)) int kf_thread_pool_set_threads(int threads) {
  if (threads < 0) return -1;
  if (!kf::library_pool) return 0;
  kf::library_pool->set_threads(threads);
  return kf::library_pool->threads();
}

/// What the library found malformed in KF_THREAD_POOL or HL_NUM_THREADS when the program
/// started, naming the variable, its value and the rule, and what it did instead; null when
/// nothing was. The same message went to stderr.
__attribute__((visibility("default"), weak)) const char* kf_thread_pool_environment_error(void) {
  return kf::environment_error[0] != '\0' ? kf::environment_error : nullptr;
}

}  // extern "C"
