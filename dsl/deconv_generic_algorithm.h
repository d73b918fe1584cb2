// The shape-agnostic transposed convolution: one Halide algorithm whose sizes, strides,
// padding, dilation, groups, bias and ReLU are run-time values, the fallback of an emitted
// library's deconv dispatch for shapes that were not tuned. The tuned algorithm
// (dsl/deconv_algorithm.h) decomposes the output into stride^rank sub-pixel phases whose count
// and taps are fixed at generation time, so it cannot take a run-time stride; this one states
// the same definition (deconv_reference) in gather form instead:
//   out[o] = bias + sum over channels c of o's group and taps t with
//            (o + pad_begin - t * dilation) = i * stride, 0 <= i < in, of input[i][c] * w[c][t]
// (the RDom's where() keeps only the taps that land on an input pixel).
//
// Tensors have three spatial dims: 1-D and 2-D passes give extent 1 for the outer absent ones.
// Halide dims, innermost first:
//   NDHWC activations (c, w, h, d, n); NCDHW (w, h, d, c, n)
//   PyTorch weights [ic][oc/g][kd][kh][kw] -> (kw, kh, kd, ocg, ic)
//   TensorFlow weights [kd][kh][kw][oc][ic] -> (ic, oc, kw, kh, kd)  (groups 1)
#pragma once

#include <Halide.h>

#include <vector>

#include "dsl/deconv_desc.h"

namespace kf {

struct GenericDeconvAlgorithm {
  Layout layout = Layout::kNHWC;
  DeconvWeights weight_layout = DeconvWeights::kPyTorch;
  Halide::ImageParam input, weights;
  /// Always an argument; read only when has_bias (a buffer of one element will do then).
  Halide::ImageParam bias;
  /// Spatial parameters, innermost first (w, h, d); dilation 1 = dense; pad = pad_begin.
  std::vector<Halide::Param<int32_t>> stride, dilation, pad;
  Halide::Param<int32_t> groups{"generic_deconv_groups", 1};
  Halide::Param<bool> has_bias{"generic_deconv_has_bias", false};
  Halide::Param<bool> relu{"generic_deconv_relu", false};

  Halide::Var k{"gdk"}, n{"gdn"};
  std::vector<Halide::Var> spatial;  ///< output spatial vars, innermost first (w, h, d)
  std::vector<Halide::Var> args;     ///< argument order of `accumulate` and `output`
  Halide::Func accumulate;           ///< bias (or zero), then the reduction
  Halide::Func output;               ///< ReLU or not
  Halide::RDom reduction;            ///< (channel within group, kw, kh, kd), where-filtered

  /// input, weights, bias, stride w/h/d, dilation w/h/d, pad w/h/d, groups, has_bias, relu.
  std::vector<Halide::Argument> arguments() const;
};

/// Declares the shape-agnostic transposed convolution for activations in `layout` and weights
/// in `weight_layout`.
GenericDeconvAlgorithm make_generic_deconv_algorithm(Layout layout, DeconvWeights weight_layout);

/// The 5-D shapes (three spatial dims), outermost first, under which `desc`'s input, weights and
/// output are passed to the generic kernel: extent-1 dims for the absent outer spatial dims.
std::vector<int64_t> generic_deconv_input_shape(const DeconvDesc& desc);
std::vector<int64_t> generic_deconv_weight_shape(const DeconvDesc& desc);
std::vector<int64_t> generic_deconv_output_shape(const DeconvDesc& desc);

}  // namespace kf
