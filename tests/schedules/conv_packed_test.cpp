// conv_direct_packed_nhwc and conv_gemm_1x1_packed_nhwc (schedules/conv_packed_template.h):
// conv_direct_nhwc's schedules over weights packed in blocks of one vector of output channels
// (and output-channel chunks handed to threads separately), against the reference on shapes of
// every rank with odd sizes, stride, groups, bias and activations (baseline and sampled configs,
// through OpKernel, which runs the packing stage first); the packed layout element by element;
// which workloads they apply to; and the errors for workloads the packing cannot serve.
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "dsl/conv_algorithm.h"
#include "dsl/conv_desc.h"
#include "dsl/input_error.h"
#include "schedules/conv_packed_template.h"
#include "schedules/op_template.h"
#include "tests/support/check_config.h"
#include "tests/support/shared_jit_session.h"

namespace kf {
namespace conv_packed_test {

constexpr int kRandomConfigs = 2;

std::vector<std::string> names_of(const std::vector<const Template*>& templates) {
  std::vector<std::string> names;
  for (const Template* t : templates) names.push_back(t->name());
  return names;
}

class ConvPackedTemplateTest : public testing::TestWithParam<const char*> {};

TEST_P(ConvPackedTemplateTest, BaselineAndSampledConfigsMatchTheReference) {
  const ConvDesc desc = parse_conv(GetParam());
  const std::vector<const Template*> templates = packed_weight_templates_for(desc);
  ASSERT_FALSE(templates.empty());
  const Halide::Target& target = test::shared_session().kernel_target();
  std::mt19937_64 rng(std::hash<std::string>()(GetParam()));
  for (const Template* tmpl : templates) {
    test::check_config(desc, *tmpl, tmpl->baseline(desc, target), 13);
    const KnobSpace space = tmpl->knob_space(desc, target);
    for (int i = 0; i < kRandomConfigs; ++i) test::check_config(desc, *tmpl, space.sample(rng), 13);
  }
}

INSTANTIATE_TEST_SUITE_P(Shapes, ConvPackedTemplateTest,
                         testing::Values("mb1ic19ih7iw7oc32kh1kw1",           // 1x1: both templates
                                         "mb2ic33ih3iw5oc48kh1kw1_bia_relu",  // 1x1, batch 2
                                         "g2mb1ic6ih7iw9oc32kh3kw3ph1_bia",   // groups
                                         "mb2ic5ih9iw11oc48kh3kw3sh2ph1_relu",  // stride 2
                                         "mb1ic7iw13oc16kw3dw1pw2_bia",         // 1-D, dilated
                                         "mb1ic3id4ih5iw6oc16kd3kh3kw3pd1ph1pw1_clamp0:6"),  // 3-D
                         [](const testing::TestParamInfo<const char*>& info) {
                           std::string name;
                           for (const char* p = info.param; *p; ++p)
                             name += std::isalnum(*p) ? *p : '_';
                           return name;
                         });

TEST(ConvPacked, AppliesToNhwcLayersWithAMultipleOf16OutputChannels) {
  EXPECT_EQ(names_of(packed_weight_templates_for(parse_conv("mb1ic64ih7oc2048kh1"))),
            (std::vector<std::string>{"conv_direct_packed_nhwc", "conv_gemm_1x1_packed_nhwc"}));
  EXPECT_EQ(names_of(packed_weight_templates_for(parse_conv("mb1ic64ih14oc64kh3ph1"))),
            (std::vector<std::string>{"conv_direct_packed_nhwc"}));
  EXPECT_TRUE(packed_weight_templates_for(parse_conv("mb1ic64ih14oc40kh3ph1")).empty());
  EXPECT_TRUE(packed_weight_templates_for(parse_conv("mb1ic64ih14oc64kh1_nchw")).empty());
  // Reachable by name and listed with the other templates of the workload.
  const ConvDesc desc = parse_conv("mb1ic64ih7oc256kh1");
  for (const std::string name : {"conv_direct_packed_nhwc", "conv_gemm_1x1_packed_nhwc"}) {
    ASSERT_NE(find_template(name), nullptr) << name;
    const std::vector<std::string> all = names_of(templates_for(desc));
    EXPECT_NE(std::find(all.begin(), all.end(), name), all.end()) << name;
  }
}

TEST(ConvPacked, PackedWeightShapeNamesTheRuleItBreaks) {
  EXPECT_EQ(packed_weight_shape(parse_conv("g2mb1ic6ih7iw7oc32kh3kw5ph1pw2"), 16),
            (std::vector<int64_t>{2, 3, 5, 3, 16}));
  try {
    (void)packed_weight_shape(parse_conv("mb1ic8ih7oc40kh1"), 16);
    ADD_FAILURE() << "oc 40 in blocks of 16 was accepted";
  } catch (const InputError& e) {
    EXPECT_EQ(e.field(), "oc");
    EXPECT_NE(std::string(e.what()).find("multiple"), std::string::npos) << e.what();
  }
  try {
    (void)packed_weight_shape(parse_conv("mb1ic8ih7oc32kh1_nchw"), 16);
    ADD_FAILURE() << "an NCHW layer was accepted";
  } catch (const InputError& e) {
    EXPECT_EQ(e.field(), "layout");
  }
  const Template& direct = *find_template("conv_direct_packed_nhwc");
  const Halide::Target& target = test::kernel_target();
  EXPECT_THROW((void)direct.knob_space(parse_conv("mb1ic8ih7oc40kh1"), target), InputError);
}

// The packing stage alone: element (k, c, kh, kw) of the HWIO weights lands at
// [k / block][kh][kw][c][k % block].
TEST(ConvPacked, ThePackingStageWritesBlocksOfOutputChannels) {
  const ConvDesc desc = parse_conv("mb1ic3ih6iw6oc32kh2kw3");
  const Template& tmpl = *find_template("conv_direct_packed_nhwc");
  const Halide::Target& target = test::shared_session().kernel_target();
  const ScheduledPipeline scheduled = tmpl.build(desc, tmpl.baseline(desc, target), target);
  ASSERT_EQ(scheduled.packs.size(), 1u);
  const PackStage& pack = scheduled.packs[0];
  EXPECT_EQ(pack.input_index, 1);
  const int block = target.natural_vector_size<float>();
  ASSERT_EQ(pack.packed_shape, packed_weight_shape(desc, block));
  // HWIO (k, c, kw, kh) innermost first, each element its own index.
  Halide::Buffer<float> hwio(32, 3, 3, 2);
  hwio.for_each_element([&](int k, int c, int kw, int kh) {
    hwio(k, c, kw, kh) = k + 100 * c + 1000 * kw + 10000 * kh;
  });
  Halide::Buffer<float> packed(block, 3, 3, 2, 32 / block);
  llvm::Expected<Kernel> kernel = test::shared_session().compile(pack.pipeline, pack.arguments);
  ASSERT_TRUE(static_cast<bool>(kernel)) << llvm::toString(kernel.takeError());
  halide_buffer_t* buffers[2] = {hwio.raw_buffer(), packed.raw_buffer()};
  ASSERT_EQ(kernel->run(buffers, 2), 0);
  int mismatches = 0;
  packed.for_each_element([&](int lane, int c, int kw, int kh, int kb) {
    mismatches += packed(lane, c, kw, kh, kb) != hwio(kb * block + lane, c, kw, kh);
  });
  EXPECT_EQ(mismatches, 0);
}

// One packed kernel outside the per-shape sweep, so the sanitizer run covers the packing stage
// and the blocked weight reads.
TEST(ConvPacked, AOneByOneGemmOverPackedWeightsMatchesTheReference) {
  const ConvDesc desc = parse_conv("mb1ic24ih5iw3oc32kh1kw1_bia");
  const Template& tmpl = *find_template("conv_gemm_1x1_packed_nhwc");
  test::check_config(desc, tmpl, tmpl.baseline(desc, test::shared_session().kernel_target()), 3);
}

// Output-channel chunks taken by threads separately: an even cut (4 tiles in 2 chunks) and an
// uneven one (3 tiles in 2 chunks, the second guarded), with rows split into tasks too.
TEST(ConvPacked, OutputChannelChunksForThreadsMatchTheReference) {
  const Template& tmpl = *find_template("conv_direct_packed_nhwc");
  const Halide::Target& target = test::shared_session().kernel_target();
  for (const char* shape : {"mb1ic5ih6iw7oc64kh3kw3ph1pw1_bia", "mb2ic9ih5iw5oc48kh1kw1"}) {
    const ConvDesc desc = parse_conv(shape);
    const KnobSpace space = tmpl.knob_space(desc, target);
    Config config = tmpl.baseline(desc, target);
    config.values[space.index_of("vectors_k")] = 1;
    config.values[space.index_of("rows_per_task")] = 2;
    config.values[space.index_of("k_tasks")] = 2;
    ASSERT_TRUE(space.contains(config)) << space.encode(config);
    test::check_config(desc, tmpl, config, 5);
  }
}

}  // namespace conv_packed_test
}  // namespace kf
