// The shape-agnostic convolution: one Halide algorithm whose sizes, strides, padding, dilation,
// groups, bias and activation are run-time values. It is the fallback an emitted library's
// dispatch function calls for shapes that were not tuned (the tuned workloads get kernels
// specialised to their exact shape, dsl/conv_algorithm.h); its results follow the same
// definition as the specialised kernels and conv_reference.
//
// Tensors always have three spatial dims: 1-D and 2-D convolutions pass extent 1 for the outer
// absent ones (an NHWC [N][H][W][C] tensor is the NDHWC [N][1][H][W][C], HWIO weights are DHWIO
// [1][KH][KW][I][O]; likewise NCW/NCHW -> NCDHW and OIW/OIHW -> OIDHW), which moves no data.
// Halide dimensions are innermost first:
//   NDHWC: input(c, w, h, d, n), weights DHWIO -> (k, c, kw, kh, kd), output(k, w, h, d, n)
//   NCDHW: input(w, h, d, c, n), weights OIDHW -> (kw, kh, kd, c, k), output(w, h, d, k, n)
// The output's extents (from its buffer) decide how much is computed; the input is read with
// zero padding outside its extents.
#pragma once

#include <Halide.h>

#include <string>
#include <vector>

#include "dsl/conv_desc.h"

namespace kf {

struct GenericConvAlgorithm {
  Layout layout = Layout::kNHWC;
  Halide::ImageParam input;
  Halide::ImageParam weights;
  /// Always an argument; read only when has_bias (a buffer of one element will do then).
  Halide::ImageParam bias;
  /// Spatial parameters, innermost first (w, h, d); dilation 1 = dense; pad = padding before.
  std::vector<Halide::Param<int32_t>> stride, dilation, pad;
  Halide::Param<int32_t> groups{"generic_groups", 1};
  Halide::Param<bool> has_bias{"generic_has_bias", false};
  /// 0 none, 1 ReLU, 2 clamp to [clamp_min, clamp_max] (Activation's values).
  Halide::Param<int32_t> activation{"generic_activation", 0};
  Halide::Param<float> clamp_min{"generic_clamp_min", 0.0f};
  Halide::Param<float> clamp_max{"generic_clamp_max", 0.0f};

  Halide::Var k{"gk"}, n{"gn"};
  std::vector<Halide::Var> spatial;  ///< output spatial vars, innermost first (w, h, d)
  std::vector<Halide::Var> args;     ///< argument order of `conv` and `output`
  Halide::Func padded;               ///< input, zero outside its spatial extents
  Halide::Func conv;                 ///< accumulator: bias (or zero), then the reduction
  Halide::Func output;               ///< activation(conv)
  Halide::RDom reduction;            ///< (channel within group, kw, kh, kd)

  /// The generated function's arguments before the output: input (when defined), weights, bias,
  /// then the
  /// scalars stride w/h/d, dilation w/h/d, pad w/h/d, groups, has_bias, activation, clamp_min,
  /// clamp_max.
  std::vector<Halide::Argument> arguments() const;
};

/// Declares the shape-agnostic convolution for activations in `layout`.
GenericConvAlgorithm make_generic_conv_algorithm(Layout layout);

/// Declares the same convolution over `source` instead of the input ImageParam: a Func in the
/// input's argument order, read only inside [0, extents[i]) along spatial dim i (innermost
/// first; zero padding outside). The returned `input` is undefined and left out of
/// arguments(); the caller puts the pipeline inputs `source` reads in front.
GenericConvAlgorithm make_generic_conv_algorithm(Layout layout, const Halide::Func& source,
                                                 const std::vector<Halide::Expr>& extents);

/// Spatial dims of every generic (shape-agnostic) activation tensor.
constexpr int kGenericSpatialRank = 3;

/// Halide dimension (innermost first) of the channel dim, and of spatial dim `i` (innermost
/// first), of a generic activation tensor in `layout`.
inline int generic_channel_dim(Layout layout) {
  return layout == Layout::kNHWC ? 0 : kGenericSpatialRank;
}
inline int generic_spatial_dim(Layout layout, int i) { return layout == Layout::kNHWC ? 1 + i : i; }

/// `shape` (outermost first, spatial dims from `first_spatial`) with extent-1 dims inserted for
/// the outer spatial dims a tensor of `rank` spatial dims lacks.
std::vector<int64_t> with_three_spatial_dims(std::vector<int64_t> shape, int rank,
                                             int first_spatial);

/// The 5-D (three spatial dims) shapes, outermost first, under which `desc`'s input, weights
/// and output are passed to the generic convolution: the user's shapes with extent-1 dims
/// inserted for the absent outer spatial dims.
std::vector<int64_t> generic_input_shape(const ConvDesc& desc);
std::vector<int64_t> generic_weight_shape(const ConvDesc& desc);
std::vector<int64_t> generic_output_shape(const ConvDesc& desc);

}  // namespace kf
