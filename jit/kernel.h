// Kernel: one JIT-compiled Halide pipeline living in a JitSession, owned RAII-style. The code is
// held through a shared LoadedCode: kernels the session compiled from the same cache key share
// one copy, and the last of them to go removes it from the JIT (through its
// llvm::orc::ResourceTracker).
#pragma once

#include <llvm/ExecutionEngine/Orc/Core.h>

#include <memory>
#include <string>

#include "jit/spinning_thread_pool.h"

namespace kf {

/// Code loaded into a JIT: removed from it when the last owner lets go.
class LoadedCode {
 public:
  LoadedCode(std::string name, llvm::orc::ResourceTrackerSP tracker)
      : name_(std::move(name)), tracker_(std::move(tracker)) {}
  LoadedCode(const LoadedCode&) = delete;
  LoadedCode& operator=(const LoadedCode&) = delete;
  ~LoadedCode();

 private:
  std::string name_;
  llvm::orc::ResourceTrackerSP tracker_;
};

/// A callable compiled kernel. Move-only; the JitSession that made it must outlive it.
class Kernel {
 public:
  using ArgvFunction = int (*)(void** args);

  Kernel() = default;
  /// `pool` runs the kernel's parallel loops where its session installed
  /// SpinningThreadPool::do_par_for (null there: they run serially); null where the session
  /// left them to Halide's pool.
  Kernel(std::string name, std::shared_ptr<LoadedCode> code, ArgvFunction function,
         std::shared_ptr<SpinningThreadPool> pool)
      : name_(std::move(name)),
        code_(std::move(code)),
        function_(function),
        pool_(std::move(pool)) {}
  Kernel(Kernel&& other) noexcept { *this = std::move(other); }
  Kernel& operator=(Kernel&& other) noexcept;
  Kernel(const Kernel&) = delete;
  Kernel& operator=(const Kernel&) = delete;
  ~Kernel() = default;

  /// Runs the pipeline. `buffers` holds one halide_buffer_t* per pipeline argument in the
  /// order of ScheduledPipeline::arguments, followed by the output. Returns Halide's error code
  /// (0 on success).
  int run(halide_buffer_t* const* buffers, int count) const;

  /// Runs a pipeline with scalar parameters: `args` holds one entry per argument of the
  /// generated function in order (a halide_buffer_t* for a buffer, a pointer to the value for
  /// a scalar), then the output buffer. Returns Halide's error code (0 on success).
  int run_args(void** args) const {
    SpinningThreadPool::Use use(pool_.get());
    return function_(args);
  }

  const std::string& name() const { return name_; }
  bool valid() const { return function_ != nullptr; }
  /// The loaded code this kernel holds (shared by kernels of one cache key) and its entry.
  const std::shared_ptr<LoadedCode>& code() const { return code_; }
  ArgvFunction function() const { return function_; }

 private:
  std::string name_;
  std::shared_ptr<LoadedCode> code_;
  ArgvFunction function_ = nullptr;
  std::shared_ptr<SpinningThreadPool> pool_;
};

}  // namespace kf
