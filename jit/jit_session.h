// JitSession: KernelForge's own LLVM ORC JIT for Halide pipelines.
//
// One llvm::orc::LLJIT per session. The Halide runtime for the session's target is compiled
// once into its own JITDylib ("halide_runtime"); kernels are compiled with Target::NoRuntime into
// the main JITDylib, which links against the runtime and the process (libc, libpthread). Each
// kernel gets its own ResourceTracker, owned by the Kernel object that load() returns. The
// kernels' parallel loops run on the session's SpinningThreadPool, not on Halide's pool.
#pragma once

#include <Halide.h>
#include <llvm/ExecutionEngine/Orc/LLJIT.h>
#include <llvm/Support/Error.h>

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "jit/kernel.h"
#include "jit/object_cache.h"

namespace kf {

/// How JitSession::compile treats one pipeline.
struct CompileOptions {
  /// Output Func names whose stores are made non-temporal (jit/nontemporal_stores.h).
  std::vector<std::string> streaming_buffers;
  /// The content key of the kernel (kernel_cache_key in autotune/tuner.h): everything that
  /// determines its machine code. With a key, the kernel is named after it, kernels of one key
  /// share their code within the session, and the session's object cache (if any) is
  /// consulted before lowering and filled after code generation. Empty: a fresh, uncached
  /// kernel.
  std::string cache_key;
};

class JitSession {
 public:
  /// Creates a JIT for `target` (a CPU target of this host; NoRuntime/JIT features are managed
  /// here) and loads the Halide runtime into it. The environment variable KF_THREAD_POOL
  /// chooses the pool of the kernels' parallel loops: `spinning` (the default,
  /// jit/spinning_thread_pool.h) or `halide` (Halide's own); any other value is an error. The
  /// TargetMachine is built from Halide's own CPU and feature choice for the target, not from
  /// LLVM's host detection.
  static llvm::Expected<std::unique_ptr<JitSession>> create(const Halide::Target& target);

  /// Stops the Halide runtime's thread pool, then tears down the JIT. Kernels of this session
  /// must be destroyed first.
  ~JitSession();
  JitSession(const JitSession&) = delete;
  JitSession& operator=(const JitSession&) = delete;

  /// The target kernels must be lowered for (the session target plus NoRuntime).
  const Halide::Target& kernel_target() const { return kernel_target_; }

  /// The kernel_target() of a session created for `target`, without creating one.
  static Halide::Target kernel_target_for(const Halide::Target& target);

  /// Lowers `pipeline` for kernel_target(), compiles it to machine code and returns the
  /// callable kernel. Halide and LLVM errors come back as llvm::Error with their message.
  /// With the environment variable KF_DUMP_DIR set, the kernel's lowered statement, LLVM IR and
  /// assembly are also written to that directory. With options.cache_key, a kernel already
  /// loaded under that key is shared, and an object cache hit is loaded without lowering or
  /// code generation (`pipeline` is then not used).
  llvm::Expected<Kernel> compile(Halide::Pipeline pipeline,
                                 const std::vector<Halide::Argument>& arguments,
                                 const CompileOptions& options = {});

  /// Uses `cache` for kernels compiled with a cache key from now on (nullptr: none).
  void set_object_cache(std::shared_ptr<ObjectCache> cache) { cache_ = std::move(cache); }
  ObjectCache* object_cache() const { return cache_.get(); }

  /// Sets how many threads run the parallel loops of this session's kernels, the calling
  /// thread included (0 = all cores). Not to be called while a kernel of this session runs.
  void set_num_threads(int threads);

  /// Joins the session's worker threads (they are recreated, at the same count, by the next
  /// parallel loop). Call it before fork(): workers do not survive into the child, which would
  /// otherwise find a pool of threads that do not exist.
  void stop_worker_threads();

  /// Number of kernels compiled so far (a counter that names them uniquely).
  int kernels_compiled() const { return next_id_.load(); }

 private:
  JitSession(std::unique_ptr<llvm::orc::LLJIT> jit, std::unique_ptr<llvm::TargetMachine> machine,
             Halide::Target target);

  /// Lowers `pipeline` as function `name` and generates its relocatable object.
  llvm::Expected<std::unique_ptr<llvm::MemoryBuffer>> generate_object(
      Halide::Pipeline pipeline, const std::vector<Halide::Argument>& arguments,
      const std::string& name, const std::vector<std::string>& streaming_buffers);
  /// Adds `object` to the main JITDylib and looks up `name`'s entry point.
  llvm::Expected<Kernel> load_object(const std::string& name,
                                     std::unique_ptr<llvm::MemoryBuffer> object);

  std::unique_ptr<llvm::orc::LLJIT> jit_;
  std::unique_ptr<llvm::TargetMachine> machine_;  ///< code generation of kernels
  std::mutex machine_mutex_;                      ///< a TargetMachine is not reentrant
  std::shared_ptr<ObjectCache> cache_;
  std::mutex loaded_mutex_;
  /// Code loaded under a cache key, by kernel name, while some Kernel holds it.
  std::map<std::string, std::pair<std::weak_ptr<LoadedCode>, Kernel::ArgvFunction>> loaded_;
  Halide::Target kernel_target_;
  /// Runs the parallel loops of this session's kernels (jit/spinning_thread_pool.h); null when
  /// KF_THREAD_POOL=halide leaves them to Halide's pool.
  std::shared_ptr<SpinningThreadPool> pool_;
  int (*set_num_threads_)(int) = nullptr;
  void (*shutdown_thread_pool_)() = nullptr;
  int threads_ = -1;  ///< last count set; -1 = the runtime's default
  std::atomic<int> next_id_{0};
};

}  // namespace kf
