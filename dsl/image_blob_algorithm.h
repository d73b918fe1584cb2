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

  /// With run-time sizes (ImageBlobSizes::kRunTime) the per-shape constants are parameters:
  /// swap_rb, then mean and factor (scale / std) of channels 0..3 (channels past the image's
  /// are never read). Undefined with fixed sizes.
  Halide::Param<bool> swap_rb{"image_blob_swap_rb", false};
  std::vector<Halide::Param<float>> means, factors;

  /// The pipeline's arguments: the image, then (run-time sizes) swap_rb, mean[0..3] and
  /// factor[0..3].
  std::vector<Halide::Argument> arguments() const;
};

/// Where the algorithm's sizes and constants come from: the descriptor (tuned kernels: dense
/// buffers of its shape, constants folded) or the buffers and parameters at run time (the
/// shape-agnostic kernel of emitted libraries: one per output layout, for 1 to 4 channels).
enum class ImageBlobSizes { kFixed, kRunTime };

/// Declares the op described by `desc` (which must be valid); `prefix` names every Func and the
/// image parameter.
ImageBlobAlgorithm make_image_blob_algorithm(const ImageBlobDesc& desc,
                                             const std::string& prefix = "image_blob",
                                             ImageBlobSizes sizes = ImageBlobSizes::kFixed);

}  // namespace kf
