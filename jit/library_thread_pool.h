// The thread pool of emitted libraries.
//
// A JIT-compiled kernel runs its parallel loops on a SpinningThreadPool, and that is where the
// tuner timed it. A library that `kforge emit` writes would otherwise run the same kernels on
// Halide's own pool, whose workers sleep a few microseconds after each loop and take about
// 21 us to wake on this VM (bench/RESULTS.md): at 2 threads a small layer could take twice
// the time the tuner saw. So each library for x86-64 Linux also carries the pool:
// jit/emitted_thread_pool.cpp, compiled with spinning_thread_pool.cpp into one object that the
// build embeds in KernelForge (cmake/embed_file.cmake) and emit_library writes into the
// archive. The header links it and declares `<name>_set_num_threads`.
#pragma once

#include <Halide.h>
#include <llvm/Support/Error.h>

#include <string>

namespace kf {

/// Whether a library whose runtime is compiled for `runtime_target` gets the pool: the pool's
/// object is compiled for x86-64 Linux, so the target must be that too (and so must this
/// build of KernelForge).
bool library_gets_thread_pool(const Halide::Target& runtime_target);

/// Writes the pool's object file to `path`.
llvm::Error write_library_thread_pool(const std::string& path);

/// The header text for library `name`: what links the pool (when `with_pool`);
/// `<name>_set_num_threads`, which sets the thread count of the pool and of Halide's and refuses
/// a negative count; and `<name>_thread_pool_environment_error`, which returns what the pool
/// found malformed in its environment variables at start-up.
std::string library_thread_pool_header(const std::string& name, bool with_pool);

}  // namespace kf
