// The shape-agnostic image pre-processing of emitted libraries: make_image_blob_algorithm with
// run-time sizes and constants (swap_rb, per-channel mean and scale / std as parameters), one
// kernel per output layout, for any batch, image size and 1 to 4 channels.
//
// The schedule has no knobs: vectors along the image columns (guarded tails), rows of the
// output (NCHW: one channel of one image row; NHWC: one image row) handed to threads.
#pragma once

#include <Halide.h>

#include "dsl/image_blob_algorithm.h"

namespace kf {

/// The generic image_blob for `layout`, declared and scheduled for `target`; arguments as
/// ImageBlobAlgorithm::arguments() (run-time sizes), then the output.
struct GenericImageBlobPipeline {
  ImageBlobAlgorithm algorithm;
  Halide::Pipeline pipeline;
};
GenericImageBlobPipeline make_generic_image_blob_pipeline(BlobLayout layout,
                                                          const Halide::Target& target);

}  // namespace kf
