// oneDNN's deconvolution against KernelForge's reference, on a small sample of benchdnn's deconv
// shapes (batch 1, channels and sizes cut down so the test stays fast) in both layouts and both
// weight layouts: it checks the peer's tensor and padding mapping, and the reference against an
// independent implementation.
#include "bench/peers/onednn_deconv.h"

#include <gtest/gtest.h>

#include "autotune/problem.h"
#include "dsl/deconv_desc.h"

namespace kf {
namespace onednn_deconv_test {

class OnednnDeconvTest : public testing::TestWithParam<const char*> {};

TEST_P(OnednnDeconvTest, MatchesReference) {
  const DeconvDesc desc = parse_deconv(GetParam());
  Problem problem(desc);
  std::unique_ptr<peers::OnednnDeconv> deconv = peers::OnednnDeconv::create(desc, problem, 1);
  ASSERT_NE(deconv, nullptr) << to_string(desc);
  EXPECT_LE(deconv->check(), problem.tolerance())
      << to_string(desc) << " " << deconv->implementation();
}

INSTANTIATE_TEST_SUITE_P(
    Shapes, OnednnDeconvTest,
    testing::Values(
        // deconv1d:1 and deconv2d:1/2 as in benchdnn (dilation 3, large left pad, pad_end 6).
        "mb1ic8iw5oc8ow2kw3pw3dw2_nchw", "mb1ic8ih1iw5oc8oh1ow2kh1kw3ph0pw3dh0dw2_nhwc",
        "mb1ic8ih5iw1oc8oh2ow1kh3kw1ph3pw0dh2dw0_nchw_wtf",
        // resnet_50:res3a_branch1 (k1 s2, output padding 1), channels cut.
        "mb1_oc32oh56ow56_ic16ih28iw28_kh1kw1sh2sw2ph0pw0_nhwc_bia",
        // googlenet conv1/7x7_s2 (k7 s2 p3), sizes cut; alexnet:deconv2 (groups), cut.
        "mb1ic16ih12iw12oc3oh24ow24kh7kw7sh2sw2ph3pw3_nchw_relu",
        "g2mb1oc16oh9ic24ih9kh5ph2_nhwc_bia", "g2mb1oc16oh9ic24ih9kh5ph2_nchw_relu",
        // unet_3d:deconv8, cut; a 4x4 stride-2 generator layer with TensorFlow weights.
        "mb1ic8ih5iw5id4oc4oh7ow7od6kh3kw3kd3_nhwc",
        "mb1ic32ih4iw4oc16kh4kw4sh2sw2ph1pw1_nhwc_wtf_bia_relu"));

// deconvolution_winograd, the peer's second algorithm (the bench and `kforge tune` compare with
// the faster of the two): on a 3x3 stride-1 layer (googlenet inception_3a/3x3, channels cut) it
// exists on this machine's AVX-512 and matches the reference within Winograd F(4x4,3x3)'s
// error, which is larger than the op's f32 bound.
TEST(OnednnDeconvWinogradTest, MatchesReferenceOnA3x3StrideOneLayer) {
  const DeconvDesc desc = parse_deconv("mb1ic32ih14iw14oc16kh3kw3ph1pw1_nhwc_bia");
  ASSERT_TRUE(peers::onednn_deconv_implementation(desc, 1, peers::OnednnAlgorithm::kWinograd));
  Problem problem(desc);
  std::unique_ptr<peers::OnednnDeconv> deconv =
      peers::OnednnDeconv::create(desc, problem, 1, peers::OnednnAlgorithm::kWinograd);
  ASSERT_NE(deconv, nullptr);
  EXPECT_NE(deconv->implementation().find("wino"), std::string::npos) << deconv->implementation();
  EXPECT_LE(deconv->check(), 1e-3) << deconv->implementation();
  // Strided layers have no Winograd deconvolution.
  EXPECT_FALSE(
      peers::onednn_deconv_implementation(parse_deconv("mb1ic32ih7iw7oc16kh4kw4sh2sw2ph1pw1_nhwc"),
                                          1, peers::OnednnAlgorithm::kWinograd));
}

}  // namespace onednn_deconv_test
}  // namespace kf
