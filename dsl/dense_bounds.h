// Shape-specialised kernels: the fixed bounds and strides of a dense tensor, declared on a
// pipeline argument so that Halide drops the dynamic bounds arithmetic.
#pragma once

#include <Halide.h>

#include <cstdint>
#include <vector>

namespace kf {

/// Declares `p` dense with `shape` (outermost first; Halide's dims are innermost first): dim d
/// has min 0, extent shape[size - 1 - d] and the stride of a dense tensor.
void constrain_dense(Halide::OutputImageParam p, const std::vector<int64_t>& shape);

}  // namespace kf
