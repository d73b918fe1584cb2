// The one schedule of the shape-agnostic convolution (dsl/conv_generic_algorithm.h): it must
// serve any size, so it has no knobs. Vectors run along the contiguous dim (output channels in
// NHWC, output columns in NCHW) with guarded tails; the accumulators of one output row (NHWC:
// all channels of one pixel) live in a small buffer; rows are handed to threads.
#pragma once

#include <Halide.h>

#include "dsl/conv_generic_algorithm.h"

namespace kf {

/// Applies the generic schedule to `algorithm` for `target`.
void schedule_generic_conv(const GenericConvAlgorithm& algorithm, const Halide::Target& target);

/// Declares and schedules the generic convolution in `layout`: the pipeline and its
/// arguments, ready to compile (the output comes last in the generated function).
struct GenericConvPipeline {
  GenericConvAlgorithm algorithm;
  Halide::Pipeline pipeline;
};
GenericConvPipeline make_generic_conv_pipeline(Layout layout, const Halide::Target& target);

}  // namespace kf
