// Kernel: one JIT-compiled Halide pipeline living in a JitSession, owned RAII-style. Destroying
// the Kernel removes its code from the JIT (through its own llvm::orc::ResourceTracker).
#pragma once

#include <llvm/ExecutionEngine/Orc/Core.h>

#include <string>

struct halide_buffer_t;

namespace kf {

/// A callable compiled kernel. Move-only; the JitSession that made it must outlive it.
class Kernel {
 public:
  using ArgvFunction = int (*)(void** args);

  Kernel() = default;
  Kernel(std::string name, llvm::orc::ResourceTrackerSP tracker, ArgvFunction function)
      : name_(std::move(name)), tracker_(std::move(tracker)), function_(function) {}
  Kernel(Kernel&& other) noexcept { *this = std::move(other); }
  Kernel& operator=(Kernel&& other) noexcept;
  Kernel(const Kernel&) = delete;
  Kernel& operator=(const Kernel&) = delete;
  ~Kernel();

  /// Runs the pipeline. `buffers` holds one halide_buffer_t* per pipeline argument in the
  /// order of ScheduledConv::arguments, followed by the output. Returns Halide's error code
  /// (0 on success).
  int run(halide_buffer_t* const* buffers, int count) const;

  const std::string& name() const { return name_; }
  bool valid() const { return function_ != nullptr; }

 private:
  void release();

  std::string name_;
  llvm::orc::ResourceTrackerSP tracker_;
  ArgvFunction function_ = nullptr;
};

}  // namespace kf
