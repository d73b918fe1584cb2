// XNNPACK as an independent second opinion: for a sample of every shared benchdnn list (conv,
// deconv, softmax) at mb1, the XNNPACK peers' outputs must agree with our naive reference, which
// checks the peers' weight conversions, padding and output-size mapping and thread pools. Where
// XNNPACK cannot run a workload (NCHW, 3D, softmax over a strided axis) the peer must say so
// instead of computing something else.
#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <string>
#include <vector>

#include "autotune/problem.h"
#include "bench/peers/xnnpack_conv.h"
#include "bench/peers/xnnpack_deconv.h"
#include "bench/peers/xnnpack_softmax.h"
#include "dsl/conv_desc.h"
#include "dsl/deconv_desc.h"
#include "dsl/softmax_desc.h"

namespace kf {
namespace xnnpack_test {

/// The `count` cheapest workloads (by FLOPs) of a shared list of `op` at mb1, of those that
/// `keep` accepts.
template <typename Desc>
std::vector<Desc> cheapest(
    const std::string& op, const std::string& file, size_t count,
    const std::function<bool(const Desc&)>& keep = [](const Desc&) { return true; }) {
  std::vector<Desc> all;
  for (const OpEntry& entry :
       parse_op_list(op, std::string(KF_SHAPES_DIR) + "/" + op + "/" + file, 1)) {
    const Desc& desc = static_cast<const Desc&>(*entry.desc);
    if (keep(desc)) all.push_back(desc);
  }
  std::stable_sort(all.begin(), all.end(),
                   [](const Desc& a, const Desc& b) { return a.flops() < b.flops(); });
  all.resize(std::min(count, all.size()));
  return all;
}

/// Creates the XNNPACK peer of `desc` with `threads` threads and expects it to exist and to
/// agree with the reference.
template <typename Desc>
void expect_agrees(const Desc& desc, int threads) {
  SCOPED_TRACE(desc.to_string() + " threads " + std::to_string(threads));
  Problem problem(desc);
  peers::XnnpackSetup setup = peers::create_xnnpack_peer(desc, problem, threads);
  ASSERT_NE(setup.peer, nullptr) << setup.unsupported;
  EXPECT_TRUE(setup.unsupported.empty());
  EXPECT_LE(setup.peer->check(), problem.tolerance()) << "XNNPACK disagrees with the reference";
}

/// Expects XNNPACK to refuse `desc` with a reason that contains `reason_part`.
template <typename Desc>
void expect_unsupported(const Desc& desc, const std::string& reason_part) {
  SCOPED_TRACE(desc.to_string());
  Problem problem(desc);
  peers::XnnpackSetup setup = peers::create_xnnpack_peer(desc, problem, 1);
  EXPECT_EQ(setup.peer, nullptr);
  EXPECT_NE(setup.unsupported.find(reason_part), std::string::npos) << setup.unsupported;
}

// --- convolution ---------------------------------------------------------------------------

class XnnpackConvAgreement : public ::testing::TestWithParam<std::string> {};

TEST_P(XnnpackConvAgreement, MatchesReferenceInNhwc) {
  // XNNPACK has 1D (as 2D) and 2D convolution; shapes_dilated mixes in 3D layers.
  const std::vector<ConvDesc> sample = cheapest<ConvDesc>(
      "conv", GetParam(), 3, [](const ConvDesc& d) { return d.spatial_rank <= 2; });
  ASSERT_FALSE(sample.empty());
  for (size_t i = 0; i < sample.size(); ++i) {
    ConvDesc desc = sample[i];
    desc.layout = Layout::kNHWC;
    desc.bias = i % 2 == 0;
    desc.activation = i % 3 == 1   ? Activation::kRelu
                      : i % 3 == 2 ? Activation::kClamp
                                   : Activation::kNone;
    desc.clamp_min = -0.5f;  // tight bounds, so that clamping bites on random data
    desc.clamp_max = 0.5f;
    EXPECT_FALSE(peers::xnnpack_conv_unsupported(desc).has_value());
    expect_agrees(desc, 1 + static_cast<int>(i % 2));
  }
}

INSTANTIATE_TEST_SUITE_P(SharedLists, XnnpackConvAgreement,
                         ::testing::Values("shapes_1d", "shapes_1d_wavenet", "shapes_basic",
                                           "shapes_dilated", "shapes_mobilenet",
                                           "shapes_mobilenet_dw", "shapes_resnet_50",
                                           "shapes_vgg_11"),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           return info.param.substr(7);
                         });

TEST(XnnpackConv, PaddingEdgeCasesMatchReference) {
  // pad_end -1 (stride 2, the last input row unread), TensorFlow SAME with its extra pixel at
  // the end, asymmetric explicit pads, dilation with stride, and ReLU6 via clamp.
  for (const char* text : {"mb1ic8ih9oc16oh4kh2sh2ph0", "mb1ic8ih8oc8kh3sh2_same",
                           "mb1ic4ih7iw6oc8oh9ow5kh3kw2ph2pw0_bia", "mb1ic8ih13oc8oh5kh3sh2dh1ph1",
                           "g4mb1ic8ih10oc8oh10kh3ph1_clamp0:6"}) {
    expect_agrees(parse_conv(text), 2);
  }
}

TEST(XnnpackConv, RefusesNchwAnd3d) {
  ConvDesc nchw = parse_conv("mb1ic8ih8oc8oh8kh3ph1");
  nchw.layout = Layout::kNCHW;
  expect_unsupported(nchw, "NHWC-only");
  for (const char* file : {"shapes_3d", "shapes_dilated"}) {
    for (const ConvDesc& desc : cheapest<ConvDesc>(
             "conv", file, 2, [](const ConvDesc& d) { return d.spatial_rank == 3; })) {
      expect_unsupported(desc, "3D");
    }
  }
}

// --- transposed convolution ----------------------------------------------------------------

class XnnpackDeconvAgreement : public ::testing::TestWithParam<std::string> {};

TEST_P(XnnpackDeconvAgreement, MatchesReferenceWithBothWeightLayouts) {
  const std::vector<DeconvDesc> sample = cheapest<DeconvDesc>("deconv", GetParam(), 4);
  ASSERT_FALSE(sample.empty());
  for (size_t i = 0; i < sample.size(); ++i) {
    DeconvDesc desc = sample[i];
    desc.layout = Layout::kNHWC;
    desc.weights =
        desc.groups == 1 && i % 2 == 0 ? DeconvWeights::kTensorFlow : DeconvWeights::kPyTorch;
    desc.bias = i % 2 == 1;
    desc.relu = i % 3 == 2;
    expect_agrees(desc, 1 + static_cast<int>(i % 2));
  }
}

INSTANTIATE_TEST_SUITE_P(SharedLists, XnnpackDeconvAgreement,
                         ::testing::Values("shapes_1d", "shapes_2d"),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           return info.param.substr(7);
                         });

TEST(XnnpackDeconv, OutputPaddingAndGroupsMatchReference) {
  // resnet_50:res3a_branch1 cut down (k1 s2, output padding 1 = XNNPACK adjustment 1), a 4x4
  // stride-2 generator layer, grouped PyTorch weights, and deconv2d:1's large crop.
  for (const char* text :
       {"mb1_oc16oh56ow56_ic8ih28iw28_kh1kw1sh2sw2ph0pw0_nhwc_bia",
        "mb1ic16ih4iw4oc8kh4kw4sh2sw2ph1pw1_nhwc_wtf_bia_relu",
        "g2mb1oc16oh9ic24ih9kh5ph2_nhwc_wpt_bia", "mb1ic8ih1iw5oc8oh1ow2kh1kw3ph0pw3dh0dw2_nhwc"}) {
    expect_agrees(parse_deconv(text), 2);
  }
}

TEST(XnnpackDeconv, RefusesOutputPaddingNotBelowTheStride) {
  // Stride 1, dilation 2, output padding 1 (legal in PyTorch: below max(stride, dilation)):
  // XNNPACK's adjustment must be below the stride, and its setup says so.
  const DeconvDesc desc = parse_deconv("mb1ic4ih5oc4oh10kh3dh1ph0_nhwc");
  ASSERT_EQ(desc.pad_end[0], -1);
  expect_unsupported(desc, "xnn_setup_deconvolution2d_nhwc_f32 returned invalid parameter");
}

TEST(XnnpackDeconv, RefusesNchwAnd3d) {
  expect_unsupported(parse_deconv("mb1ic8ih5oc8oh9kh3sh2ph1_nchw"), "NHWC-only");
  expect_unsupported(parse_deconv("mb1ic8ih5iw5id4oc4oh7ow7od6kh3kw3kd3_nhwc"), "3D");
}

// --- softmax -------------------------------------------------------------------------------

class XnnpackSoftmaxAgreement : public ::testing::TestWithParam<std::string> {};

TEST_P(XnnpackSoftmaxAgreement, MatchesReferenceWhenTheAxisIsInnermost) {
  const std::vector<SoftmaxDesc> sample = cheapest<SoftmaxDesc>("softmax", GetParam(), 4);
  ASSERT_FALSE(sample.empty());
  for (size_t i = 0; i < sample.size(); ++i) {
    SoftmaxDesc channels_last = sample[i];  // axis 1 = C, innermost in NHWC memory
    channels_last.layout = Layout::kNHWC;
    expect_agrees(channels_last, 1 + static_cast<int>(i % 2));
    SoftmaxDesc last_axis = sample[i];  // the last logical axis, innermost in NCHW memory
    last_axis.axis = last_axis.rank() - 1;
    expect_agrees(last_axis, 1);
  }
}

INSTANTIATE_TEST_SUITE_P(SharedLists, XnnpackSoftmaxAgreement,
                         ::testing::Values("shapes_2d", "shapes_3d", "shapes_nlp"),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           return info.param.substr(7);
                         });

TEST(XnnpackSoftmax, RefusesAStridedAxisAndAcceptsUnitSpatialDims) {
  expect_unsupported(parse_softmax("1x19x16x16_axis1_nchw"), "innermost axis only");
  expect_unsupported(parse_softmax("2x3x4_axis0_nhwc"), "innermost axis only");
  EXPECT_FALSE(peers::xnnpack_softmax_unsupported(parse_softmax("4x100x1x1_axis1_nchw")));
  expect_agrees(parse_softmax("4x100x1x1_axis1_nchw"), 1);
}

}  // namespace xnnpack_test
}  // namespace kf
