// The Halide algorithm of image pre-processing (dsl/image_blob_desc.h): a u8 NHWC image batch to
// an f32 blob with mean subtraction, scale (and std) and the optional R/B swap. It calls no
// scheduling directive; schedules/image_blob_* decide how.
#pragma once

#include <Halide.h>

#include <string>
#include <vector>

#include "dsl/image_blob_desc.h"

namespace kf {

/// Handles of one image_blob algorithm. Halide dims are innermost first:
///   image (u8)         (c, x, y, n)
///   output NCHW (f32)  (x, y, c, n)
///   output NHWC (f32)  (c, x, y, n)
/// Both buffers are constrained to the descriptor's dense shape, so the image's pixel stride is
/// the constant ic and a vector of x reads a constant-stride run that Halide deinterleaves with
/// shuffles.
struct ImageBlobAlgorithm {
  ImageBlobDesc desc;
  Halide::ImageParam image;
  Halide::Var c, x, y, n;
  /// Argument order of `output` (see above).
  std::vector<Halide::Var> args;
  /// output(args) = (float(image(s(c), x, y, n)) - mean[c]) * factor[c], the per-channel constants
  /// selected from the channel (and folded away when the channel loop is unrolled).
  Halide::Func output;

  std::vector<Halide::Argument> arguments() const { return {image}; }
};

/// Declares the op described by `desc` (which must be valid); `prefix` names every Func and the
/// image parameter.
ImageBlobAlgorithm make_image_blob_algorithm(const ImageBlobDesc& desc,
                                             const std::string& prefix = "image_blob");

}  // namespace kf
