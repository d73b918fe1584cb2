// Convolution schedule templates (conv_direct_nhwc, conv_direct_nchw) against the naive reference.
//
// ConvTemplateTest is value-parameterised over small odd shapes that hit tails: odd channel and
// spatial sizes, stride 2, dilation 2, groups and depthwise, bias and ReLU, 1x1 kernels,
// asymmetric and negative end padding, both layouts and 1D/2D/3D. For each shape the applicable
// template's baseline and a few seeded random configs of its knob space are compiled through one
// JitSession shared by the whole binary and checked with ConvProblem. Plain tests cover the
// template registry and schedule_conv's input checks.
#include "schedules/conv_template.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cstdlib>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "autotune/problem.h"
#include "autotune/tuner.h"
#include "dsl/conv_desc.h"
#include "dsl/input_error.h"
#include "jit/jit_session.h"
#include "tests/support/shared_jit_session.h"

namespace kf {
namespace conv_template_test {

constexpr int kRandomConfigs = 4;
constexpr uint64_t kConfigSeed = 2024;

// Spatial values of `desc` joined by 'x', outermost first ("3x3").
std::string joined(const ConvDesc& desc, const std::array<int64_t, kMaxSpatialRank>& values) {
  std::string s;
  for (int i = 0; i < desc.spatial_rank; ++i) {
    if (i) s += 'x';
    s += values[i] < 0 ? "m" + std::to_string(-values[i]) : std::to_string(values[i]);
  }
  return s;
}

bool all_equal(const ConvDesc& desc, const std::array<int64_t, kMaxSpatialRank>& values,
               int64_t value) {
  for (int i = 0; i < desc.spatial_rank; ++i) {
    if (values[i] != value) return false;
  }
  return true;
}

// A readable test name such as N1C7H13W9K5R3x3S2x2P1x1E1x1Nhwc: batch, input channels, input
// spatial sizes, output channels, kernel, then only what departs from the defaults (stride,
// dilation, groups, begin/end padding, bias, ReLU), then the layout. "m1" is -1.
std::string shape_name(const ConvDesc& d) {
  static const char* const kDims[kMaxSpatialRank][kMaxSpatialRank] = {
      {"W"}, {"H", "W"}, {"D", "H", "W"}};
  std::string s = "N" + std::to_string(d.mb) + "C" + std::to_string(d.ic);
  for (int i = 0; i < d.spatial_rank; ++i) {
    s += kDims[d.spatial_rank - 1][i] + std::to_string(d.in[i]);
  }
  s += "K" + std::to_string(d.oc) + "R" + joined(d, d.kernel);
  if (!all_equal(d, d.stride, 1)) s += "S" + joined(d, d.stride);
  if (!all_equal(d, d.dilation, 1)) s += "Dil" + joined(d, d.dilation);
  if (d.groups != 1) s += "G" + std::to_string(d.groups);
  if (!all_equal(d, d.pad_begin, 0)) s += "P" + joined(d, d.pad_begin);
  if (!all_equal(d, d.pad_end, 0)) s += "E" + joined(d, d.pad_end);
  if (d.bias) s += "Bias";
  if (d.activation == Activation::kRelu) s += "Relu";
  s += d.layout == Layout::kNHWC ? "Nhwc" : "Nchw";
  return s;
}

// benchdnn descriptors (dilation is 0-based there: dh1 is a dilation of 2).
const char* const kShapes[] = {
    // Odd channels and sizes, stride 2.
    "mb1ic7ih13iw9oc5kh3kw3sh2sw2ph1pw1_nhwc",
    "mb1ic7ih13iw9oc5kh3kw3sh2sw2ph1pw1_nchw",
    // Dilation 2, padding 2, 17 output channels / 19 output columns (vector tails).
    "mb2ic3ih11iw11oc17kh3kw3dh1dw1ph2pw2_nhwc",
    "mb2ic3ih11iw19oc17kh3kw3dh1dw1ph2pw2_nchw",
    // Groups: g=3 with 3 input and 2 output channels per group; bias and ReLU.
    "g3mb1ic9ih7iw10oc6kh3kw3ph1pw1_nhwc_bia_relu",
    "g3mb2ic9ih7iw10oc6kh3kw3ph1pw1_nchw_bia_relu",
    // Depthwise.
    "g17mb1ic17ih9iw9oc17kh3kw3sh2sw2ph1pw1_nhwc_bia",
    "g7mb1ic7ih9iw33oc7kh3kw3ph1pw1_nchw_relu",
    // 1x1 stride 2 on even sizes: pad_end is -1 (the last row and column are never read).
    "mb1ic33ih8iw10oc7kh1kw1sh2sw2_nhwc_bia",
    "mb1ic33ih8iw10oc7kh1kw1sh2sw2_nchw_bia",
    // Asymmetric padding: end padding 2 (larger than the begin padding) ...
    "mb1ic5ih9iw7oc9oh10ow8kh3kw3ph1pw1_nhwc_relu",
    "mb1ic5ih9iw7oc9oh10ow8kh3kw3ph1pw1_nchw_relu",
    // ... and end padding 0 (smaller), with stride 2.
    "mb1ic3ih14iw14oc5kh3kw3sh2sw2ph1pw1_nhwc",
    // More output channels than one vector: 33 = 2 x 16 + 1.
    "mb1ic17ih7iw15oc33kh3kw3ph1pw1_nhwc",
    // 1D.
    "mb3ic3iw17oc7kw5sw2pw2_nhwc_bia",
    "mb3ic3iw17oc7kw5sw2pw2_nchw_bia",
    // 3D.
    "mb1ic3id5ih6iw7oc5kd3kh3kw3pd1ph1pw1_nhwc",
    "mb1ic3id7ih6iw9oc5kd3kh3kw3sd2sw2pd1ph1pw1_nchw_bia",
};

// The single template the shape's layout selects.
const ConvTemplate& template_for(const ConvDesc& desc) {
  const std::vector<const ConvTemplate*> templates = conv_templates_for(desc);
  EXPECT_EQ(templates.size(), 1u) << to_string(desc);
  if (templates.empty()) std::abort();
  return *templates[0];
}

class ConvTemplateTest : public testing::TestWithParam<const char*> {
 protected:
  void SetUp() override {
    desc_ = parse_conv(GetParam());
    tmpl_ = &template_for(desc_);
  }

  const Halide::Target& target() const { return test::shared_session().kernel_target(); }

  // Compiles `config` and checks the kernel's output against the reference.
  void expect_correct(const Config& config, ConvProblem& problem) {
    const std::string knobs = tmpl_->knob_space(desc_, target()).encode(config);
    SCOPED_TRACE(tmpl_->name() + " {" + knobs + "} on " + to_string(desc_));
    llvm::Expected<OpKernel> kernel = compile_config(test::shared_session(), desc_, *tmpl_, config);
    ASSERT_TRUE(bool(kernel)) << llvm::toString(kernel.takeError());
    std::vector<halide_buffer_t*> buffers = problem.buffers();
    problem.poison_output();
    ASSERT_EQ(kernel->run(buffers.data(), static_cast<int>(buffers.size())), 0);
    EXPECT_LE(problem.max_error(), problem.tolerance());
  }

  ConvDesc desc_;
  const ConvTemplate* tmpl_ = nullptr;
};

TEST_P(ConvTemplateTest, TemplateMatchesLayout) {
  EXPECT_EQ(tmpl_->name(), desc_.layout == Layout::kNHWC ? "conv_direct_nhwc" : "conv_direct_nchw");
}

TEST_P(ConvTemplateTest, BaselineIsInKnobSpace) {
  const KnobSpace space = tmpl_->knob_space(desc_, target());
  const Config baseline = tmpl_->baseline(desc_, target());
  EXPECT_TRUE(space.contains(baseline)) << space.encode(baseline);
  EXPECT_EQ(space.decode(space.encode(baseline)), baseline);
}

TEST_P(ConvTemplateTest, SampledConfigsRoundTripThroughText) {
  const KnobSpace space = tmpl_->knob_space(desc_, target());
  std::mt19937_64 rng(kConfigSeed);
  for (int i = 0; i < 50; ++i) {
    const Config config = space.sample(rng);
    ASSERT_TRUE(space.contains(config));
    EXPECT_EQ(space.decode(space.encode(config)), config) << space.encode(config);
  }
}

TEST_P(ConvTemplateTest, BaselineMatchesReference) {
  ConvProblem problem(desc_);
  expect_correct(tmpl_->baseline(desc_, target()), problem);
}

TEST_P(ConvTemplateTest, RandomConfigsMatchReference) {
  const KnobSpace space = tmpl_->knob_space(desc_, target());
  const Config baseline = tmpl_->baseline(desc_, target());
  std::mt19937_64 rng(kConfigSeed);
  std::vector<Config> configs;
  for (int attempt = 0; attempt < 1000 && static_cast<int>(configs.size()) < kRandomConfigs;
       ++attempt) {
    const Config config = space.sample(rng);
    if (config == baseline) continue;
    bool seen = false;
    for (const Config& c : configs) seen = seen || c == config;
    if (!seen) configs.push_back(config);
  }
  ASSERT_EQ(static_cast<int>(configs.size()), std::min<int64_t>(kRandomConfigs, space.size() - 1));
  ConvProblem problem(desc_);
  for (const Config& config : configs) expect_correct(config, problem);
}

INSTANTIATE_TEST_SUITE_P(Shapes, ConvTemplateTest, testing::ValuesIn(kShapes),
                         [](const testing::TestParamInfo<const char*>& info) {
                           return shape_name(parse_conv(info.param));
                         });

TEST(ConvTemplateRegistryTest, FindsTemplatesByName) {
  for (const char* name : {"conv_direct_nhwc", "conv_direct_nchw"}) {
    const ConvTemplate* tmpl = find_conv_template(name);
    ASSERT_NE(tmpl, nullptr) << name;
    EXPECT_EQ(tmpl->name(), name);
    EXPECT_GE(tmpl->version(), 1);
  }
  EXPECT_EQ(find_conv_template("conv_winograd_f9"), nullptr);
  EXPECT_EQ(find_conv_template(""), nullptr);
}

TEST(ConvTemplateRegistryTest, TemplatesApplyToTheirLayoutOnly) {
  const ConvDesc nhwc = parse_conv("mb1ic3ih5oc4kh3_nhwc");
  const ConvDesc nchw = parse_conv("mb1ic3ih5oc4kh3_nchw");
  const ConvTemplate* nhwc_template = find_conv_template("conv_direct_nhwc");
  const ConvTemplate* nchw_template = find_conv_template("conv_direct_nchw");
  ASSERT_NE(nhwc_template, nullptr);
  ASSERT_NE(nchw_template, nullptr);
  EXPECT_TRUE(nhwc_template->applicable(nhwc));
  EXPECT_FALSE(nhwc_template->applicable(nchw));
  EXPECT_TRUE(nchw_template->applicable(nchw));
  EXPECT_FALSE(nchw_template->applicable(nhwc));
  EXPECT_EQ(conv_templates_for(nhwc), std::vector<const ConvTemplate*>{nhwc_template});
  EXPECT_EQ(conv_templates_for(nchw), std::vector<const ConvTemplate*>{nchw_template});
}

TEST(ScheduleConvTest, RejectsConfigOutsideKnobSpace) {
  const ConvDesc desc = parse_conv("mb1ic3ih5oc4kh3_nhwc");
  const Halide::Target target = test::kernel_target();
  const ConvTemplate& tmpl = template_for(desc);
  const Config baseline = tmpl.baseline(desc, target);

  Config illegal_value = baseline;
  illegal_value.values[0] = 1000;
  Config too_short = baseline;
  too_short.values.pop_back();
  Config too_long = baseline;
  too_long.values.push_back(0);
  for (const Config& config : {illegal_value, too_short, too_long, Config{}}) {
    try {
      schedule_conv(desc, tmpl, config, target);
      ADD_FAILURE() << "schedule_conv accepted {" << tmpl.knob_space(desc, target).encode(config)
                    << "}";
    } catch (const InputError& e) {
      EXPECT_EQ(e.field(), "knobs") << e.what();
    }
  }
}

TEST(ScheduleConvTest, RejectsTemplateOfTheOtherLayout) {
  const ConvDesc desc = parse_conv("mb1ic3ih5oc4kh3_nchw");
  const Halide::Target target = test::kernel_target();
  const ConvTemplate* nhwc_template = find_conv_template("conv_direct_nhwc");
  ASSERT_NE(nhwc_template, nullptr);
  const ConvDesc nhwc = parse_conv("mb1ic3ih5oc4kh3_nhwc");
  try {
    schedule_conv(desc, *nhwc_template, nhwc_template->baseline(nhwc, target), target);
    ADD_FAILURE() << "schedule_conv accepted an NHWC template for an NCHW workload";
  } catch (const InputError& e) {
    EXPECT_EQ(e.field(), "template") << e.what();
  }
}

TEST(ScheduleConvTest, ReturnsPipelineWithArgumentsInSignatureOrder) {
  const Halide::Target target = test::kernel_target();
  for (const char* text : {"mb1ic3ih5oc4kh3_nhwc", "mb1ic3ih5oc4kh3_nchw_bia"}) {
    const ConvDesc desc = parse_conv(text);
    const ConvTemplate& tmpl = template_for(desc);
    const ScheduledConv scheduled = schedule_conv(desc, tmpl, tmpl.baseline(desc, target), target);
    ASSERT_TRUE(scheduled.pipeline.defined()) << text;
    // input, weights, [bias]; the output is appended by Halide.
    ASSERT_EQ(scheduled.arguments.size(), desc.bias ? 3u : 2u) << text;
    for (const Halide::Argument& argument : scheduled.arguments) {
      EXPECT_TRUE(argument.is_buffer()) << argument.name;
      EXPECT_EQ(argument.type, Halide::Float(32)) << argument.name;
    }
    EXPECT_EQ(scheduled.arguments[0].dimensions, desc.spatial_rank + 2);
    EXPECT_EQ(scheduled.arguments[1].dimensions, desc.spatial_rank + 2);
    if (desc.bias) EXPECT_EQ(scheduled.arguments[2].dimensions, 1);
  }
}

}  // namespace conv_template_test
}  // namespace kf
