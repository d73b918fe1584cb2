// Fused epilogues and batch-norm folding: clamp (ReLU6) semantics and tags, and conv -> bn
// computed directly equals the folded conv, in both layouts, with and without a conv bias.
#include "dsl/conv_fusion.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

#include "dsl/conv_desc.h"
#include "dsl/conv_reference.h"
#include "dsl/input_error.h"

namespace kf {
namespace conv_fusion_test {

std::vector<float> random_values(size_t n, float lo, float hi, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<float> v(n);
  for (float& x : v) x = lo + (hi - lo) * static_cast<float>(rng() >> 40) / (1 << 24);
  return v;
}

TEST(ConvClampTest, TagParsesPrintsAndRoundTrips) {
  const ConvDesc d = parse_conv("mb1ic3ih5oc4kh3_clamp0:6");
  EXPECT_EQ(d.activation, Activation::kClamp);
  EXPECT_EQ(d.clamp_min, 0.0f);
  EXPECT_EQ(d.clamp_max, 6.0f);
  EXPECT_EQ(parse_conv(to_string(d)), d);
  const ConvDesc negative = parse_conv("mb1ic3ih5oc4kh3_clamp-1.5:0.25");
  EXPECT_EQ(negative.clamp_min, -1.5f);
  EXPECT_EQ(parse_conv(to_string(negative)), negative);
  EXPECT_NE(workload_key(d), workload_key(negative));
}

TEST(ConvClampTest, BadBoundsAreErrors) {
  for (const char* text : {"mb1ic3ih5oc4kh3_clamp6:0", "mb1ic3ih5oc4kh3_clamp1:1"}) {
    try {
      parse_conv(text);
      ADD_FAILURE() << text;
    } catch (const InputError& e) {
      EXPECT_EQ(e.field(), "clamp") << e.what();
    }
  }
  for (const char* text :
       {"mb1ic3ih5oc4kh3_clamp0", "mb1ic3ih5oc4kh3_clampa:b", "mb1ic3ih5oc4kh3_relu_clamp0:6"}) {
    try {
      parse_conv(text);
      ADD_FAILURE() << text;
    } catch (const InputError& e) {
      EXPECT_EQ(e.field(), "descriptor") << e.what();
    }
  }
}

TEST(ConvClampTest, ReferenceClampsBothSides) {
  // 1x1 conv with weight 10 on inputs -1, 0.1, 1: 10*x clamped to [0, 6] -> 0, 1, 6.
  const ConvDesc d = parse_conv("mb1ic1iw3oc1kw1_clamp0:6");
  const std::vector<float> input = {-1.0f, 0.1f, 1.0f}, weights = {10.0f};
  std::vector<float> out(3);
  conv_reference(d, input.data(), weights.data(), nullptr, out.data());
  EXPECT_FLOAT_EQ(out[0], 0.0f);
  EXPECT_FLOAT_EQ(out[1], 1.0f);
  EXPECT_FLOAT_EQ(out[2], 6.0f);
}

class FoldBatchNormTest : public ::testing::TestWithParam<std::string> {};

TEST_P(FoldBatchNormTest, FoldedConvEqualsConvThenBatchNorm) {
  const ConvDesc desc = parse_conv(GetParam());
  const auto input = random_values(desc.input_elements(), -1, 1, 1);
  const auto weights = random_values(desc.weight_elements(), -1, 1, 2);
  const auto bias = random_values(desc.oc, -1, 1, 3);
  BatchNormParams bn{random_values(desc.oc, -1, 1, 4), random_values(desc.oc, 0, 2, 5),
                     random_values(desc.oc, 0.5f, 2, 6), random_values(desc.oc, -1, 1, 7), 1e-3f};

  // conv (no activation) -> batch norm -> the descriptor's activation, by hand.
  ConvDesc plain = desc;
  plain.activation = Activation::kNone;
  std::vector<float> conv_out(desc.output_elements());
  conv_reference(plain, input.data(), weights.data(), desc.bias ? bias.data() : nullptr,
                 conv_out.data());
  const int64_t pixels = desc.output_elements() / desc.oc / desc.mb;
  std::vector<double> expected(conv_out.size());
  for (size_t i = 0; i < conv_out.size(); ++i) {
    const int64_t o = desc.layout == Layout::kNHWC ? i % desc.oc : (i / pixels) % desc.oc;
    double y = bn.gamma[o] * (conv_out[i] - bn.mean[o]) / std::sqrt(bn.variance[o] + bn.epsilon) +
               bn.beta[o];
    if (desc.activation == Activation::kRelu) y = std::max(y, 0.0);
    expected[i] = y;
  }

  const FoldedConv folded =
      fold_batch_norm(desc, weights.data(), desc.bias ? bias.data() : nullptr, bn);
  EXPECT_TRUE(folded.desc.bias);
  std::vector<float> out(desc.output_elements());
  conv_reference(folded.desc, input.data(), folded.weights.data(), folded.bias.data(), out.data());
  for (size_t i = 0; i < out.size(); ++i) {
    ASSERT_NEAR(out[i], expected[i], 1e-4 * (1 + std::fabs(expected[i]))) << i;
  }
}

INSTANTIATE_TEST_SUITE_P(Layouts, FoldBatchNormTest,
                         ::testing::Values("mb2ic5ih7iw6oc3kh3kw3ph1pw1_nhwc_bia_relu",
                                           "mb2ic5ih7iw6oc3kh3kw3ph1pw1_nchw",
                                           "g3mb1ic6ih5oc9kh3ph1_nchw_bia",
                                           "mb1ic4iw9oc7kw3sw2_nhwc"));

TEST(FoldBatchNormErrors, WrongSizesAndNegativeVarianceAreNamed) {
  const ConvDesc desc = parse_conv("mb1ic2ih4oc3kh3");
  const std::vector<float> weights(desc.weight_elements(), 1.0f);
  BatchNormParams bn{{0, 0, 0}, {1, 1}, {1, 1, 1}, {0, 0, 0}, 1e-5f};
  try {
    fold_batch_norm(desc, weights.data(), nullptr, bn);
    ADD_FAILURE();
  } catch (const InputError& e) {
    EXPECT_EQ(e.field(), "batch norm variance");
  }
  bn.variance = {1, -1, 1};
  try {
    fold_batch_norm(desc, weights.data(), nullptr, bn);
    ADD_FAILURE();
  } catch (const InputError& e) {
    EXPECT_EQ(e.field(), "batch norm variance");
    EXPECT_NE(e.rule().find("channel 1"), std::string::npos) << e.what();
  }
}

}  // namespace conv_fusion_test
}  // namespace kf
