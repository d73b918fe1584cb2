// The Winograd templates (conv_winograd_f2_nhwc, conv_winograd_f4_nhwc) against the naive
// double-precision reference: odd channel counts (vector and weight-block tails), images whose
// size is not a multiple of the output tile (partial tiles at the right and bottom), valid,
// same and asymmetric padding, bias and ReLU, more than one sample. Each template's baseline and
// seeded random configs are compiled through the binary's shared JitSession, packed once with
// prepare(), and checked against the template's declared error bound. Plain tests cover
// applicability, the accuracy budget and the declared bounds.
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "autotune/problem.h"
#include "autotune/tuner.h"
#include "dsl/conv_desc.h"
#include "dsl/input_error.h"
#include "schedules/conv_winograd_template.h"
#include "tests/support/shared_jit_session.h"

namespace kf {
namespace conv_winograd_test {

constexpr int kRandomConfigs = 2;

// benchdnn descriptors, all 3x3 stride 1.
const char* const kShapes[] = {
    // 5 output channels (4-lane vectors plus a tail), 13 x 9 image (partial tiles).
    "mb1ic7ih13iw9oc5kh3kw3ph1pw1_nhwc",
    // Valid padding, two samples, 19 columns, 17 output channels, bias.
    "mb2ic3ih11iw19oc17kh3kw3ph0pw0_nhwc_bia",
    // End padding 2 (output 10 x 8 from a 9 x 7 input), ReLU.
    "mb1ic5ih9iw7oc9oh10ow8kh3kw3ph1pw1_nhwc_relu",
    // 33 output channels (one block of 33: two vectors and a tail), 17 input channels.
    "mb1ic17ih7iw15oc33kh3kw3ph1pw1_nhwc",
    // Several 16-channel weight blocks, 14 x 14 (14 = 3 x 4 + 2), bias and ReLU.
    "mb2ic32ih14iw14oc64kh3kw3ph1pw1_nhwc_bia_relu",
    // 1-D F(m, 3): 37 columns (partial last tile), two samples, bias; valid padding, 17
    // output channels; 100 columns in several blocks of tiles, ReLU.
    "mb2ic5iw37oc7kw3pw1_nhwc_bia",
    "mb1ic3iw9oc17kw3_nhwc",
    "mb1ic16iw100oc32kw3pw1_nhwc_relu",
    // Channels-first (computed in NHWC, converted inside the pipeline): partial tiles and a
    // channel tail with bias and ReLU, asymmetric end padding, and 1-D.
    "mb2ic7ih13iw9oc17kh3kw3ph1pw1_nchw_bia_relu",
    "mb1ic5ih9iw7oc9oh10ow8kh3kw3ph1pw1_nchw",
    "mb2ic5iw37oc7kw3pw1_nchw_bia",
    // Blocked nChw16c, read and written in place: partial tiles and a partial input block with
    // bias and ReLU; several weight blocks of 16-channel sub-blocks with a clamp above zero;
    // 1-D.
    "mb1ic7ih13iw9oc16kh3kw3ph1pw1_nchw16c_bia_relu",
    "mb2ic32ih14iw14oc64kh3kw3ph1pw1_nchw16c_clamp0.5:6",
    "mb2ic5iw37oc32kw3pw1_nchw16c_bia",
    // Groups of 16 and 32 output channels (AlexNet's conv4/conv5 have two of 192 and 128): one
    // weight block per group, and two blocks per group; channels-first; 1-D, three groups.
    "g2mb1ic12ih9iw11oc32kh3kw3ph1pw1_nhwc_bia",
    "g2mb1ic6ih7iw9oc64kh3kw3ph1pw1_nchw_relu",
    "g3mb1ic9iw13oc48kw3pw1_nhwc",
};

class ConvWinogradTest : public testing::TestWithParam<const char*> {
 protected:
  const Halide::Target& target() const { return test::shared_session().kernel_target(); }

  // Compiles `config` of `tmpl`, packs the weights, runs, and checks the output.
  void expect_correct(const Template& tmpl, const ConvDesc& desc, const Config& config) {
    const std::string knobs = tmpl.knob_space(desc, target()).encode(config);
    SCOPED_TRACE(tmpl.name() + " {" + knobs + "} on " + to_string(desc));
    ConvProblem problem(desc, 5);
    llvm::Expected<OpKernel> kernel = compile_config(test::shared_session(), desc, tmpl, config);
    ASSERT_TRUE(bool(kernel)) << llvm::toString(kernel.takeError());
    std::vector<halide_buffer_t*> buffers = problem.buffers();
    const int count = static_cast<int>(buffers.size());
    problem.poison_output();
    ASSERT_EQ(kernel->prepare(buffers.data(), count), 0);
    ASSERT_EQ(kernel->run(buffers.data(), count), 0);
    EXPECT_LE(problem.max_error(), tmpl.tolerance(desc));
  }
};

TEST_P(ConvWinogradTest, BaselineAndRandomConfigsMatchTheReference) {
  const ConvDesc desc = parse_conv(GetParam());
  const std::vector<const Template*> templates = winograd_templates_for(desc);
  ASSERT_EQ(templates.size(), 2u);
  std::mt19937_64 rng(77);
  for (const Template* tmpl : templates) {
    const KnobSpace space = tmpl->knob_space(desc, target());
    const Config baseline = tmpl->baseline(desc, target());
    ASSERT_TRUE(space.contains(baseline)) << space.encode(baseline);
    expect_correct(*tmpl, desc, baseline);
    for (int i = 0; i < kRandomConfigs; ++i) expect_correct(*tmpl, desc, space.sample(rng));
  }
}

INSTANTIATE_TEST_SUITE_P(Shapes, ConvWinogradTest, testing::ValuesIn(kShapes));

// Weight blocks cut into chunks that threads take apart (k_chunks), 2-D NHWC, blocked and 1-D.
TEST_F(ConvWinogradTest, WeightBlockChunksForThreadsMatchTheReference) {
  const struct {
    const char* shape;
    const char* knobs;
  } cases[] = {
      {"mb2ic32ih14iw14oc64kh3kw3ph1pw1_nhwc_bia_relu",
       "k_block=16,vectors_k=1,tiles=2,register_rows=1,tile_rows=2,parallel_inside=0,k_chunks=4"},
      {"mb2ic32ih14iw14oc64kh3kw3ph1pw1_nchw16c_clamp0.5:6",
       "k_block=32,vectors_k=1,tiles=3,register_rows=1,tile_rows=1,parallel_inside=0,k_chunks=2"},
      {"mb1ic16iw100oc32kw3pw1_nhwc_relu",
       "k_block=16,vectors_k=1,tiles=4,register_rows=1,tile_rows=2,parallel_inside=0,k_chunks=2"},
  };
  for (const auto& c : cases) {
    const ConvDesc desc = parse_conv(c.shape);
    const Template& tmpl = *winograd_templates_for(desc).at(1);  // F(4x4) / F(4,3)
    expect_correct(tmpl, desc, tmpl.knob_space(desc, target()).decode(c.knobs));
  }
}

// Records written before k_chunks existed decode to k_chunks=1, their schedule; chunks must cut
// the weight blocks evenly and cannot be combined with threads inside the stages.
TEST(ConvWinograd, OlderRecordsWithoutWeightChunksStillDecode) {
  const ConvDesc desc = parse_conv("mb1ic64ih56iw56oc64kh3kw3ph1pw1_nhwc");
  const Template& tmpl = *find_template("conv_winograd_f4_nhwc");
  const KnobSpace space = tmpl.knob_space(desc, test::kernel_target());
  const Config old =
      space.decode("k_block=16,vectors_k=1,tiles=14,register_rows=1,tile_rows=1,parallel_inside=1");
  EXPECT_EQ(old.values.back(), 1);
  EXPECT_EQ(space.encode(old),
            "k_block=16,vectors_k=1,tiles=14,register_rows=1,tile_rows=1,parallel_inside=1,"
            "k_chunks=1");
  EXPECT_THROW(space.decode("k_block=16,vectors_k=1,tiles=14,register_rows=1,tile_rows=1,"
                            "parallel_inside=1,k_chunks=2"),
               InputError);
  EXPECT_THROW(space.decode("k_block=64,vectors_k=1,tiles=14,register_rows=1,tile_rows=1,"
                            "parallel_inside=0,k_chunks=2"),
               InputError);  // one block of 64 channels cannot be cut in two
}

TEST(ConvWinograd, AppliesOnlyToThreeTapStrideOneWithWholeVectorGroups) {
  EXPECT_EQ(winograd_templates_for(parse_conv("mb1ic8ih8iw8oc8kh3kw3ph1pw1_nhwc")).size(), 2u);
  EXPECT_EQ(winograd_templates_for(parse_conv("mb1ic8iw8oc8kw3pw1_nhwc")).size(), 2u);
  // Channels-first gets the variants that convert to NHWC inside the pipeline.
  for (const char* nchw : {"mb1ic8ih8iw8oc8kh3kw3ph1pw1_nchw", "mb1ic8iw8oc8kw3pw1_nchw"}) {
    const std::vector<const Template*> found = winograd_templates_for(parse_conv(nchw));
    ASSERT_EQ(found.size(), 2u) << nchw;
    EXPECT_EQ(found[0]->name(), "conv_winograd_f2_nchw_via_nhwc");
    EXPECT_EQ(found[1]->name(), "conv_winograd_f4_nchw_via_nhwc");
  }
  // Blocked layers are computed in their blocks, with whole blocks of output channels.
  for (const char* blocked :
       {"mb1ic8ih8iw8oc16kh3kw3ph1pw1_nchw16c", "mb1ic8iw8oc32kw3pw1_nchw16c"}) {
    const std::vector<const Template*> found = winograd_templates_for(parse_conv(blocked));
    ASSERT_EQ(found.size(), 2u) << blocked;
    EXPECT_EQ(found[0]->name(), "conv_winograd_f2_nchw16c");
    EXPECT_EQ(found[1]->name(), "conv_winograd_f4_nchw16c");
  }
  EXPECT_TRUE(winograd_templates_for(parse_conv("mb1ic8ih8iw8oc24kh3kw3ph1pw1_nchw16c")).empty());
  for (const char* other : {
           "mb1ic8ih8iw8oc8kh3kw3sh2sw2ph1pw1_nhwc",     // stride
           "mb1ic8ih8iw8oc8kh3kw3dh1dw1ph2pw2_nhwc",     // dilation 2
           "g2mb1ic8ih8iw8oc8kh3kw3ph1pw1_nhwc",         // groups of 4 output channels
           "g2mb1ic8ih8iw8oc32kh3kw3ph1pw1_nchw16c",     // groups, blocked
           "mb1ic8ih8iw8oc8kh5kw5ph2pw2_nhwc",           // kernel
           "mb1ic8iw8oc8kw3sw2pw1_nhwc",                 // 1D stride 2
           "mb1ic8iw8oc8kw5pw2_nhwc",                    // 1D kernel 5
           "mb1ic8id4ih8iw8oc8kd3kh3kw3pd1ph1pw1_nhwc",  // 3D
       }) {
    EXPECT_TRUE(winograd_templates_for(parse_conv(other)).empty()) << other;
  }
}

TEST(ConvWinograd, RegistryFindsBothVariantsAfterTheDirectTemplate) {
  const ConvDesc desc = parse_conv("mb1ic64ih56iw56oc64kh3kw3ph1pw1_nhwc");
  const std::vector<const Template*> all = templates_for(desc);
  ASSERT_EQ(all.size(), 5u);  // then im2col + GEMM, and the direct one over packed weights
  EXPECT_EQ(all[0]->name(), "conv_direct_nhwc");
  EXPECT_EQ(all[1]->name(), "conv_winograd_f2_nhwc");
  EXPECT_EQ(all[2]->name(), "conv_winograd_f4_nhwc");
  EXPECT_EQ(all[3]->name(), "conv_im2col_nhwc");
  EXPECT_EQ(all[4]->name(), "conv_direct_packed_nhwc");
  EXPECT_EQ(find_template("conv_winograd_f4_nhwc"), all[2]);
  EXPECT_EQ(all[2]->variant(desc), "winograd F(4x4,3x3)");
  EXPECT_EQ(all[2]->variant(parse_conv("mb1ic8iw8oc8kw3pw1_nhwc")), "winograd F(4,3)");
}

TEST(ConvWinograd, AccuracyBudgetDecidesWhichVariantsMayRun) {
  const ConvDesc desc = parse_conv("mb1ic64ih56iw56oc64kh3kw3ph1pw1_nhwc");
  auto names = [&](double budget) {
    std::vector<std::string> result;
    for (const Template* t : templates_within(desc, budget)) result.push_back(t->name());
    return result;
  };
  const std::vector<std::string> strict = names(accuracy_budget("strict", desc));
  // im2col and packed weights sum the same products as the direct convolution: as accurate.
  EXPECT_EQ(strict, (std::vector<std::string>{"conv_direct_nhwc", "conv_winograd_f2_nhwc",
                                              "conv_im2col_nhwc", "conv_direct_packed_nhwc"}));
  EXPECT_EQ(names(accuracy_budget("default", desc)).size(), 5u);
  EXPECT_EQ(names(accuracy_budget("fast", desc)).size(), 5u);
  EXPECT_EQ(names(accuracy_budget("1e-9", desc)), std::vector<std::string>{});
}

TEST(ConvWinograd, AccuracyBudgetRejectsWhatIsNotABound) {
  const ConvDesc desc = parse_conv("mb1ic8ih8iw8oc8kh3kw3ph1pw1_nhwc");
  for (const char* bad : {"", "loose", "-1e-4", "0", "1e-4x", "inf"}) {
    try {
      accuracy_budget(bad, desc);
      ADD_FAILURE() << "accepted '" << bad << "'";
    } catch (const InputError& e) {
      EXPECT_EQ(e.field(), "accuracy") << bad;
      EXPECT_NE(std::string(e.what()).find("strict, default, fast"), std::string::npos) << bad;
    }
  }
}

TEST(ConvWinograd, DeclaredErrorsGrowWithTileAndReduction) {
  const ConvDesc small = parse_conv("mb1ic8ih8iw8oc8kh3kw3ph1pw1_nhwc");
  const ConvDesc large = parse_conv("mb1ic512ih8iw8oc8kh3kw3ph1pw1_nhwc");
  const Template* f2 = find_template("conv_winograd_f2_nhwc");
  const Template* f4 = find_template("conv_winograd_f4_nhwc");
  ASSERT_TRUE(f2 && f4);
  EXPECT_GE(f2->tolerance(small), small.tolerance());
  EXPECT_LT(f2->tolerance(large), f4->tolerance(large));
  EXPECT_LT(f4->tolerance(small), f4->tolerance(large));
}

}  // namespace conv_winograd_test
}  // namespace kf
