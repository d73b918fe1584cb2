// Conversion of Halide exceptions into llvm::Error (the only catch of Halide::Error).
#include "jit/halide_errors.h"

#include <string>

namespace kf {

llvm::Error catch_halide_errors(const std::function<void()>& action) {
  try {
    action();
    return llvm::Error::success();
  } catch (const Halide::Error& error) {
    return llvm::make_error<llvm::StringError>(std::string("Halide: ") + error.what(),
                                               llvm::inconvertibleErrorCode());
  }
}

llvm::Expected<std::unique_ptr<llvm::Module>> lower_to_llvm(
    const std::function<Halide::Module()>& make_module, llvm::LLVMContext& context) {
  std::unique_ptr<llvm::Module> result;
  if (llvm::Error error = catch_halide_errors(
          [&] { result = Halide::compile_module_to_llvm_module(make_module(), context); })) {
    return std::move(error);
  }
  return std::move(result);
}

}  // namespace kf
