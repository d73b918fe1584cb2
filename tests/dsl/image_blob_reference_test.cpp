// The image_blob reference against hand-worked values of OpenCV's blobFromImage semantics: mean
// subtracted (given in output channel order, i.e. after the swap), then scaled; R and B swapped
// for 3 and 4 channels with alpha kept in place; NCHW and NHWC outputs; PyTorch-style std.
#include <gtest/gtest.h>

#include <vector>

#include "dsl/image_blob_desc.h"

namespace kf {
namespace image_blob_reference_test {

std::vector<float> run(const std::string& text, const std::vector<uint8_t>& image) {
  const ImageBlobDesc d = parse_image_blob(text);
  std::vector<float> out(d.mb * d.ih * d.iw * d.ic, -12345.0f);
  image_blob_reference(d, image.data(), out.data());
  return out;
}

// Two BGR pixels in a row: (B, G, R) = (10, 20, 30) and (200, 100, 50).
const std::vector<uint8_t> kTwoPixels = {10, 20, 30, 200, 100, 50};

TEST(ImageBlobReference, SwapTakesTheMeanInRgbOrder) {
  // OpenCV: blobFromImage(img, 0.5, Size(), Scalar(1, 2, 3), swapRB=true): mean (R, G, B).
  // NCHW planes R, G, B of two pixels each.
  EXPECT_EQ(run("ih1iw2ic3_scale0.5_mean1:2:3_swaprb", kTwoPixels),
            (std::vector<float>{0.5f * (30 - 1), 0.5f * (50 - 1),      // R - mean[0]
                                0.5f * (20 - 2), 0.5f * (100 - 2),     // G - mean[1]
                                0.5f * (10 - 3), 0.5f * (200 - 3)}));  // B - mean[2]
  EXPECT_EQ(run("ih1iw2ic3_scale0.5_mean1:2:3_swaprb", kTwoPixels),
            (std::vector<float>{14.5f, 24.5f, 9.0f, 49.0f, 3.5f, 98.5f}));
}

TEST(ImageBlobReference, NoSwapKeepsBgrAndItsMeanOrder) {
  EXPECT_EQ(run("ih1iw2ic3_scale0.5_mean1:2:3", kTwoPixels),
            (std::vector<float>{4.5f, 99.5f, 9.0f, 49.0f, 13.5f, 23.5f}));
}

TEST(ImageBlobReference, SubtractsBeforeScaling) {
  // scale * (x - mean), not scale * x - mean: 2 * (10 - 4) = 12 (the other order gives 16).
  EXPECT_EQ(run("ih1iw1ic1_scale2_mean4", {10}), (std::vector<float>{12.0f}));
}

TEST(ImageBlobReference, FourChannelsKeepAlphaInPlace) {
  // BGRA (1, 2, 3, 4) swapped: R, G, B, A = (3, 2, 1, 4), minus mean (0, 0, 0, 1).
  EXPECT_EQ(run("ih1iw1ic4_mean0:0:0:1_swaprb", {1, 2, 3, 4}),
            (std::vector<float>{3.0f, 2.0f, 1.0f, 3.0f}));
}

TEST(ImageBlobReference, NhwcOutputKeepsPixelsInterleaved) {
  EXPECT_EQ(run("ih1iw2ic3_scale0.5_mean1:2:3_swaprb_nhwc", kTwoPixels),
            (std::vector<float>{14.5f, 9.0f, 3.5f, 24.5f, 49.0f, 98.5f}));
}

TEST(ImageBlobReference, StdDividesAfterScaling) {
  // PyTorch Normalize on ToTensor's [0, 1]: (x / 255 - 0.5) / 0.25 with scale 1/255, mean
  // 127.5 (255 * 0.5), std 0.25: (255 - 127.5) / 255 / 0.25 = 2.
  EXPECT_FLOAT_EQ(run("ih1iw1ic1_scale0.00392156862745098_mean127.5_std0.25", {255})[0], 2.0f);
}

TEST(ImageBlobReference, BatchesAndRowsAreIndependentImages) {
  // mb2, 1x1 gray: out[n] = in[n] - 1.
  EXPECT_EQ(run("mb2ih1iw1ic1_mean1", {7, 9}), (std::vector<float>{6.0f, 8.0f}));
  // ih2 iw1 gray NCHW: rows stay rows.
  EXPECT_EQ(run("ih2iw1ic1_scale3", {1, 2}), (std::vector<float>{3.0f, 6.0f}));
}

TEST(ImageBlobReference, OpDescReferenceMatchesTheU8Reference) {
  // The generic entry point receives the image as exact floats (Problem's path).
  const ImageBlobDesc d = parse_image_blob("ih1iw2ic3_scale0.5_mean1:2:3_swaprb");
  const std::vector<float> as_float(kTwoPixels.begin(), kTwoPixels.end());
  std::vector<float> out(6);
  d.reference({as_float.data()}, out.data());
  EXPECT_EQ(out, run(d.to_string(), kTwoPixels));
}

}  // namespace image_blob_reference_test
}  // namespace kf
