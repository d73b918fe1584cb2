// Per-op dispatch in emitted libraries: one C function per op family that takes the shape at
// run time, calls the kernel specialised for it when the library has one (a tuned workload),
// and the shape-agnostic kernel otherwise (dsl/conv_generic_algorithm.h). Convolution only for
// now: the other ops have no shape-agnostic algorithm yet, so their libraries keep one function
// per workload.
//
// The header part declares `kf_conv_shape` (guarded, so several libraries' headers can be
// included together), `<name>_conv_generic()` and `<name>_conv()`; the objects part compiles
// the generic kernel for NHWC and NCHW.
#pragma once

#include <Halide.h>
#include <llvm/Support/Error.h>

#include <string>
#include <vector>

#include "jit/emitter.h"

namespace kf {

/// What `<name>_conv()` and `<name>_conv_generic()` return for a shape they cannot compute
/// (a size below 1, groups not dividing the channels, an unknown layout, rank or activation).
constexpr int kDispatchBadShape = -2001;
/// What `<name>_conv()` returns when packing a specialised kernel's weights ran out of memory.
constexpr int kDispatchOutOfMemory = -2002;

/// True when `items` hold a convolution (the library then gets the conv dispatch).
bool has_conv_items(const std::vector<EmitItem>& items);

/// The C declarations and static inline definitions of the conv dispatch for library `name`:
/// placed inside the header's extern "C" block, after the per-workload functions it calls.
/// `packs_weights(item)` says whether a workload's function takes packed weights (it then
/// packs into a temporary buffer on each dispatched call).
std::string conv_dispatch_header(const std::vector<EmitItem>& items, const std::string& name,
                                 const std::vector<bool>& packs_weights);

/// Compiles the generic convolution for NHWC and NCHW into `dir` as objects named
/// `<name>_conv_generic_{nhwc,nchw}.o` for `target` (lowered without the runtime) and appends
/// their paths to `objects`.
llvm::Error write_conv_generic_objects(const Halide::Target& target, const std::string& name,
                                       const std::string& dir, std::vector<std::string>& objects);

}  // namespace kf
