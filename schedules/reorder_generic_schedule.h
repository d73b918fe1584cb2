// The shape-agnostic layout conversion of emitted libraries: make_reorder_algorithm with
// run-time sizes over the 1-D view of the tensors (the spatial dims of every layout are adjacent
// in memory, so {N, C, D, H, W} is {N, C, D*H*W} and so on), one kernel per (source,
// destination) layout pair for every rank and size.
//
// The schedule has no knobs: vectors along the destination's contiguous dim (guarded tails),
// its two outermost dims fused into rows handed to threads.
#pragma once

#include <Halide.h>

#include "dsl/reorder_algorithm.h"

namespace kf {

/// The generic reorder from `src` to `dst`, declared and scheduled for `target`; arguments
/// input, channels, then the output.
struct GenericReorderPipeline {
  ReorderAlgorithm algorithm;
  Halide::Pipeline pipeline;
};
GenericReorderPipeline make_generic_reorder_pipeline(ReorderLayout src, ReorderLayout dst,
                                                     const Halide::Target& target);

/// `desc` with its spatial dims fused into one (spatial rank 1): the view under which the
/// generic kernel takes its tensors.
ReorderDesc flattened_view(const ReorderDesc& desc);

}  // namespace kf
