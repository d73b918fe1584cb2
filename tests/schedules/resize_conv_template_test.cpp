// Resize-convolution templates (resize_conv_direct_nhwc, resize_conv_direct_nchw) against the
// naive reference (explicit upsampling, then the naive convolution).
//
// Small odd shapes over both layouts, both modes, factors 2 and 3, 1D, 2D and 3D, stride,
// groups, bias and activations. Each shape compiles the baseline (upsampled strip per row block)
// and one seeded random config forced to upsample inline, through the binary's shared
// JitSession: 16 kernels in all.
#include "schedules/resize_conv_template.h"

#include <gtest/gtest.h>

#include <memory>
#include <random>
#include <string>

#include "autotune/problem.h"
#include "autotune/tuner.h"
#include "dsl/input_error.h"
#include "dsl/resize_conv_desc.h"
#include "schedules/schedule_helpers.h"
#include "tests/support/shared_jit_session.h"

namespace kf {
namespace resize_conv_template_test {

struct Case {
  const char* name;
  const char* descriptor;  // conv grammar over the small input + upN + mode
};

const Case kCases[] = {
    {"Conv1dUp2NearestNwcBias", "mb1ic5iw7oc9kw3pw1_up2_nearest_nhwc_bia"},
    {"Conv1dUp3LinearNcwStride2", "mb2ic3iw5oc4kw4sw2pw1_up3_bilinear_nchw_relu"},
    {"Up2BilinearNhwcBias", "mb1ic3ih5iw4oc17kh3kw3ph1pw1_up2_bilinear_nhwc_bia"},
    {"Up3NearestNchw", "mb1ic4ih3iw5oc6kh3kw3ph1pw1_up3_nearest_nchw"},
    {"Up2NearestNhwcVectorChannels", "mb1ic16ih3iw5oc16kh3kw3ph1pw1_up2_nearest_nhwc_relu"},
    {"G2Up2BilinearNchw", "g2mb1ic4ih3iw4oc6kh3kw3ph1pw1_up2_bilinear_nchw_bia"},
    {"Up3BilinearNhwcAsymmetric", "mb1ic2ih3iw3oc3kh2kw3sh2pw1_up3_bilinear_nhwc_clamp-0.5:0.5"},
    {"Conv3dUp2TrilinearNdhwc", "mb1ic2id2ih3iw2oc4kd3kh3kw3pd1ph1pw1_up2_bilinear_nhwc"},
};

class ResizeConvTemplateTest : public testing::TestWithParam<Case> {
 protected:
  void SetUp() override {
    desc_ = parse_resize_conv(GetParam().descriptor);
    const auto templates = resize_conv_templates_for(desc_);
    ASSERT_EQ(templates.size(), 1u);
    tmpl_ = templates[0];
  }

  void expect_correct(const Config& config) {
    const Halide::Target& target = test::shared_session().kernel_target();
    SCOPED_TRACE(tmpl_->name() + " {" + tmpl_->knob_space(desc_, target).encode(config) + "} on " +
                 to_string(desc_));
    auto kernel = compile_config(test::shared_session(), desc_, *tmpl_, config);
    ASSERT_TRUE(bool(kernel)) << llvm::toString(kernel.takeError());
    Problem problem(desc_);
    problem.poison_output();
    std::vector<halide_buffer_t*> buffers = problem.buffers();
    ASSERT_EQ(kernel->run(buffers.data(), static_cast<int>(buffers.size())), 0);
    EXPECT_LE(problem.max_error(), problem.tolerance());
  }

  ResizeConvDesc desc_;
  const ResizeConvTemplate* tmpl_ = nullptr;
};

TEST_P(ResizeConvTemplateTest, BaselineAndAnInlineConfigMatchReference) {
  const Halide::Target& target = test::shared_session().kernel_target();
  EXPECT_EQ(tmpl_->name(), desc_.conv.layout == Layout::kNHWC ? "resize_conv_direct_nhwc"
                                                              : "resize_conv_direct_nchw");
  const KnobSpace space = tmpl_->knob_space(desc_, target);
  const int upsample_at = space.index_of("upsample_at");
  const Config baseline = tmpl_->baseline(desc_, target);
  ASSERT_TRUE(space.contains(baseline)) << space.encode(baseline);
  EXPECT_EQ(baseline.values[upsample_at], static_cast<int>(PadAt::kRow));
  expect_correct(baseline);
  std::mt19937_64 rng(std::hash<std::string>()(GetParam().name));
  Config sampled = space.sample(rng);
  sampled.values[upsample_at] = static_cast<int>(PadAt::kInline);
  ASSERT_TRUE(space.contains(sampled));
  EXPECT_EQ(space.decode(space.encode(sampled)), sampled);
  expect_correct(sampled);
}

INSTANTIATE_TEST_SUITE_P(Shapes, ResizeConvTemplateTest, testing::ValuesIn(kCases),
                         [](const testing::TestParamInfo<Case>& info) { return info.param.name; });

TEST(ResizeConvTemplateRegistryTest, FindsTemplatesAndRejectsOtherOps) {
  EXPECT_NE(find_template("resize_conv_direct_nhwc"), nullptr);
  EXPECT_NE(find_template("resize_conv_direct_nchw"), nullptr);
  const std::unique_ptr<OpDesc> conv = parse_op("conv", "mb1ic3ih5oc4kh3");
  EXPECT_FALSE(find_template("resize_conv_direct_nhwc")->applicable(*conv));
  const std::unique_ptr<OpDesc> resize = parse_op("resize_conv", "mb1ic3ih5oc4kh3_up2_nchw");
  ASSERT_EQ(templates_for(*resize).size(), 1u);
  EXPECT_EQ(templates_for(*resize)[0]->name(), "resize_conv_direct_nchw");
  // The whole upsampled tensor up front (conv's pad_at=image) is not a choice here.
  const Halide::Target target = Halide::get_host_target();
  const KnobSpace space = templates_for(*resize)[0]->knob_space(*resize, target);
  EXPECT_EQ(space.knobs()[space.index_of("upsample_at")].values, (std::vector<int>{0, 1}));
  std::string text = space.encode(templates_for(*resize)[0]->baseline(*resize, target));
  ASSERT_NE(text.find("upsample_at=row"), std::string::npos) << text;
  EXPECT_NO_THROW(space.decode(text));
  text.replace(text.find("upsample_at=row"), 15, "upsample_at=image");
  EXPECT_THROW(space.decode(text), InputError);
}

}  // namespace resize_conv_template_test
}  // namespace kf
