// Kernel: calling convention and unloading of a JIT-compiled pipeline.
#include "jit/kernel.h"

#include <llvm/Support/raw_ostream.h>

#include <vector>

namespace kf {

LoadedCode::~LoadedCode() {
  if (!tracker_) return;
  if (llvm::Error error = tracker_->remove()) {
    // A destructor reports and carries on: the JIT keeps the code until the session ends.
    llvm::logAllUnhandledErrors(std::move(error), llvm::errs(),
                                "kforge: unloading kernel " + name_ + ": ");
  }
}

Kernel& Kernel::operator=(Kernel&& other) noexcept {
  if (this != &other) {
    name_ = std::move(other.name_);
    code_ = std::move(other.code_);
    function_ = other.function_;
    other.function_ = nullptr;
    pool_ = std::move(other.pool_);
  }
  return *this;
}

int Kernel::run(halide_buffer_t* const* buffers, int count) const {
  // Halide's argv entry point takes pointers to each argument; buffer arguments are passed as
  // the halide_buffer_t* itself.
  std::vector<void*> argv(buffers, buffers + count);
  return run_args(argv.data());
}

}  // namespace kf
