// Non-temporal (streaming) stores for write-once outputs.
//
// A memory-bound kernel whose output is larger than the caches pays three DRAM transfers per
// output line with ordinary stores: the read-for-ownership that brings the line in, and its
// write-back, besides the input's read. A non-temporal store writes the line through
// write-combining buffers without reading it first, so an elementwise kernel moves two lines
// per element instead of three. Halide 14 has no schedule directive for it; this LLVM IR pass
// adds `!nontemporal` to the stores into chosen buffers, after Halide's code generation and
// before machine code generation, in both the JIT and the AOT path.
//
// Halide tags every load and store with type-based alias metadata whose type path names the
// buffer ("Halide buffer" -> <buffer name> -> <buffer>.width<w>.base<b>...), which is how the
// pass finds the output's stores without alias analysis. LLVM lowers a non-temporal vector
// store to MOVNTPS when the store is aligned to its size, and to streaming stores of narrower
// pieces otherwise.
#pragma once

#include <llvm/IR/Module.h>

#include <string>
#include <vector>

namespace kf {

/// Marks every store into one of `buffers` (Halide buffer names: a pipeline output is named
/// after its Func) in `module` as non-temporal. Masked-store intrinsics and stores without
/// Halide's buffer metadata are left alone. Returns the number of stores marked.
int mark_nontemporal_stores(llvm::Module& module, const std::vector<std::string>& buffers);

}  // namespace kf
