// The one schedule of the shape-agnostic transposed convolution (dsl/deconv_generic_algorithm.h):
// it must serve any size and stride, so it has no knobs. Vectors run along the output channels
// (NHWC) or the output columns (NCHW) with guarded tails; the accumulators of one output row
// live in a small buffer; rows are handed to threads.
#pragma once

#include <Halide.h>

#include "dsl/deconv_generic_algorithm.h"

namespace kf {

/// The generic transposed convolution for activations in `layout` and weights in
/// `weight_layout`, declared and scheduled for `target`: arguments as
/// GenericDeconvAlgorithm::arguments(), then the output.
struct GenericDeconvPipeline {
  GenericDeconvAlgorithm algorithm;
  Halide::Pipeline pipeline;
};
GenericDeconvPipeline make_generic_deconv_pipeline(Layout layout, DeconvWeights weight_layout,
                                                   const Halide::Target& target);

}  // namespace kf
