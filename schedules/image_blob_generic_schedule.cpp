// make_generic_image_blob_pipeline: the run-time image_blob algorithm and its one schedule.
#include "schedules/image_blob_generic_schedule.h"

namespace kf {

using Halide::TailStrategy;
using Halide::Var;

GenericImageBlobPipeline make_generic_image_blob_pipeline(BlobLayout layout,
                                                          const Halide::Target& target) {
  // Only the layout of the descriptor reaches the run-time algorithm.
  ImageBlobDesc desc;
  desc.ih = desc.iw = 1;
  desc.layout = layout;
  GenericImageBlobPipeline result{
      make_image_blob_algorithm(desc, "generic_image_blob", ImageBlobSizes::kRunTime),
      Halide::Pipeline()};
  const ImageBlobAlgorithm& a = result.algorithm;
  Halide::Func output = a.output;
  const int lanes = target.natural_vector_size<float>();
  const Var row("generic_row"), rows("generic_rows");
  if (layout == BlobLayout::kNchw) {
    // Output (x, y, c, n): a row is one image row of one channel.
    output.vectorize(a.x, lanes, TailStrategy::GuardWithIf)
        .fuse(a.y, a.c, row)
        .fuse(row, a.n, rows)
        .parallel(rows);
  } else {
    // Output (c, x, y, n): a row is one image row, its channels interleaved.
    output.reorder(a.c, a.x, a.y, a.n)
        .vectorize(a.x, lanes, TailStrategy::GuardWithIf)
        .fuse(a.y, a.n, rows)
        .parallel(rows);
  }
  result.pipeline = Halide::Pipeline(output);
  return result;
}

}  // namespace kf
