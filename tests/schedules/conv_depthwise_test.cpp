// conv_depthwise_nhwc (schedules/conv_depthwise_template.h): where it applies, how it is
// registered, its knob space (the whole window unrolled only for windows of at most 49 taps, the
// register tile within the registers), what its cost features say about input reuse, what it
// refuses, and its kernels against the naive reference: odd channel counts that leave vector
// tails, stride 2, dilation 2, bias and ReLU, 1D and 3D, with the window unrolled whole and by
// its innermost dim.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "dsl/conv_desc.h"
#include "dsl/input_error.h"
#include "schedules/conv_depthwise_template.h"
#include "schedules/op_template.h"
#include "tests/support/check_config.h"
#include "tests/support/shared_jit_session.h"

namespace kf {
namespace conv_depthwise_test {

// MobileNet's conv2_1/dw at mb1.
constexpr const char* kMobileNetDw = "g32mb1ic32ih112iw112oc32oh112ow112kh3kw3ph1pw1_nhwc";

// Knob indices (the template's knob order).
enum Knob { kVectors, kTileW, kTileH, kKTilesOuter, kWholeWindow, kRowsPerTask };

const Halide::Target& target() { return test::shared_session().kernel_target(); }

TEST(ConvDepthwise, AppliesToChannelsLastDepthwiseLayersOnly) {
  EXPECT_TRUE(depthwise_applicable(parse_conv(kMobileNetDw)));
  EXPECT_TRUE(depthwise_applicable(parse_conv("g7mb2ic7iw19oc7kw5pw2_nhwc")));  // 1D
  // One group, a channel multiplier of 2, and NCHW are left to the other templates.
  EXPECT_FALSE(depthwise_applicable(parse_conv("mb1ic32ih14iw14oc32kh3kw3ph1pw1_nhwc")));
  EXPECT_FALSE(depthwise_applicable(parse_conv("g8mb1ic8ih14iw14oc16kh3kw3ph1pw1_nhwc")));
  EXPECT_FALSE(depthwise_applicable(parse_conv("g32mb1ic32ih14iw14oc32kh3kw3ph1pw1_nchw")));
  // Grouped but not depthwise: two input channels per group.
  EXPECT_FALSE(depthwise_applicable(parse_conv("g16mb1ic32ih14iw14oc16kh3kw3ph1pw1_nhwc")));
}

TEST(ConvDepthwise, IsRegisteredAfterTheDirectBaseline) {
  const std::vector<const Template*> templates = templates_for(parse_conv(kMobileNetDw));
  ASSERT_GE(templates.size(), 2u);
  EXPECT_EQ(templates[0]->name(), "conv_direct_nhwc");  // the hand baseline stays direct
  EXPECT_EQ(templates[1], &conv_depthwise_nhwc_template());
  EXPECT_EQ(find_template("conv_depthwise_nhwc"), &conv_depthwise_nhwc_template());
  const std::vector<const Template*> dense =
      templates_for(parse_conv("mb1ic32ih14iw14oc32kh3kw3ph1pw1_nhwc"));
  EXPECT_EQ(std::count(dense.begin(), dense.end(), &conv_depthwise_nhwc_template()), 0);
}

TEST(ConvDepthwise, UnrollsTheWholeWindowOnlyWhenItIsSmall) {
  const Template& tmpl = conv_depthwise_nhwc_template();
  const KnobSpace small = tmpl.knob_space(parse_conv(kMobileNetDw), target());
  EXPECT_EQ(small.knobs()[kWholeWindow].values, (std::vector<int>{0, 1}));
  EXPECT_EQ(tmpl.baseline(parse_conv(kMobileNetDw), target()).values[kWholeWindow], 1);
  // 9x9 = 81 taps: only the innermost kernel dim is unrolled.
  const ConvDesc large = parse_conv("g16mb1ic16ih20iw20oc16kh9kw9ph4pw4_nhwc");
  EXPECT_EQ(tmpl.knob_space(large, target()).knobs()[kWholeWindow].values, std::vector<int>{0});
  EXPECT_EQ(tmpl.baseline(large, target()).values[kWholeWindow], 0);
}

TEST(ConvDepthwise, TilesFitTheRegistersAndTheLayer) {
  const Template& tmpl = conv_depthwise_nhwc_template();
  const ConvDesc desc = parse_conv("g48mb1ic48ih9iw5oc48kh3kw3ph1pw1_nhwc");
  const KnobSpace space = tmpl.knob_space(desc, target());
  const int lanes = target().natural_vector_size<float>();
  for (int v : space.knobs()[kVectors].values) EXPECT_LE(v * lanes, 48);
  EXPECT_EQ(space.knobs()[kTileW].values.back(), 5);  // no tile wider than the 5-pixel row
  EXPECT_TRUE(space.contains(tmpl.baseline(desc, target())));
  std::mt19937_64 rng(5);
  for (int i = 0; i < 100; ++i) {
    const Config c = space.sample(rng);
    EXPECT_LE(c.values[kVectors] * c.values[kTileW] * c.values[kTileH], 28) << space.encode(c);
  }
}

TEST(ConvDepthwise, CostFeaturesCountEachInputVectorOnceWhenTheWindowIsUnrolled) {
  const Template& tmpl = conv_depthwise_nhwc_template();
  const ConvDesc desc = parse_conv(kMobileNetDw);
  // 1 vector x 4 pixels x 2 rows over a 3x3 window at stride 1: the whole window reads a 6x4
  // patch of input vectors (24) and 9 weight vectors for 9 steps; by rows, each of the 2 rows
  // reads 6 vectors per kernel row, 6 x 2 x 3 = 36.
  Config whole{{1, 4, 2, 0, 1, 1}};
  Config by_rows = whole;
  by_rows.values[kWholeWindow] = 0;
  const std::optional<CostFeatures> a = tmpl.cost_features(desc, whole, target());
  const std::optional<CostFeatures> b = tmpl.cost_features(desc, by_rows, target());
  ASSERT_TRUE(a && b);
  EXPECT_DOUBLE_EQ(a->loads_per_step, (24.0 + 9.0) / 9.0);
  EXPECT_DOUBLE_EQ(b->loads_per_step, (36.0 + 9.0) / 9.0);
  EXPECT_DOUBLE_EQ(a->accumulators, 8.0);
  EXPECT_DOUBLE_EQ(a->flops, desc.flops());
  // Stride 2: neighbouring windows share one column, 4 pixels read 9 columns, not 12.
  const ConvDesc strided = parse_conv("g32mb1ic32ih112iw112oc32oh56ow56kh3kw3sh2sw2ph1pw1_nhwc");
  Config row{{1, 4, 1, 0, 1, 1}};
  const std::optional<CostFeatures> s = tmpl.cost_features(strided, row, target());
  ASSERT_TRUE(s);
  EXPECT_DOUBLE_EQ(s->loads_per_step, (9.0 * 3 + 9.0) / 9.0);
}

// Runs schedule_op and returns the InputError it throws; fails the test if it does not.
InputError schedule_error(const ConvDesc& desc, const Config& config) {
  try {
    schedule_op(desc, conv_depthwise_nhwc_template(), config, target());
    ADD_FAILURE() << "schedule_op accepted " << desc.to_string();
  } catch (const InputError& e) {
    return e;
  }
  return InputError("", "");
}

TEST(ConvDepthwise, RefusesOtherLayersAndConfigsOutsideItsKnobSpace) {
  const Config config{{1, 4, 1, 0, 1, 1}};
  EXPECT_EQ(schedule_error(parse_conv("mb1ic32ih14iw14oc32kh3kw3ph1pw1_nhwc"), config).field(),
            "template");
  // A 7-pixel tile on a 5-pixel row, and a register tile of 4 x 8 x 1 = 32 accumulators.
  const ConvDesc narrow = parse_conv("g64mb1ic64ih9iw5oc64kh3kw3ph1pw1_nhwc");
  Config wide = config;
  wide.values[kTileW] = 7;
  const InputError e = schedule_error(narrow, wide);
  EXPECT_EQ(e.field(), "knobs");
  EXPECT_NE(std::string(e.what()).find("tile_w=7"), std::string::npos) << e.what();
  Config crowded{{4, 8, 1, 0, 1, 1}};
  EXPECT_EQ(schedule_error(parse_conv("g64mb1ic64ih14iw14oc64kh3kw3ph1pw1_nhwc"), crowded).field(),
            "knobs");
}

TEST(ConvDepthwise, BaselineRunsUnderTheSanitizers) {
  const ConvDesc desc = parse_conv("g20mb2ic20iw19oc20kw5pw2_nhwc_bia");
  const Template& tmpl = conv_depthwise_nhwc_template();
  test::check_config(desc, tmpl, tmpl.baseline(desc, target()), /*seed=*/9);
}

// Named like the other per-shape sweeps (Shapes/*TemplateTest), which the sanitizer run of CI
// leaves out; BaselineRunsUnderTheSanitizers keeps one kernel of this template in that run.
class ConvDepthwiseTemplateTest : public testing::TestWithParam<const char*> {};

// The baseline, its other window unrolling, and sampled configs (5 configs in all).
TEST_P(ConvDepthwiseTemplateTest, ConfigsMatchTheReference) {
  const ConvDesc desc = parse_conv(GetParam());
  const Template& tmpl = conv_depthwise_nhwc_template();
  ASSERT_TRUE(tmpl.applicable(desc));
  const KnobSpace space = tmpl.knob_space(desc, target());
  const Config baseline = tmpl.baseline(desc, target());
  std::vector<Config> configs = {baseline};
  Config other_window = baseline;
  other_window.values[kWholeWindow] = 1 - baseline.values[kWholeWindow];
  if (space.contains(other_window)) configs.push_back(other_window);
  std::mt19937_64 rng(13);
  for (int attempt = 0; attempt < 200 && configs.size() < 5; ++attempt) {
    const Config config = space.sample(rng);
    if (std::find(configs.begin(), configs.end(), config) == configs.end()) {
      configs.push_back(config);
    }
  }
  for (const Config& config : configs) test::check_config(desc, tmpl, config, /*seed=*/9);
}

INSTANTIATE_TEST_SUITE_P(Shapes, ConvDepthwiseTemplateTest,
                         testing::Values(
                             // 17 channels (one vector and a tail), stride 2, bias.
                             "g17mb1ic17ih9iw9oc17kh3kw3sh2sw2ph1pw1_nhwc_bia",
                             // 33 channels, dilation 2 with padding 2, ReLU, two images, odd rows.
                             "g33mb2ic33ih11iw13oc33kh3kw3dh1dw1ph2pw2_nhwc_relu",
                             // 1D, a 5-tap kernel.
                             "g20mb2ic20iw19oc20kw5pw2_nhwc_bia",
                             // 3D, 27 taps unrolled whole.
                             "g5mb1ic5id5ih6iw7oc5kd3kh3kw3pd1ph1pw1_nhwc"));

}  // namespace conv_depthwise_test
}  // namespace kf
