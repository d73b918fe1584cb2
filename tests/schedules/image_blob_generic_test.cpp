// The shape-agnostic image pre-processing (schedules/image_blob_generic_schedule.h) against the
// naive reference: one kernel per output layout, compiled once, run on batches and images of odd
// sizes (narrower than a vector too), 1, 3 and 4 channels, with and without the R/B swap, mean
// and std, every constant passed at run time.
#include <HalideBuffer.h>
#include <gtest/gtest.h>

#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include "autotune/problem.h"
#include "dsl/image_blob_desc.h"
#include "jit/jit_session.h"
#include "schedules/image_blob_generic_schedule.h"
#include "tests/support/relative_error.h"
#include "tests/support/shared_jit_session.h"

namespace kf {
namespace image_blob_generic_test {

// Both layouts' kernels, compiled once for the suite and released before the shared session.
class ImageBlobGenericTest : public testing::Test {
 protected:
  static void SetUpTestSuite() {
    JitSession& session = test::shared_session();
    for (const BlobLayout layout : {BlobLayout::kNchw, BlobLayout::kNhwc}) {
      GenericImageBlobPipeline generic =
          make_generic_image_blob_pipeline(layout, session.kernel_target());
      llvm::Expected<Kernel> compiled =
          session.compile(generic.pipeline, generic.algorithm.arguments());
      if (!compiled) {
        ADD_FAILURE() << llvm::toString(compiled.takeError());
        return;
      }
      kernels_[layout == BlobLayout::kNhwc] = std::make_unique<Kernel>(std::move(*compiled));
    }
  }
  static void TearDownTestSuite() {
    for (auto& kernel : kernels_) kernel.reset();
  }

  static inline std::unique_ptr<Kernel> kernels_[2];
};

const char* const kShapes[] = {
    "mb1ih5iw7ic3_scale0.017_mean103.9:116.8:123.7_swaprb",  // ImageNet-style, tiny image
    "mb2ih9iw37ic3_scale0.5_mean1:2:3",                      // batch 2, a vector tail
    "mb1ih3iw3ic1_scale2_mean7",                             // gray
    "mb1ih4iw21ic4_mean10:20:30:40_std2:4:8:16_swaprb",      // BGRA, std, alpha kept
    "mb3ih2iw16ic3",                                         // whole vectors, defaults
};

TEST_F(ImageBlobGenericTest, MatchesTheReferenceOnEveryShapeAndLayout) {
  ASSERT_TRUE(kernels_[0] && kernels_[1]);
  for (const char* text : kShapes) {
    for (const char* layout : {"nchw", "nhwc"}) {
      ImageBlobDesc desc = parse_image_blob(text);
      desc.set_layout(layout);
      const Problem problem(desc, 5);
      std::vector<float> output(problem.reference().size(), NAN);
      const std::vector<int64_t> image_shape = desc.inputs()[0].shape;
      const std::vector<int64_t> out_shape = desc.output().shape;
      Halide::Runtime::Buffer<uint8_t> image(
          const_cast<uint8_t*>(problem.input_u8(0)),
          std::vector<int>(image_shape.rbegin(), image_shape.rend()));
      Halide::Runtime::Buffer<float> out(output.data(),
                                         std::vector<int>(out_shape.rbegin(), out_shape.rend()));
      bool swap = desc.swap_rb;
      float mean[4] = {0, 0, 0, 0}, factor[4] = {1, 1, 1, 1};
      for (int c = 0; c < desc.ic; ++c) {
        mean[c] = static_cast<float>(desc.mean_of(c));
        factor[c] = static_cast<float>(desc.factor_of(c));
      }
      void* args[] = {image.raw_buffer(), &swap,      &mean[0],        &mean[1],
                      &mean[2],           &mean[3],   &factor[0],      &factor[1],
                      &factor[2],         &factor[3], out.raw_buffer()};
      const Kernel& kernel = *kernels_[desc.layout == BlobLayout::kNhwc];
      ASSERT_EQ(kernel.run_args(args), 0) << text << " " << layout;
      EXPECT_LE(test::max_relative_error(problem.reference(), output.data()), problem.tolerance())
          << text << " " << layout;
    }
  }
}

}  // namespace image_blob_generic_test
}  // namespace kf
