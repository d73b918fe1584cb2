// The shape-agnostic softmax of emitted libraries: make_softmax_algorithm with run-time sizes
// over the canonical view (dsl/softmax_desc.h canonical_view): a 3-D tensor (outer, axis,
// inner), which every softmax of any rank, layout and axis is, reshaped without moving data
// (inner = 1 when the axis is contiguous). One compiled kernel serves every shape.
//
// The schedule has no knobs: strips of one vector along the inner dim (guarded tails) are
// reduced over the axis at a time; where the inner dim is 1 the output vectorises along the
// axis instead. Strips and outer rows are handed to threads.
#pragma once

#include <Halide.h>

#include "dsl/softmax_algorithm.h"

namespace kf {

/// The generic softmax, declared and scheduled for `target`: Halide dims (inner, axis, outer),
/// arguments input then output.
struct GenericSoftmaxPipeline {
  SoftmaxAlgorithm algorithm;
  Halide::Pipeline pipeline;
};
GenericSoftmaxPipeline make_generic_softmax_pipeline(const Halide::Target& target);

/// The extents (outer, axis, inner) under which the generic kernel takes `desc`'s tensors.
std::vector<int64_t> generic_softmax_shape(const SoftmaxDesc& desc);

}  // namespace kf
