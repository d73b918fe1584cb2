// The nChw16c templates (schedules/conv_direct_nchw16c.cpp): declared-blocked convolutions
// (conv_direct_nchw16c) and NCHW convolutions computed on blocks (conv_nchw_via_nchw16c), against
// the reference on shapes of every rank with channel counts that leave partial blocks, stride,
// dilation, groups, depthwise, bias and activations (a clamp above zero, whose padded lanes must
// still be written as zero); baseline and sampled configs. Then two blocked layers chained
// without conversions against the NCHW reference chain, and the templates' place in the
// registry.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "autotune/problem.h"
#include "autotune/tuner.h"
#include "dsl/conv_desc.h"
#include "dsl/conv_reference.h"
#include "dsl/reorder_desc.h"
#include "schedules/op_template.h"
#include "tests/support/check_config.h"
#include "tests/support/shared_jit_session.h"

namespace kf {
namespace conv_blocked_test {

constexpr int kRandomConfigs = 2;

std::string test_name(const testing::TestParamInfo<const char*>& info) {
  std::string name;
  for (const char* p = info.param; *p; ++p) name += std::isalnum(*p) ? *p : '_';
  return name;
}

void check_baseline_and_samples(const ConvDesc& desc, const char* template_name) {
  const Template* tmpl = find_template(template_name);
  ASSERT_NE(tmpl, nullptr) << template_name;
  ASSERT_TRUE(tmpl->applicable(desc)) << desc.to_string();
  const Halide::Target& target = test::shared_session().kernel_target();
  const uint64_t seed = std::hash<std::string>()(desc.to_string());
  test::check_config(desc, *tmpl, tmpl->baseline(desc, target), seed);
  std::mt19937_64 rng(seed);
  const KnobSpace space = tmpl->knob_space(desc, target);
  for (int i = 0; i < kRandomConfigs; ++i) test::check_config(desc, *tmpl, space.sample(rng), seed);
}

class ConvBlockedTemplateTest : public testing::TestWithParam<const char*> {};

TEST_P(ConvBlockedTemplateTest, BaselineAndSampledConfigsMatchTheReference) {
  const ConvDesc desc = parse_conv(GetParam());
  ASSERT_EQ(desc.layout, Layout::kNCHW16c);
  check_baseline_and_samples(desc, "conv_direct_nchw16c");
}

INSTANTIATE_TEST_SUITE_P(Shapes, ConvBlockedTemplateTest,
                         testing::Values("mb1ic7ih9iw11oc19kh3kw3ph1pw1_nchw16c",
                                         "mb2ic32ih10iw9oc48kh3kw3sh2sw2ph1pw1_nchw16c_bia",
                                         "mb1ic20ih6iw7oc21kh3kw3ph1pw1_nchw16c_bia_clamp0.5:6",
                                         "g2mb1ic6ih7iw5oc32kh3kw1ph1pw0_nchw16c_bia_relu",
                                         "g32mb1ic32ih9iw9oc32kh3kw3ph1pw1_nchw16c_relu",
                                         "mb1ic16ih11oc16kh3dh1ph2_nchw16c",
                                         "mb2ic5iw23oc7kw5sw3pw2_nchw16c_bia",
                                         "mb1ic3id5ih6iw7oc17kd3kh3kw3pd1ph0pw1_nchw16c_relu",
                                         "mb1ic64ih1iw1oc33kh1kw1_nchw16c"),
                         test_name);

class ConvNchwViaBlockedTemplateTest : public testing::TestWithParam<const char*> {};

TEST_P(ConvNchwViaBlockedTemplateTest, BaselineAndSampledConfigsMatchTheReference) {
  const ConvDesc desc = parse_conv(GetParam());
  ASSERT_EQ(desc.layout, Layout::kNCHW);
  check_baseline_and_samples(desc, "conv_nchw_via_nchw16c");
}

INSTANTIATE_TEST_SUITE_P(Shapes, ConvNchwViaBlockedTemplateTest,
                         testing::Values("mb1ic7ih9iw11oc19kh3kw3ph1pw1_nchw_bia_clamp0.5:6",
                                         "mb2ic16ih10iw9oc32kh3kw3sh2sw2ph1pw1_nchw_bia",
                                         "g2mb1ic6ih7iw5oc32kh3kw1ph1pw0_nchw_relu",
                                         "mb2ic5iw23oc7kw5sw3pw2_nchw_bia",
                                         "mb1ic3id5ih6iw7oc5kd3kh3kw3pd1ph0pw1_nchw_relu"),
                         test_name);

// Deterministic values in [-1, 1) for a buffer, including the padded lanes of blocked inputs.
void fill(Halide::Runtime::Buffer<float>& buffer, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<float> value(-1.0f, 1.0f);
  buffer.for_each_value([&](float& v) { v = value(rng); });
}

// conv_reference of a blocked layer computed in NCHW: the blocked input converted first.
std::vector<float> to_nchw(const ConvDesc& layer, int64_t channels,
                           const std::array<int64_t, kMaxSpatialRank>& size, const float* blocked) {
  ReorderDesc reorder;
  reorder.spatial_rank = layer.spatial_rank;
  reorder.mb = layer.mb;
  reorder.ic = channels;
  reorder.in = size;
  reorder.src = ReorderLayout::kBlocked16;
  reorder.dst = ReorderLayout::kChannelsFirst;
  int64_t count = 1;
  for (int64_t extent : reorder.shape(ReorderLayout::kChannelsFirst)) count *= extent;
  std::vector<float> nchw(static_cast<size_t>(count));
  reorder_reference(reorder, blocked, nchw.data());
  return nchw;
}

// Two blocked layers, the first's blocked output fed to the second as it is (no conversion, its
// padded lanes included), against the NCHW reference of both layers.
TEST(ConvBlockedChain, ChainedBlockedLayersMatchTheNchwReferenceChain) {
  const ConvDesc first = parse_conv("mb1ic13ih9iw10oc24kh3kw3ph1pw1_nchw16c_bia_clamp0.25:6");
  const ConvDesc second = parse_conv("mb1ic24ih9iw10oc20kh3kw3sh2sw2ph1pw1_nchw16c_relu");
  JitSession& session = test::shared_session();
  const Template* tmpl = find_template("conv_direct_nchw16c");
  ASSERT_NE(tmpl, nullptr);

  Halide::Runtime::Buffer<float> input = make_dense_buffer(first.input_shape());
  Halide::Runtime::Buffer<float> weights1 = make_dense_buffer(first.weight_shape());
  Halide::Runtime::Buffer<float> bias1 = make_dense_buffer({first.oc});
  Halide::Runtime::Buffer<float> middle = make_dense_buffer(first.output_shape());
  Halide::Runtime::Buffer<float> weights2 = make_dense_buffer(second.weight_shape());
  Halide::Runtime::Buffer<float> output = make_dense_buffer(second.output_shape());
  fill(input, 1);
  fill(weights1, 2);
  fill(bias1, 3);
  fill(weights2, 4);
  fill(middle, 5);  // garbage in the padded lanes unless the first layer zeroes them

  for (const auto& [layer, buffers] :
       {std::pair{first, std::vector<halide_buffer_t*>{input.raw_buffer(), weights1.raw_buffer(),
                                                       bias1.raw_buffer(), middle.raw_buffer()}},
        std::pair{second, std::vector<halide_buffer_t*>{middle.raw_buffer(), weights2.raw_buffer(),
                                                        output.raw_buffer()}}}) {
    llvm::Expected<OpKernel> kernel =
        compile_config(session, layer, *tmpl, tmpl->baseline(layer, session.kernel_target()));
    ASSERT_TRUE(static_cast<bool>(kernel)) << llvm::toString(kernel.takeError());
    std::vector<halide_buffer_t*> args = buffers;
    ASSERT_TRUE(kernel->needs_prepare()) << "the OIHW weights are packed to HWIO";
    ASSERT_EQ(kernel->prepare(args.data(), static_cast<int>(args.size())), 0) << layer.to_string();
    ASSERT_EQ(kernel->run(args.data(), static_cast<int>(args.size())), 0) << layer.to_string();
  }
  // The padded lanes of the first output (channels 24..31 do not exist: 24 = 1.5 blocks).
  for (int64_t w = 0; w < first.out[1]; ++w) {
    for (int64_t lane = first.oc % 16; lane < 16; ++lane) {
      EXPECT_EQ(middle(lane, w, 0, 1, 0), 0.0f) << "padded lane " << lane << " at w " << w;
    }
  }

  ConvDesc first_nchw = first, second_nchw = second;
  first_nchw.layout = second_nchw.layout = Layout::kNCHW;
  const std::vector<float> nchw_input = to_nchw(first, first.ic, first.in, input.data());
  std::vector<float> nchw_middle(static_cast<size_t>(first_nchw.output_elements()));
  std::vector<float> expected(static_cast<size_t>(second_nchw.output_elements()));
  conv_reference(first_nchw, nchw_input.data(), weights1.data(), bias1.data(), nchw_middle.data());
  conv_reference(second_nchw, nchw_middle.data(), weights2.data(), nullptr, expected.data());
  const std::vector<float> actual = to_nchw(second, second.oc, second.out, output.data());
  ASSERT_EQ(actual.size(), expected.size());
  double worst = 0;
  for (size_t i = 0; i < expected.size(); ++i) {
    worst = std::max(worst, std::abs(static_cast<double>(actual[i]) - expected[i]) /
                                (1.0 + std::abs(static_cast<double>(expected[i]))));
  }
  EXPECT_LE(worst, 1e-4);
}

TEST(ConvBlockedRegistry, BlockedWorkloadsGetOnlyBlockedTemplates) {
  auto names = [](const char* text) {
    std::vector<std::string> result;
    for (const Template* t : templates_for(parse_conv(text))) result.push_back(t->name());
    return result;
  };
  EXPECT_EQ(names("mb1ic64ih56oc64kh3ph1_nchw16c"),
            (std::vector<std::string>{"conv_winograd_f2_nchw16c", "conv_winograd_f4_nchw16c",
                                      "conv_direct_nchw16c"}));
  EXPECT_EQ(names("mb1ic64ih56oc256kh1_nchw16c"), std::vector<std::string>{"conv_direct_nchw16c"});
}

TEST(ConvBlockedRegistry, NchwWorkloadsMayComputeOnBlocks) {
  auto has_blocked = [](const char* text) {
    for (const Template* t : templates_for(parse_conv(text))) {
      if (t->name() == "conv_nchw_via_nchw16c") return true;
    }
    return false;
  };
  EXPECT_TRUE(has_blocked("mb1ic64ih56oc64kh3ph1_nchw"));
  EXPECT_TRUE(has_blocked("mb1ic3ih224oc64kh7sh2ph3_nchw"));
  EXPECT_FALSE(has_blocked("mb1ic64ih56oc64kh3ph1_nhwc"));
  // Grouped layers need whole blocks of output channels.
  EXPECT_FALSE(has_blocked("g3mb1ic6ih8oc9kh3ph1_nchw"));
}

}  // namespace conv_blocked_test
}  // namespace kf
