// conv_im2col_nhwc (schedules/conv_im2col.cpp): convolutions computed as the product of their
// patch matrix and the HWIO weights, against the reference on 1-D, 2-D and 3-D NHWC shapes with
// odd sizes, stride, dilation, explicit and TF SAME padding, bias and activations; the baseline,
// each place of the patch matrix (inline, per row block, whole tensor) and sampled configs of
// the direct knob space it borrows, through OpKernel (which passes the reshaped weights). Plus
// which workloads it applies to and the view it declares.
#include <gtest/gtest.h>

#include <cctype>
#include <random>
#include <string>
#include <vector>

#include "autotune/problem.h"
#include "autotune/tuner.h"
#include "dsl/conv_desc.h"
#include "dsl/input_error.h"
#include "schedules/conv_gemm_template.h"
#include "schedules/op_template.h"
#include "schedules/schedule_helpers.h"
#include "tests/support/check_config.h"
#include "tests/support/shared_jit_session.h"

namespace kf {
namespace conv_im2col_test {

constexpr int kRandomConfigs = 1;

void check(const ConvDesc& desc, const Template& tmpl, const Config& config) {
  test::check_config(desc, tmpl, config, 13);
}

class ConvIm2colTest : public testing::TestWithParam<const char*> {};

TEST_P(ConvIm2colTest, EveryPlaceOfThePatchesMatchesTheReference) {
  const ConvDesc desc = parse_conv(GetParam());
  const Template& tmpl = conv_im2col_nhwc_template();
  ASSERT_TRUE(tmpl.applicable(desc));
  const Halide::Target& target = test::shared_session().kernel_target();
  const KnobSpace space = tmpl.knob_space(desc, target);
  const Config baseline = tmpl.baseline(desc, target);
  for (const PadAt place : {PadAt::kInline, PadAt::kRow, PadAt::kImage}) {
    Config config = baseline;
    config.values[space.index_of("pad_at")] = static_cast<int>(place);
    check(desc, tmpl, config);
  }
  std::mt19937_64 rng(std::hash<std::string>()(GetParam()));
  for (int i = 0; i < kRandomConfigs; ++i) check(desc, tmpl, space.sample(rng));
}

INSTANTIATE_TEST_SUITE_P(
    Shapes, ConvIm2colTest,
    testing::Values("mb1ic16ih9iw11oc19kh3kw3ph1pw1",           // 3x3, channels fill vectors
                    "mb2ic3ih13iw13oc8kh7kw7sh2sw2ph3pw3_bia",  // conv1-like: 3 channels, s2
                    "mb1ic5ih10iw9oc7kh3kw2sh2sw1dh1dw0_relu",  // dilation 2 along h
                    "mb1ic6iw17oc5kw5sw2pw0",                   // 1-D
                    "mb1ic4id5ih5iw6oc3kd3kh3kw3pd1ph1pw1",     // 3-D
                    "mb1ic8ih9iw9oc16kh1kw1sh2sw2",             // strided 1x1 projection
                    "mb1ic7ih8iw8oc5kh3kw3sh2sw2_same"),        // TF SAME, stride 2
    [](const testing::TestParamInfo<const char*>& info) {
      std::string name;
      for (const char* p = info.param; *p; ++p) name += std::isalnum(*p) ? *p : '_';
      return name;
    });

TEST(ConvIm2col, AppliesToNhwcSingleGroupConvolutionsThatAreNotAlreadyAGemm) {
  EXPECT_TRUE(im2col_applicable(parse_conv("mb1ic64ih14oc256kh3ph1")));
  EXPECT_TRUE(im2col_applicable(parse_conv("mb1ic64ih14oc256kh1sh2")));  // strided 1x1
  EXPECT_FALSE(im2col_applicable(parse_conv("mb1ic64ih14oc256kh1")));    // fused 1x1 GEMM
  EXPECT_FALSE(im2col_applicable(parse_conv("mb1ic64ih14oc256kh3ph1_nchw")));
  EXPECT_FALSE(im2col_applicable(parse_conv("g2mb1ic64ih14oc256kh3ph1")));  // groups
  bool found = false;
  for (const Template* t : templates_for(parse_conv("mb1ic64ih14oc64kh3ph1"))) {
    found = found || t->name() == "conv_im2col_nhwc";
  }
  EXPECT_TRUE(found);
  EXPECT_EQ(find_template("conv_im2col_nhwc"), &conv_im2col_nhwc_template());
  // Asked for a workload it does not apply to, it names the field and the rule.
  try {
    conv_im2col_nhwc_template().knob_space(parse_conv("g2mb1ic64ih14oc256kh3ph1"),
                                           test::kernel_target());
    ADD_FAILURE() << "a grouped convolution was accepted";
  } catch (const InputError& e) {
    EXPECT_EQ(e.field(), "template");
    EXPECT_NE(e.rule().find("one group"), std::string::npos) << e.rule();
  }
}

TEST(ConvIm2col, TheViewMultipliesPatchesByTheWeightsInTheirOwnMemory) {
  const ConvDesc desc = parse_conv("mb2ic5ih9iw8oc7kh3kw2sh2ph1_bia");
  const ConvDesc view = im2col_view(desc);
  // Output grid kept; K = 3 x 2 taps x 5 channels; HWIO weights seen as [1][1][K][oc].
  EXPECT_EQ(view.input_shape(), (std::vector<int64_t>{2, desc.out[0], desc.out[1], 30}));
  EXPECT_EQ(view.output_shape(), desc.output_shape());
  EXPECT_EQ(view.weight_shape(), (std::vector<int64_t>{1, 1, 30, 7}));
  EXPECT_DOUBLE_EQ(view.flops(), desc.flops());
  const Template& tmpl = conv_im2col_nhwc_template();
  const Halide::Target& target = test::kernel_target();
  const ScheduledPipeline scheduled = schedule_op(desc, tmpl, tmpl.baseline(desc, target), target);
  ASSERT_EQ(scheduled.argument_views.size(), 4u);  // input, weights, bias, output
  EXPECT_TRUE(scheduled.argument_views[0].empty());
  EXPECT_EQ(scheduled.argument_views[1], view.weight_shape());
  EXPECT_TRUE(scheduled.argument_views[2].empty());
}

}  // namespace conv_im2col_test
}  // namespace kf
