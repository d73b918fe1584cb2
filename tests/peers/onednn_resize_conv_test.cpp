// oneDNN's resampling + convolution against KernelForge's resize-conv reference: it checks the
// peer's tensor mapping and that oneDNN's nearest and linear resampling follow the same rule as
// PyTorch's align_corners=False (half-pixel centres, source index clamped into the input), for
// factors 2 and 3, 1D/2D/3D, both layouts, groups, bias and activations.
#include "bench/peers/onednn_resize_conv.h"

#include <gtest/gtest.h>

#include "autotune/problem.h"
#include "dsl/resize_conv_desc.h"

namespace kf {
namespace onednn_resize_conv_test {

class OnednnResizeConvTest : public testing::TestWithParam<const char*> {};

TEST_P(OnednnResizeConvTest, MatchesReference) {
  const ResizeConvDesc desc = parse_resize_conv(GetParam());
  Problem problem(desc);
  std::unique_ptr<peers::OnednnResizeConv> peer = peers::OnednnResizeConv::create(desc, problem, 1);
  ASSERT_NE(peer, nullptr) << to_string(desc);
  EXPECT_LE(peer->check(), problem.tolerance()) << to_string(desc) << " " << peer->implementation();
}

INSTANTIATE_TEST_SUITE_P(
    Shapes, OnednnResizeConvTest,
    testing::Values("mb1ic16ih7iw5oc16kh3kw3ph1pw1_up2_nearest_nhwc_bia",
                    "mb1ic16ih7iw5oc16kh3kw3ph1pw1_up2_bilinear_nhwc_bia",
                    "mb1ic5ih4iw6oc7kh3kw3ph1pw1_up3_bilinear_nchw_relu",
                    "mb1ic5ih4iw6oc7kh3kw3ph1pw1_up3_nearest_nchw",
                    "mb2ic3iw9oc4kw5pw2_up2_linear_nhwc_clamp-0.5:0.5",
                    "g2mb1ic8ih5iw5oc6kh3kw3sh2sw2ph1pw1_up2_bilinear_nhwc",
                    "g2mb1ic8ih5iw5oc6kh3kw3sh2sw2ph1pw1_up3_bilinear_nchw_bia",
                    "mb1ic4id3ih3iw4oc4kd3kh3kw3pd1ph1pw1_up2_bilinear_nhwc"));

}  // namespace onednn_resize_conv_test
}  // namespace kf
