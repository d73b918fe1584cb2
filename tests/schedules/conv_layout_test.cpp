// conv_nchw_via_nhwc (schedules/conv_layout_template.h): NCHW convolutions computed in NHWC
// with both conversions in the pipeline, against the reference on shapes of every rank with
// odd sizes, stride, dilation, groups, bias and activations; baseline and sampled configs of
// the NHWC knob space it borrows. Plus its place in the registry.
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "autotune/problem.h"
#include "autotune/tuner.h"
#include "dsl/conv_desc.h"
#include "schedules/conv_layout_template.h"
#include "schedules/op_template.h"
#include "tests/support/shared_jit_session.h"

namespace kf {
namespace conv_layout_test {

constexpr int kRandomConfigs = 2;

class ConvLayoutTemplateTest : public testing::TestWithParam<const char*> {};

// Compiles `config`, packs the weights, runs and checks against the reference.
void check(const ConvDesc& desc, const Template& tmpl, const Config& config) {
  JitSession& session = test::shared_session();
  const std::string label =
      tmpl.name() + " {" + tmpl.knob_space(desc, session.kernel_target()).encode(config) + "}";
  llvm::Expected<OpKernel> kernel = compile_config(session, desc, tmpl, config);
  ASSERT_TRUE(static_cast<bool>(kernel)) << label << ": " << llvm::toString(kernel.takeError());
  ASSERT_TRUE(kernel->needs_prepare()) << label;
  ConvProblem problem(desc, 5);
  problem.poison_output();
  std::vector<halide_buffer_t*> buffers = problem.buffers();
  const int count = static_cast<int>(buffers.size());
  ASSERT_EQ(kernel->prepare(buffers.data(), count), 0) << label;
  ASSERT_EQ(kernel->run(buffers.data(), count), 0) << label;
  EXPECT_LE(problem.max_error(), problem.tolerance()) << label << " on " << desc.to_string();
}

TEST_P(ConvLayoutTemplateTest, BaselineAndSampledConfigsMatchTheReference) {
  const ConvDesc desc = parse_conv(GetParam());
  ASSERT_EQ(desc.layout, Layout::kNCHW);
  const Template* tmpl = find_template("conv_nchw_via_nhwc");
  ASSERT_NE(tmpl, nullptr);
  ASSERT_TRUE(tmpl->applicable(desc));
  const Halide::Target& target = test::shared_session().kernel_target();
  check(desc, *tmpl, tmpl->baseline(desc, target));
  std::mt19937_64 rng(std::hash<std::string>()(GetParam()));
  const KnobSpace space = tmpl->knob_space(desc, target);
  for (int i = 0; i < kRandomConfigs; ++i) check(desc, *tmpl, space.sample(rng));
}

INSTANTIATE_TEST_SUITE_P(Shapes, ConvLayoutTemplateTest,
                         testing::Values("mb1ic7ih9iw11oc19kh3kw3ph1pw1_nchw",
                                         "mb2ic8ih10iw9oc16kh3kw3sh2sw2ph1pw1_nchw_bia",
                                         "g2mb1ic6ih7iw5oc10kh3kw1ph1pw0_nchw_bia_relu",
                                         "mb1ic6ih11oc10kh3dh1ph2_nchw_clamp0:6",
                                         "mb2ic5iw23oc7kw5sw3pw2_nchw_bia",
                                         "mb1ic3id5ih6iw7oc5kd3kh3kw3pd1ph0pw1_nchw_relu",
                                         "mb1ic17ih1iw1oc33kh1kw1_nchw"),
                         [](const testing::TestParamInfo<const char*>& info) {
                           std::string name;
                           for (const char* p = info.param; *p; ++p)
                             name += std::isalnum(*p) ? *p : '_';
                           return name;
                         });

TEST(ConvLayout, OnlyNchwWorkloadsGetTheNhwcInternalLayout) {
  const std::vector<const Template*> nchw = templates_for(parse_conv("mb1ic64ih56oc64kh3ph1_nchw"));
  bool found = false;
  for (const Template* t : nchw) found = found || t->name() == "conv_nchw_via_nhwc";
  EXPECT_TRUE(found);
  for (const Template* t : templates_for(parse_conv("mb1ic64ih56oc64kh3ph1_nhwc"))) {
    EXPECT_NE(t->name(), "conv_nchw_via_nhwc");
  }
}

}  // namespace conv_layout_test
}  // namespace kf
