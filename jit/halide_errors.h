// The one place where Halide's exceptions become llvm::Error: lowering a Halide module and
// generating LLVM IR for it.
#pragma once

#include <Halide.h>
#include <llvm/IR/Module.h>
#include <llvm/Support/Error.h>

#include <functional>
#include <memory>

namespace kf {

/// Builds a Halide module with `make_module` (typically Pipeline::compile_to_module, which
/// lowers) and generates LLVM IR for it in `context`. Any Halide error (including a user schedule
/// Halide rejects) is returned as an llvm::StringError carrying Halide's message.
llvm::Expected<std::unique_ptr<llvm::Module>> lower_to_llvm(
    const std::function<Halide::Module()>& make_module, llvm::LLVMContext& context);

/// Runs `action` (any Halide call that may throw) and turns a Halide error into llvm::Error.
llvm::Error catch_halide_errors(const std::function<void()>& action);

}  // namespace kf
