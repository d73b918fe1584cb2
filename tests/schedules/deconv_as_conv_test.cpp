// Stride-1 transposed convolutions computed by the convolution templates (deconv_as_conv_*)
// against the naive scatter-form deconvolution reference.
//
// DeconvAsConvTemplateTest is value-parameterised over small odd shapes: both activation and
// weight layouts, groups (also through Winograd), dilation, 1x1, 1-D and 3-D, bias and ReLU. Every
// adapter that applies to a shape compiles its baseline and one seeded random config (with its
// packing stage, which flips the weights or, for Winograd, transforms the flipped weights) in the
// binary's shared JitSession, and is checked with its template's tolerance.
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "autotune/problem.h"
#include "autotune/tuner.h"
#include "dsl/deconv_desc.h"
#include "jit/op_kernel.h"
#include "schedules/deconv_as_conv_template.h"
#include "tests/support/shared_jit_session.h"

namespace kf {
namespace deconv_as_conv_test {

struct Case {
  const char* name;
  const char* descriptor;              // benchdnn deconv grammar (0-based dilation) + tags
  std::vector<std::string> templates;  // the adapters expected to apply, in order
};

const Case kCases[] = {
    {"Nhwc3x3TfBiasRelu",
     "mb1ic5ih7iw9oc16kh3kw3ph1pw1_nhwc_wtf_bia_relu",
     {"deconv_as_conv_direct_nhwc", "deconv_as_conv_winograd_f2_nhwc",
      "deconv_as_conv_winograd_f4_nhwc"}},
    {"Nchw3x3PtUnevenPads",
     "mb2ic4ih6iw7oc6kh3kw3ph0pw2_nchw_wpt_bia",
     {"deconv_as_conv_direct_nchw", "deconv_as_conv_winograd_f2_nchw_via_nhwc",
      "deconv_as_conv_winograd_f4_nchw_via_nhwc"}},
    {"Nhwc1x1",
     "mb1ic8ih5iw7oc16kh1kw1_nhwc_wtf",
     {"deconv_as_conv_direct_nhwc", "deconv_as_conv_gemm_1x1_nhwc"}},
    {"Nhwc3x3GroupsPt",
     "g2mb1ic8ih6iw7oc32kh3kw3ph1pw1_nhwc_wpt_bia",
     {"deconv_as_conv_direct_nhwc", "deconv_as_conv_winograd_f2_nhwc",
      "deconv_as_conv_winograd_f4_nhwc"}},
    {"Nhwc5x5GroupsPt",
     "g2mb1ic6ih6iw7oc8kh5kw5ph2pw2_nhwc_wpt_bia",
     {"deconv_as_conv_direct_nhwc"}},
    {"Nwc1dWinograd",
     "mb1ic5iw13oc16kw3pw1_nhwc_bia",
     {"deconv_as_conv_direct_nhwc", "deconv_as_conv_winograd_f2_nhwc",
      "deconv_as_conv_winograd_f4_nhwc"}},
    {"Ncdhw3dDilated",
     "mb1ic3id3ih4iw5oc4kd2kh3kw2dh1pd1ph2pw1_nchw",
     {"deconv_as_conv_direct_nchw"}},
};

class DeconvAsConvTemplateTest : public testing::TestWithParam<Case> {
 protected:
  void expect_correct(const DeconvDesc& desc, const Template& tmpl, const Config& config) {
    JitSession& session = test::shared_session();
    SCOPED_TRACE(tmpl.name() + " {" +
                 tmpl.knob_space(desc, session.kernel_target()).encode(config) + "} on " +
                 to_string(desc));
    llvm::Expected<OpKernel> kernel = compile_config(session, desc, tmpl, config);
    ASSERT_TRUE(bool(kernel)) << llvm::toString(kernel.takeError());
    ASSERT_TRUE(kernel->needs_prepare());
    Problem problem(desc);
    problem.poison_output();
    std::vector<halide_buffer_t*> buffers = problem.buffers();
    const int count = static_cast<int>(buffers.size());
    ASSERT_EQ(kernel->prepare(buffers.data(), count), 0);
    ASSERT_EQ(kernel->run(buffers.data(), count), 0);
    EXPECT_LE(problem.max_error(), tmpl.tolerance(desc));
  }
};

TEST_P(DeconvAsConvTemplateTest, BaselineAndASampledConfigMatchReference) {
  const DeconvDesc desc = parse_deconv(GetParam().descriptor);
  const Halide::Target& target = test::shared_session().kernel_target();
  std::vector<std::string> names;
  for (const Template* t : deconv_as_conv_templates_for(desc)) names.push_back(t->name());
  ASSERT_EQ(names, GetParam().templates);
  for (const Template* tmpl : deconv_as_conv_templates_for(desc)) {
    const KnobSpace space = tmpl->knob_space(desc, target);
    const Config baseline = tmpl->baseline(desc, target);
    ASSERT_TRUE(space.contains(baseline)) << space.encode(baseline);
    expect_correct(desc, *tmpl, baseline);
    std::mt19937_64 rng(std::hash<std::string>()(std::string(GetParam().name) + tmpl->name()));
    Config sampled = space.sample(rng);
    for (int i = 0; i < 10 && sampled == baseline; ++i) sampled = space.sample(rng);
    expect_correct(desc, *tmpl, sampled);
  }
}

INSTANTIATE_TEST_SUITE_P(Shapes, DeconvAsConvTemplateTest, testing::ValuesIn(kCases),
                         [](const testing::TestParamInfo<Case>& info) { return info.param.name; });

// The registry offers the adapters for stride-1 layers after the sub-pixel templates (whose
// baseline stays the deconvolution's default), and none for strided layers.
TEST(DeconvAsConvRegistryTest, StrideOneLayersGetTheConvolutionTemplatesStridedOnesDoNot) {
  const DeconvDesc stride_one = parse_deconv("mb1ic16ih8iw8oc16kh3kw3ph1pw1_nhwc");
  const std::vector<const Template*> all = templates_for(stride_one);
  ASSERT_GE(all.size(), 4u);
  EXPECT_EQ(all[0]->name(), "deconv_subpixel_nhwc");
  EXPECT_EQ(all.back()->name(), "deconv_as_conv_winograd_f4_nhwc");
  EXPECT_EQ(find_template("deconv_as_conv_winograd_f4_nhwc"), all.back());
  for (const Template* t : templates_for(parse_deconv("mb1ic16ih8iw8oc16kh4kw4sh2sw2ph1pw1"))) {
    EXPECT_EQ(t->name().find("deconv_as_conv"), std::string::npos) << t->name();
  }
}

// F(4x4,3x3) declares a looser bound than the op's, and says what it is.
TEST(DeconvAsConvRegistryTest, WinogradAdapterDeclaresItsVariantAndError) {
  const DeconvDesc desc = parse_deconv("mb1ic64ih8iw8oc16kh3kw3ph1pw1_nhwc");
  const Template& f4 = *find_template("deconv_as_conv_winograd_f4_nhwc");
  const Template& direct = *find_template("deconv_as_conv_direct_nhwc");
  EXPECT_GT(f4.tolerance(desc), desc.tolerance());
  EXPECT_EQ(direct.tolerance(desc), desc.tolerance());
  EXPECT_NE(f4.variant(desc).find("F(4x4,3x3)"), std::string::npos) << f4.variant(desc);
}

// Under the sanitizers too: one Winograd adapter kernel, whose packing stage transforms the
// flipped weights, against the reference.
TEST(DeconvAsConvRegistryTest, WinogradKernelPacksTheFlippedWeights) {
  const DeconvDesc desc = parse_deconv("mb1ic6ih5iw7oc16kh3kw3ph1pw2_nhwc_wtf_bia");
  const Template& f2 = *find_template("deconv_as_conv_winograd_f2_nhwc");
  JitSession& session = test::shared_session();
  llvm::Expected<OpKernel> kernel =
      compile_config(session, desc, f2, f2.baseline(desc, session.kernel_target()));
  ASSERT_TRUE(bool(kernel)) << llvm::toString(kernel.takeError());
  ASSERT_EQ(kernel->packs().size(), 1u);
  Problem problem(desc);
  problem.poison_output();
  std::vector<halide_buffer_t*> buffers = problem.buffers();
  const int count = static_cast<int>(buffers.size());
  EXPECT_EQ(kernel->run(buffers.data(), count), OpKernel::kNotPrepared);
  ASSERT_EQ(kernel->prepare(buffers.data(), count), 0);
  ASSERT_EQ(kernel->run(buffers.data(), count), 0);
  EXPECT_LE(problem.max_error(), f2.tolerance(desc));
}

}  // namespace deconv_as_conv_test
}  // namespace kf
