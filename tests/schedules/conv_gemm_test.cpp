// conv_gemm_1x1_{nhwc,nchw} (schedules/conv_gemm_template.h): 1x1 convolutions computed over the
// fused-pixel view of the tensors, against the reference on 2-D and 3-D shapes of both layouts
// with odd pixel counts, bias, activations and groups; baseline and sampled configs of the
// direct knob space they borrow, through OpKernel (which passes the reshaped buffers). Plus
// which workloads they apply to.
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "autotune/problem.h"
#include "autotune/tuner.h"
#include "dsl/conv_desc.h"
#include "schedules/conv_gemm_template.h"
#include "schedules/op_template.h"
#include "tests/support/check_config.h"
#include "tests/support/shared_jit_session.h"

namespace kf {
namespace conv_gemm_test {

constexpr int kRandomConfigs = 2;

void check(const ConvDesc& desc, const Template& tmpl, const Config& config) {
  test::check_config(desc, tmpl, config, 11);
}

class ConvGemmTemplateTest : public testing::TestWithParam<const char*> {};

TEST_P(ConvGemmTemplateTest, BaselineAndSampledConfigsMatchTheReference) {
  const ConvDesc desc = parse_conv(GetParam());
  const std::string name =
      desc.layout == Layout::kNHWC ? "conv_gemm_1x1_nhwc" : "conv_gemm_1x1_nchw";
  const Template* tmpl = find_template(name);
  ASSERT_NE(tmpl, nullptr);
  ASSERT_TRUE(tmpl->applicable(desc));
  const Halide::Target& target = test::shared_session().kernel_target();
  check(desc, *tmpl, tmpl->baseline(desc, target));
  std::mt19937_64 rng(std::hash<std::string>()(GetParam()));
  const KnobSpace space = tmpl->knob_space(desc, target);
  for (int i = 0; i < kRandomConfigs; ++i) check(desc, *tmpl, space.sample(rng));
}

INSTANTIATE_TEST_SUITE_P(Shapes, ConvGemmTemplateTest,
                         testing::Values("mb1ic19ih7iw7oc37kh1kw1",                    // 49 pixels
                                         "mb2ic8ih5iw9oc16kh1kw1_nchw_bia_relu",       // batch 2
                                         "g2mb1ic6ih7iw5oc10kh1kw1_bia",               // groups
                                         "mb1ic5id3ih4iw5oc7kd1kh1kw1_nchw_clamp0:6",  // 3-D
                                         "mb1ic33ih3iw3oc17kh1kw1_nchw"),
                         [](const testing::TestParamInfo<const char*>& info) {
                           std::string name;
                           for (const char* p = info.param; *p; ++p)
                             name += std::isalnum(*p) ? *p : '_';
                           return name;
                         });

TEST(ConvGemm, AppliesToUnpaddedStrideOnePointwiseConvolutionsOnly) {
  EXPECT_TRUE(fusable_pointwise(parse_conv("mb1ic64ih14oc256kh1")));
  EXPECT_FALSE(fusable_pointwise(parse_conv("mb1ic64ih14oc256kh1sh2")));  // stride
  EXPECT_FALSE(fusable_pointwise(parse_conv("mb1ic64ih14oc256kh1ph1")));  // padding
  EXPECT_FALSE(fusable_pointwise(parse_conv("mb1ic64ih14oc256kh3ph1")));  // 3x3
  EXPECT_FALSE(fusable_pointwise(parse_conv("mb1ic64iw14oc256kw1")));     // already 1-D
  bool found = false;
  for (const Template* t : templates_for(parse_conv("mb1ic64ih14oc256kh1_nchw"))) {
    found = found || t->name() == "conv_gemm_1x1_nchw";
  }
  EXPECT_TRUE(found);
}

TEST(ConvGemm, TheViewFusesThePixelsAndKeepsTheMemory) {
  const ConvDesc desc = parse_conv("mb2ic5id3ih4iw5oc7kd1kh1kw1_nchw_bia");
  const ConvDesc view = fused_pixels_view(desc);
  EXPECT_EQ(view.input_shape(), (std::vector<int64_t>{2, 5, 60}));
  EXPECT_EQ(view.output_shape(), (std::vector<int64_t>{2, 7, 60}));
  EXPECT_EQ(view.weight_shape(), (std::vector<int64_t>{7, 5, 1}));
  const Template& tmpl = *find_template("conv_gemm_1x1_nchw");
  const Halide::Target& target = test::kernel_target();
  const ScheduledPipeline scheduled = schedule_op(desc, tmpl, tmpl.baseline(desc, target), target);
  ASSERT_EQ(scheduled.argument_views.size(), 4u);  // input, weights, bias, output
  EXPECT_EQ(scheduled.argument_views[0], view.input_shape());
  EXPECT_TRUE(scheduled.argument_views[2].empty());
  EXPECT_EQ(scheduled.argument_views[3], view.output_shape());
}

}  // namespace conv_gemm_test
}  // namespace kf
