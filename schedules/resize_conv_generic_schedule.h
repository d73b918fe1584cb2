// The shape-agnostic resize-convolution of emitted libraries: the upsampling of
// dsl/resize_conv_algorithm.h (`upsample`, with run-time factors and sizes) read by the
// shape-agnostic convolution (dsl/conv_generic_algorithm.h) as its source, scheduled by the
// generic convolution's schedule (the upsampled values computed inline, never stored). Tensors
// have three spatial dims (extent and factor 1 for the absent outer ones); one kernel per
// layout and mode.
#pragma once

#include <Halide.h>

#include <vector>

#include "dsl/conv_generic_algorithm.h"
#include "dsl/resize_conv_desc.h"

namespace kf {

struct GenericResizeConvPipeline {
  Halide::ImageParam input;                     ///< the small input, 5-D, the user's layout
  std::vector<Halide::Param<int32_t>> factors;  ///< per spatial dim, innermost first (w, h, d)
  GenericConvAlgorithm conv;                    ///< the convolution of the upsampled input
  Halide::Pipeline pipeline;

  /// input, the convolution's arguments (weights, bias, stride..., clamp_max), then the factors
  /// w, h, d; Halide appends the output.
  std::vector<Halide::Argument> arguments() const;
};

/// Declares and schedules the generic resize-convolution in `layout` and `mode` for `target`.
GenericResizeConvPipeline make_generic_resize_conv_pipeline(Layout layout, ResizeMode mode,
                                                            const Halide::Target& target);

}  // namespace kf
