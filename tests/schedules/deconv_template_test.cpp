// Transposed-convolution templates (deconv_subpixel_nhwc, deconv_subpixel_nchw) against the
// naive scatter-form reference.
//
// DeconvTemplateTest is value-parameterised over small odd shapes that hit the sub-pixel tails:
// output sizes that are not multiples of the stride, positive and negative pad_end, stride 2 and
// 3, dilation (also with phases that get no tap), groups, bias and ReLU, both layouts, both
// weight layouts, 1D/2D/3D. Each shape compiles the baseline and one seeded random config
// through one JitSession shared by the binary (about 40 kernels in all).
#include "schedules/deconv_template.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <memory>
#include <random>
#include <string>

#include "autotune/problem.h"
#include "autotune/tuner.h"
#include "dsl/deconv_desc.h"
#include "jit/jit_session.h"
#include "jit/op_kernel.h"
#include "tests/support/shared_jit_session.h"

namespace kf {
namespace deconv_template_test {

struct Case {
  const char* name;
  const char* descriptor;  // benchdnn deconv grammar (0-based dilation) + tags
};

const Case kCases[] = {
    {"K4S2P1Nhwc", "mb1ic7ih5iw6oc17kh4kw4sh2sw2ph1pw1_nhwc_bia"},
    {"FewChannelsTransposedNhwc", "mb1ic21ih6iw19oc3kh5kw5sh2sw2ph2pw2_nhwc_bia"},
    {"K4S2P1NchwRelu", "mb1ic5ih5iw7oc6kh4kw4sh2sw2ph1pw1_nchw_relu"},
    {"K3S2OddOutNhwcPt", "mb2ic3ih4iw5oc9oh8ow10kh3kw3sh2sw2ph1pw1_nhwc_wpt_relu"},
    {"K3S2OddOutNchwTf", "mb1ic4ih4iw9oc3oh8ow18kh3kw3sh2sw2ph1pw1_nchw_wtf_bia"},
    {"K2S2NegPadEndNhwc", "mb1ic9ih3iw4oc20oh7ow9kh2kw2sh2sw2_nhwc"},
    {"K5S3Nchw", "mb1ic3ih4iw5oc5kh5kw5sh3sw3ph2pw1_nchw_bia"},
    {"K3S3Nhwc", "mb1ic5ih3iw5oc16kh3kw3sh3sw3ph1pw0_nhwc_relu"},
    {"Dil2S2Nhwc", "mb1ic3ih4iw5oc8kh3kw3sh2sw2dh1dw1ph1pw2_nhwc_bia"},
    {"Dil2S1Nchw", "mb1ic4ih6iw7oc5kh3kw3dh1dw1ph2pw2_nchw"},
    {"G3S2Nhwc", "g3mb1ic6ih5iw5oc9kh4kw4sh2sw2ph1pw1_nhwc_bia_relu"},
    {"G2S2Nchw", "g2mb1ic4ih5iw6oc6kh3kw3sh2sw2ph1pw1_nchw"},
    {"Conv1dS2Nwc", "mb2ic5iw9oc7kw4sw2pw1_nhwc_bia"},
    {"Conv1dS3Ncw", "mb1ic3iw11oc4kw5sw3pw2_nchw_wtf"},
    {"Conv3dS2Ndhwc", "mb1ic4id3ih4iw5oc8kd3kh4kw3sd2sh2sw2pd1ph1pw1_nhwc"},
    {"Conv3dS2Ncdhw", "mb1ic3id3ih3iw5oc5kd2kh2kw3sd2sh2sw2pw1_nchw_bia"},
    {"K1S2Nhwc", "mb1ic16ih5iw5oc16kh1kw1sh2sw2_nhwc"},
    {"S1Nhwc", "mb1ic6ih7iw9oc18kh3kw3ph1pw1_nhwc_relu"},
    {"S1Nchw", "mb1ic6ih7iw19oc4kh3kw3ph1pw1_nchw"},
    {"Dil2S2NoTapPhasesNchw", "mb1ic2ih5iw6oc3kh2kw2sh2sw2dh1dw1_nchw_bia"},
    {"Dil3S2Nhwc", "mb1ic2ih5iw6oc16kh2kw2sh2sw2dh2dw2ph1pw1_nhwc"},
};

class DeconvTemplateTest : public testing::TestWithParam<Case> {
 protected:
  void SetUp() override {
    desc_ = parse_deconv(GetParam().descriptor);
    templates_ = deconv_templates_for(desc_);
    // NHWC: the channels-last template and the channels-first one with conversions.
    ASSERT_EQ(templates_.size(), desc_.layout == Layout::kNHWC ? 2u : 1u);
  }

  void expect_correct(const Config& config) {
    const Halide::Target& target = test::shared_session().kernel_target();
    SCOPED_TRACE(tmpl_->name() + " {" + tmpl_->knob_space(desc_, target).encode(config) + "} on " +
                 to_string(desc_));
    llvm::Expected<OpKernel> kernel = compile_config(test::shared_session(), desc_, *tmpl_, config);
    ASSERT_TRUE(bool(kernel)) << llvm::toString(kernel.takeError());
    Problem problem(desc_);
    problem.poison_output();
    std::vector<halide_buffer_t*> buffers = problem.buffers();
    const int count = static_cast<int>(buffers.size());
    ASSERT_EQ(kernel->prepare(buffers.data(), count), 0);
    ASSERT_EQ(kernel->run(buffers.data(), count), 0);
    EXPECT_LE(problem.max_error(), problem.tolerance());
  }

  DeconvDesc desc_;
  std::vector<const DeconvTemplate*> templates_;
  const DeconvTemplate* tmpl_ = nullptr;
};

TEST_P(DeconvTemplateTest, BaselineAndASampledConfigMatchReference) {
  const Halide::Target& target = test::shared_session().kernel_target();
  for (const DeconvTemplate* tmpl : templates_) {
    tmpl_ = tmpl;
    const KnobSpace space = tmpl_->knob_space(desc_, target);
    const Config baseline = tmpl_->baseline(desc_, target);
    ASSERT_TRUE(space.contains(baseline)) << space.encode(baseline);
    expect_correct(baseline);
    std::mt19937_64 rng(std::hash<std::string>()(GetParam().name + tmpl_->name()));
    Config sampled = space.sample(rng);
    for (int i = 0; i < 10 && sampled == baseline; ++i) sampled = space.sample(rng);
    EXPECT_EQ(space.decode(space.encode(sampled)), sampled);
    expect_correct(sampled);
  }
}

INSTANTIATE_TEST_SUITE_P(Shapes, DeconvTemplateTest, testing::ValuesIn(kCases),
                         [](const testing::TestParamInfo<Case>& info) { return info.param.name; });

// Prepacked weights: run() refuses to run before prepare(), reads the packed copy (not the
// user's buffer) afterwards, and a second prepare() picks up changed weights.
TEST(DeconvPrepackedWeightsTest, RunReadsTheCopyMadeByPrepare) {
  const DeconvDesc desc = parse_deconv("mb1ic8ih5iw6oc16kh4kw4sh2sw2ph1pw1_nhwc");
  const DeconvTemplate& tmpl = *find_deconv_template("deconv_subpixel_nhwc");
  JitSession& session = test::shared_session();
  const Config config = tmpl.baseline(desc, session.kernel_target());
  ASSERT_EQ(tmpl.weight_source(config), DeconvWeightSource::kPrepacked);
  llvm::Expected<OpKernel> kernel = compile_config(session, desc, tmpl, config);
  ASSERT_TRUE(bool(kernel)) << llvm::toString(kernel.takeError());
  ASSERT_TRUE(kernel->needs_prepare());
  ASSERT_EQ(kernel->packs().size(), 1u);
  EXPECT_EQ(kernel->packs()[0].shape, (std::vector<int64_t>{2, 2, 2, 2, 8, 16}));

  Problem problem(desc);
  std::vector<halide_buffer_t*> buffers = problem.buffers();
  const int count = static_cast<int>(buffers.size());
  EXPECT_EQ(kernel->run(buffers.data(), count), OpKernel::kNotPrepared);
  ASSERT_EQ(kernel->prepare(buffers.data(), count), 0);

  float* weights = reinterpret_cast<float*>(buffers[1]->host);
  const int64_t weight_count = element_count(desc.weight_shape());
  for (int64_t i = 0; i < weight_count; ++i) weights[i] *= 2.0f;
  problem.poison_output();
  ASSERT_EQ(kernel->run(buffers.data(), count), 0);
  EXPECT_LE(problem.max_error(), problem.tolerance()) << "run() must read the packed copy";

  ASSERT_EQ(kernel->prepare(buffers.data(), count), 0);
  problem.poison_output();
  ASSERT_EQ(kernel->run(buffers.data(), count), 0);
  const int64_t outputs = element_count(desc.output_shape());
  double worst = 0;
  for (int64_t i = 0; i < outputs; ++i) {
    const double expected = 2.0 * problem.reference()[i];
    worst = std::max(worst, std::abs(problem.output()[i] - expected) / (1 + std::abs(expected)));
  }
  EXPECT_LE(worst, 2 * problem.tolerance()) << "prepare() must repack changed weights";
}

TEST(DeconvTemplateRegistryTest, FindsTemplatesByNameAndRejectsOtherOps) {
  EXPECT_NE(find_template("deconv_subpixel_nhwc"), nullptr);
  EXPECT_NE(find_template("deconv_subpixel_nchw"), nullptr);
  const std::unique_ptr<OpDesc> conv = parse_op("conv", "mb1ic3ih5oc4kh3");
  EXPECT_FALSE(find_template("deconv_subpixel_nhwc")->applicable(*conv));
  // Few output channels: the channels-first computation comes first; many: channels-last.
  const std::unique_ptr<OpDesc> few = parse_op("deconv", "mb1ic3ih5oc4kh3sh2");
  ASSERT_EQ(templates_for(*few).size(), 2u);
  EXPECT_EQ(templates_for(*few)[0]->name(), "deconv_subpixel_nhwc_via_nchw");
  const std::unique_ptr<OpDesc> many = parse_op("deconv", "mb1ic3ih5oc32kh3sh2");
  EXPECT_EQ(templates_for(*many)[0]->name(), "deconv_subpixel_nhwc");
  EXPECT_EQ(templates_for(*many)[1]->name(), "deconv_subpixel_nhwc_via_nchw");
}

TEST(DeconvPhasesTest, DesignFormulaForDilationOne) {
  // k4 s2 p1: phase p uses taps (p + 1) % 2 + 2t at input offset (p + 1) / 2 - t.
  const DeconvDesc d = parse_deconv("mb1ic1iw8oc1kw4sw2pw1");
  const DeconvPhases ph = deconv_phases(d, 0);
  EXPECT_EQ(ph.first, (std::vector<int>{1, 0}));
  EXPECT_EQ(ph.offset, (std::vector<int>{0, 1}));
  EXPECT_EQ(ph.taps, (std::vector<int>{2, 2}));
  // Dilation 2 at stride 2 (gcd 2): odd phases get no tap.
  const DeconvPhases dil = deconv_phases(parse_deconv("mb1ic1iw5oc1kw2sw2dw1"), 0);
  EXPECT_EQ(dil.taps, (std::vector<int>{2, 0}));
  EXPECT_EQ(dil.input_step, 1);
}

}  // namespace deconv_template_test
}  // namespace kf
