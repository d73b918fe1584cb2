// The Halide algorithm of resize-convolution: the upsampling (nearest or multilinear, see
// dsl/resize_conv_desc.h) is a Func read by the rank-generic convolution algorithm
// (dsl/conv_algorithm.h), so the two fuse into one pipeline and no upsampled tensor exists unless
// a schedule chooses to store a tile of it. No scheduling directive is called here.
#pragma once

#include <Halide.h>

#include <string>
#include <vector>

#include "dsl/conv_algorithm.h"
#include "dsl/resize_conv_desc.h"

namespace kf {

/// Handles of one resize-convolution's algorithm. Halide dims are innermost first, in the
/// argument order of ConvAlgorithm::input for the user's layout:
///   NHWC: input(c, w, h, n), upsampled(c, u_w, u_h, n), output(k, w, h, n)
///   NCHW: input(w, h, c, n), upsampled(u_w, u_h, c, n), output(w, h, k, n)
struct ResizeConvAlgorithm {
  ResizeConvDesc desc;
  /// The small input, dense, in the user's layout.
  Halide::ImageParam input;
  /// Argument order of `upsampled`.
  std::vector<Halide::Var> upsampled_args;
  /// The upsampled tensor, defined (reads inside the input) on its bounds [0, in * factor) per
  /// spatial dim; outside them only conv.padded reads it, through its zero boundary.
  Halide::Func upsampled;
  /// The convolution of `upsampled`: conv.padded is `upsampled` with the conv's zero padding,
  /// conv.output is the pipeline output. conv.input is undefined.
  ConvAlgorithm conv;

  /// Pipeline arguments: input, weights, [bias]; Halide appends the output.
  std::vector<Halide::Argument> arguments() const;
};

/// The upsampling of `input` (an activation tensor in `layout` with `rank` spatial dims) by
/// `mode`, defined over `args` (the input's argument order with upsampled spatial vars): per
/// spatial dim i (innermost first) by factors[i] from a small size of small[i]. Constant or
/// run-time factors and sizes alike; the one definition of both the tuned and the generic
/// resize-convolution.
Halide::Func upsample(const Halide::ImageParam& input, Layout layout, int rank, ResizeMode mode,
                      const std::vector<Halide::Expr>& factors,
                      const std::vector<Halide::Expr>& small, const std::vector<Halide::Var>& args,
                      const std::string& name);

/// Declares the resize-convolution described by `desc` (which must be valid). `prefix` names
/// every Func.
ResizeConvAlgorithm make_resize_conv_algorithm(const ResizeConvDesc& desc,
                                               const std::string& prefix = "resize_conv");

}  // namespace kf
