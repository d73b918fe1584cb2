// conv_partial_sums_nhwc (schedules/conv_partial_sums_template.h): where it applies, how it is
// registered, what it refuses (shapes it does not apply to, splits that do not divide the
// channels), and its kernels against the naive reference: MobileNet's classifier layer (1024
// channels to 5 at one pixel), a padded 3x3 layer with ReLU on a 3x3 image whose channels are not
// a multiple of any vector, and a strided 1D layer; the baseline and every config of a
// fixed-seed sample, covering the splits, the channel tiles and the parallel tiles.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "dsl/conv_desc.h"
#include "dsl/input_error.h"
#include "schedules/conv_partial_sums_template.h"
#include "schedules/op_template.h"
#include "tests/support/check_config.h"
#include "tests/support/shared_jit_session.h"

namespace kf {
namespace conv_partial_sums_test {

constexpr const char* kClassifier = "mb1ic1024ih1iw1oc5oh1ow1kh1kw1_nhwc_bia";

TEST(ConvPartialSums, AppliesToFewOutputsOverALongReduction) {
  EXPECT_TRUE(partial_sums_applicable(parse_conv(kClassifier)));
  EXPECT_TRUE(partial_sums_applicable(parse_conv("mb2ic24ih3iw3oc7kh3kw3ph1pw1_nhwc")));
  // Too many outputs: a ResNet-50 layer fills the direct template's register tile.
  EXPECT_FALSE(partial_sums_applicable(parse_conv("mb1ic64ih56iw56oc64kh3kw3ph1pw1_nhwc")));
  // Too short a reduction: nothing to split.
  EXPECT_FALSE(partial_sums_applicable(parse_conv("mb1ic8ih1iw1oc5kh1kw1_nhwc")));
  // NCHW and grouped layers are left to the other templates.
  EXPECT_FALSE(partial_sums_applicable(parse_conv("mb1ic1024ih1iw1oc5kh1kw1_nchw")));
  EXPECT_FALSE(partial_sums_applicable(parse_conv("g2mb1ic1024ih1iw1oc6kh1kw1_nhwc")));
}

TEST(ConvPartialSums, IsRegisteredAfterTheDirectBaseline) {
  const ConvDesc desc = parse_conv(kClassifier);
  const std::vector<const Template*> templates = templates_for(desc);
  ASSERT_FALSE(templates.empty());
  EXPECT_EQ(templates.front()->name(), "conv_direct_nhwc");  // the hand baseline stays direct
  EXPECT_EQ(templates.back(), &conv_partial_sums_nhwc_template());
  EXPECT_EQ(find_template("conv_partial_sums_nhwc"), &conv_partial_sums_nhwc_template());
  const Template& tmpl = conv_partial_sums_nhwc_template();
  EXPECT_FALSE(tmpl.applicable(parse_conv("mb1ic64ih56iw56oc64kh3kw3ph1pw1_nhwc")));
}

TEST(ConvPartialSums, SplitsDivideTheChannelsAndFitTheRegisters) {
  const Halide::Target& target = test::kernel_target();
  const Template& tmpl = conv_partial_sums_nhwc_template();
  const ConvDesc desc = parse_conv("mb1ic72ih1iw1oc64kh1kw1_nhwc");
  const KnobSpace space = tmpl.knob_space(desc, target);
  EXPECT_EQ(space.knobs()[0].values, (std::vector<int>{2, 4, 8}));  // 16 does not divide 72
  EXPECT_TRUE(space.contains(tmpl.baseline(desc, target)));
  EXPECT_EQ(tmpl.baseline(desc, target).values[0], 8);
  std::mt19937_64 rng(7);
  for (int i = 0; i < 50; ++i) {
    const Config config = space.sample(rng);
    EXPECT_LE(config.values[0] * config.values[1], 30) << space.encode(config);
  }
  const std::optional<CostFeatures> features = tmpl.cost_features(desc, space.sample(rng), target);
  ASSERT_TRUE(features.has_value());
  EXPECT_GE(features->accumulators, 2);
}

// Runs schedule_op and returns the InputError it throws; fails the test if it does not.
InputError schedule_error(const ConvDesc& desc, const Config& config) {
  try {
    schedule_op(desc, conv_partial_sums_nhwc_template(), config,
                test::shared_session().kernel_target());
    ADD_FAILURE() << "schedule_op accepted " << desc.to_string();
  } catch (const InputError& e) {
    return e;
  }
  return InputError("", "");
}

TEST(ConvPartialSums, RefusesShapesItDoesNotApplyToAndSplitsThatDoNotDivide) {
  // Too many outputs: the template does not schedule it.
  EXPECT_EQ(
      schedule_error(parse_conv("mb1ic64ih56iw56oc64kh3kw3ph1pw1_nhwc"), Config{{8, 1, 0}}).field(),
      "template");
  // 16 partial sums of 72 channels: not in the knob space, whose splits divide the channels.
  const InputError e =
      schedule_error(parse_conv("mb1ic72ih1iw1oc64kh1kw1_nhwc"), Config{{16, 1, 0}});
  EXPECT_EQ(e.field(), "knobs");
  EXPECT_NE(std::string(e.what()).find("partial_sums=16"), std::string::npos) << e.what();
}

class ConvPartialSumsShapes : public testing::TestWithParam<const char*> {};

TEST_P(ConvPartialSumsShapes, BaselineAndSampledConfigsMatchTheReference) {
  const ConvDesc desc = parse_conv(GetParam());
  const Template& tmpl = conv_partial_sums_nhwc_template();
  ASSERT_TRUE(tmpl.applicable(desc));
  const KnobSpace space = tmpl.knob_space(desc, test::shared_session().kernel_target());
  std::vector<Config> configs = {tmpl.baseline(desc, test::shared_session().kernel_target())};
  std::mt19937_64 rng(11);
  for (int attempt = 0; attempt < 200 && configs.size() < 4; ++attempt) {
    const Config config = space.sample(rng);
    if (std::find(configs.begin(), configs.end(), config) == configs.end()) {
      configs.push_back(config);
    }
  }
  for (const Config& config : configs) test::check_config(desc, tmpl, config, /*seed=*/3);
}

INSTANTIATE_TEST_SUITE_P(Shapes, ConvPartialSumsShapes,
                         testing::Values(kClassifier, "mb2ic24ih3iw3oc7kh3kw3ph1pw1_nhwc_relu",
                                         "mb1ic96iw5oc33kw3sw2pw0_nhwc_bia"));

}  // namespace conv_partial_sums_test
}  // namespace kf
