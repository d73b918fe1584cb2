// JitSession: KernelForge's own LLVM ORC JIT for Halide pipelines.
//
// One llvm::orc::LLJIT per session. The Halide runtime for the session's target is compiled
// once into its own JITDylib ("halide_runtime"); kernels are compiled with Target::NoRuntime into
// the main JITDylib, which links against the runtime and the process (libc, libpthread). Each
// kernel gets its own ResourceTracker, owned by the Kernel object that load() returns.
#pragma once

#include <Halide.h>
#include <llvm/ExecutionEngine/Orc/LLJIT.h>
#include <llvm/Support/Error.h>

#include <atomic>
#include <memory>
#include <string>

#include "jit/kernel.h"

namespace kf {

class JitSession {
 public:
  /// Creates a JIT for `target` (a CPU target of this host; NoRuntime/JIT features are managed
  /// here) and loads the Halide runtime into it. The TargetMachine is built from Halide's own
  /// CPU and feature choice for the target, not from LLVM's host detection.
  static llvm::Expected<std::unique_ptr<JitSession>> create(const Halide::Target& target);

  /// Stops the Halide runtime's thread pool, then tears down the JIT. Kernels of this session
  /// must be destroyed first.
  ~JitSession();
  JitSession(const JitSession&) = delete;
  JitSession& operator=(const JitSession&) = delete;

  /// The target kernels must be lowered for (the session target plus NoRuntime).
  const Halide::Target& kernel_target() const { return kernel_target_; }

  /// Lowers `pipeline` for kernel_target(), compiles it to machine code and returns the
  /// callable kernel. Halide and LLVM errors come back as llvm::Error with their message.
  /// With the environment variable KF_DUMP_DIR set, the kernel's lowered statement, LLVM IR and
  /// assembly are also written to that directory. Stores into `streaming_buffers` (output
  /// Func names) are made non-temporal (jit/nontemporal_stores.h).
  llvm::Expected<Kernel> compile(Halide::Pipeline pipeline,
                                 const std::vector<Halide::Argument>& arguments,
                                 const std::vector<std::string>& streaming_buffers = {});

  /// Sets the Halide runtime's thread pool size for kernels of this session (0 = all cores).
  /// Not to be called while a kernel of this session runs.
  void set_num_threads(int threads);

  /// Joins the runtime's worker threads (they are recreated, at the same count, by the next
  /// parallel loop). Call it before fork(): workers do not survive into the child, which would
  /// otherwise find a pool of threads that do not exist.
  void stop_worker_threads();

  /// Number of kernels compiled so far (a counter that names them uniquely).
  int kernels_compiled() const { return next_id_.load(); }

 private:
  JitSession(std::unique_ptr<llvm::orc::LLJIT> jit, Halide::Target target);

  std::unique_ptr<llvm::orc::LLJIT> jit_;
  Halide::Target kernel_target_;
  int (*set_num_threads_)(int) = nullptr;
  void (*shutdown_thread_pool_)() = nullptr;
  int threads_ = -1;  ///< last count set; -1 = the runtime's default
  std::atomic<int> next_id_{0};
};

}  // namespace kf
