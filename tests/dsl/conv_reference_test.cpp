// conv_reference against tiny problems worked out by hand (padding, stride, dilation, groups,
// bias + ReLU, negative and large right pads, 1D and 3D), and NCHW vs NHWC agreement after
// transposing the same data.
#include "dsl/conv_reference.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "dsl/conv_desc.h"
#include "dsl/input_error.h"

namespace kf {
namespace conv_reference_test {

using Floats = std::vector<float>;

Floats run(const std::string& text, const Floats& input, const Floats& weights,
           const Floats& bias = {}) {
  const ConvDesc d = parse_conv(text);
  EXPECT_EQ(static_cast<int64_t>(input.size()), d.input_elements());
  EXPECT_EQ(static_cast<int64_t>(weights.size()), d.weight_elements());
  Floats out(d.output_elements(), -12345.0f);
  conv_reference(d, input.data(), weights.data(), bias.empty() ? nullptr : bias.data(), out.data());
  return out;
}

// 0, 1, 2, ... : element (y, x) of an h x w image holds w * y + x.
Floats iota(int n) {
  Floats v(n);
  for (int i = 0; i < n; ++i) v[i] = static_cast<float>(i);
  return v;
}

TEST(ConvReference, ThreeByThreeInputTwoByTwoKernel) {
  // [1 2 3; 4 5 6; 7 8 9] * [1 2; 3 4]: e.g. top-left 1*1 + 2*2 + 4*3 + 5*4 = 37.
  EXPECT_EQ(run("mb1ic1ih3oc1kh2", {1, 2, 3, 4, 5, 6, 7, 8, 9}, {1, 2, 3, 4}),
            (Floats{37, 47, 67, 77}));
}

TEST(ConvReference, PaddingOnBothSides) {
  // ph1 pw1 with a 2x2 kernel on 3x3: 4x4 output, pad_end 1. Corners see one input each.
  const Floats out = run("mb1ic1ih3oc1kh2ph1", {1, 2, 3, 4, 5, 6, 7, 8, 9}, {1, 2, 3, 4});
  ASSERT_EQ(out.size(), 16u);
  EXPECT_EQ(out[0], 4);    // input (0,0) under weight (1,1)
  EXPECT_EQ(out[3], 9);    // input (0,2) under weight (1,0): 3 * 3
  EXPECT_EQ(out[5], 37);   // the unpadded top-left window
  EXPECT_EQ(out[15], 9);   // input (2,2) under weight (0,0)
  EXPECT_EQ(out[12], 14);  // input (2,0) under weight (0,1): 7 * 2
}

TEST(ConvReference, StrideTwo) {
  // 3x3 ones over a 5x5 image holding 5y + x, stride 2: 9 * centre value.
  EXPECT_EQ(run("mb1ic1ih5oc1kh3sh2", iota(25), Floats(9, 1.0f)), (Floats{54, 72, 144, 162}));
}

TEST(ConvReference, DilationTwo) {
  // dh1 = PyTorch dilation 2: taps (y, x), (y, x+2), (y+2, x), (y+2, x+2) weighted 1, 10, 100,
  // 1000 over the 5x5 image 5y + x. Output 3x3.
  const Floats out = run("mb1ic1ih5oc1kh2dh1", iota(25), {1, 10, 100, 1000});
  ASSERT_EQ(out.size(), 9u);
  EXPECT_EQ(out[0], 0 + 10 * 2 + 100 * 10 + 1000 * 12);
  EXPECT_EQ(out[5], 7 + 10 * 9 + 100 * 17 + 1000 * 19);  // (y, x) = (1, 2)
}

TEST(ConvReference, GroupsReadOnlyTheirOwnInputChannels) {
  // Depthwise-like: g2, ic2, oc4: outputs 0,1 read channel 0; outputs 2,3 read channel 1.
  EXPECT_EQ(run("g2mb1ic2ih1oc4kh1", {3, 5}, {1, 2, 3, 4}), (Floats{3, 6, 15, 20}));
  // g2, ic4, oc2: output 0 reads channels 0,1; output 1 reads channels 2,3.
  EXPECT_EQ(run("g2mb1ic4ih1oc2kh1_nchw", {1, 2, 3, 4}, {1, 10, 100, 1000}), (Floats{21, 4300}));
  // Same in NHWC: HWIO weights [c][o] = {w[0][0], w[0][1], w[1][0], w[1][1]}.
  EXPECT_EQ(run("g2mb1ic4ih1oc2kh1_nhwc", {1, 2, 3, 4}, {1, 100, 10, 1000}), (Floats{21, 4300}));
}

TEST(ConvReference, BiasThenRelu) {
  EXPECT_EQ(run("mb1ic1ih1oc2kh1_bia", {2}, {1, -3}, {0.5f, 1}), (Floats{2.5f, -5}));
  EXPECT_EQ(run("mb1ic1ih1oc2kh1_bia_relu", {2}, {1, -3}, {0.5f, 1}), (Floats{2.5f, 0}));
  EXPECT_EQ(run("mb1ic1ih1oc2kh1_relu", {2}, {1, -3}), (Floats{2, 0}));
}

TEST(ConvReference, OneDimensional) {
  EXPECT_EQ(run("mb1ic1iw4oc1kw2", {1, 2, 3, 4}, {1, -1}), (Floats{-1, -1, -1}));
}

TEST(ConvReference, NegativeRightPadSkipsTheLastInput) {
  // iw4 ow2 kw1 sw2: pad_end -1, reads inputs 0 and 2 only.
  EXPECT_EQ(run("mb1ic1iw4oc1ow2kw1sw2", {1, 2, 3, 4}, {1}), (Floats{1, 3}));
}

TEST(ConvReference, LargeRightPad) {
  // iw5 ow8 kw3 pw3: pad_end 2. out(x) = sum_k w[k] * in[x - 3 + k].
  const Floats out = run("mb1ic1iw5oc1ow8kw3pw3", {1, 2, 3, 4, 5}, {1, 10, 100});
  EXPECT_EQ(out, (Floats{0, 100, 210, 321, 432, 543, 54, 5}));
}

TEST(ConvReference, ThreeDimensional) {
  // 2x2x2 input 1..8 with a 2x2x2 kernel of powers of two: sum (i + 1) * 2^i.
  EXPECT_EQ(run("mb1ic1id2oc1kd2", {1, 2, 3, 4, 5, 6, 7, 8}, {1, 2, 4, 8, 16, 32, 64, 128}),
            (Floats{1793}));
  // Padding in depth only: pd1 on a 1x2x2 input with a 3x2x2 kernel keeps one output.
  EXPECT_EQ(run("mb1ic1id1ih2iw2oc1kd3kh2kw2pd1", {1, 2, 3, 4}, Floats(12, 1.0f)), (Floats{10}));
}

TEST(ConvReference, RejectsInvalidDescriptorAndMissingBias) {
  ConvDesc d = parse_conv("mb1ic1ih1oc1kh1_bia");
  float x = 1, w = 1, y = 0;
  EXPECT_THROW(conv_reference(d, &x, &w, nullptr, &y), std::invalid_argument);
  d.out[0] = 2;
  EXPECT_THROW(conv_reference(d, &x, &w, &x, &y), InputError);
}

// Deterministic, exactly representable pseudo-random values in [-4, 4).
Floats pattern(int64_t n, int seed) {
  Floats v(n);
  uint32_t s = 2654435761u * static_cast<uint32_t>(seed + 1);
  for (auto& x : v) {
    s = s * 1664525u + 1013904223u;
    x = static_cast<float>(static_cast<int>(s >> 24) - 128) / 32.0f;
  }
  return v;
}

// [outer][inner][rest] -> [outer][rest][inner].
Floats move_middle_last(const Floats& v, int64_t outer, int64_t middle, int64_t rest) {
  Floats t(v.size());
  for (int64_t a = 0; a < outer; ++a) {
    for (int64_t b = 0; b < middle; ++b) {
      for (int64_t c = 0; c < rest; ++c) {
        t[(a * rest + c) * middle + b] = v[(a * middle + b) * rest + c];
      }
    }
  }
  return t;
}

struct LayoutCase {
  const char* label;
  const char* text;
};

class ConvReferenceLayouts : public ::testing::TestWithParam<LayoutCase> {};

TEST_P(ConvReferenceLayouts, NchwAndNhwcAgreeAfterTransposition) {
  ConvDesc nchw = parse_conv(std::string(GetParam().text) + "_nchw_bia");
  ConvDesc nhwc = nchw;
  nhwc.layout = Layout::kNHWC;
  int64_t in_sp = 1, out_sp = 1, k_sp = 1;
  for (int i = 0; i < nchw.spatial_rank; ++i) {
    in_sp *= nchw.in[i];
    out_sp *= nchw.out[i];
    k_sp *= nchw.kernel[i];
  }
  const int64_t icg = nchw.ic / nchw.groups;
  const Floats x = pattern(nchw.input_elements(), 1);
  const Floats w = pattern(nchw.weight_elements(), 2);
  const Floats b = pattern(nchw.oc, 3);
  Floats y_nchw(nchw.output_elements()), y_nhwc(nhwc.output_elements());
  conv_reference(nchw, x.data(), w.data(), b.data(), y_nchw.data());
  const Floats x_nhwc = move_middle_last(x, nchw.mb, nchw.ic, in_sp);
  // OI(K) -> (K)IO: [oc * icg][K] -> [K][oc * icg] gives (K)OI; then [K][oc][icg] -> [K][icg][oc].
  const Floats w_koi = move_middle_last(w, 1, nchw.oc * icg, k_sp);
  Floats w_kio(w.size());
  for (int64_t k = 0; k < k_sp; ++k) {
    for (int64_t o = 0; o < nchw.oc; ++o) {
      for (int64_t c = 0; c < icg; ++c) {
        w_kio[(k * icg + c) * nchw.oc + o] = w_koi[(k * nchw.oc + o) * icg + c];
      }
    }
  }
  conv_reference(nhwc, x_nhwc.data(), w_kio.data(), b.data(), y_nhwc.data());
  EXPECT_EQ(move_middle_last(y_nchw, nchw.mb, nchw.oc, out_sp), y_nhwc);
}

INSTANTIATE_TEST_SUITE_P(
    Problems, ConvReferenceLayouts,
    ::testing::Values(LayoutCase{"Grouped1dStridedPadded", "g2mb2ic4iw7oc6kw3sw2pw1"},
                      LayoutCase{"Grouped2dDilated", "g2mb2ic4ih5iw6oc6kh3kw2sh2ph1pw0dw1"},
                      LayoutCase{"Grouped3d", "g3mb1ic6id4ih3iw5oc3kd2kh1kw3sd2pw2dd0"},
                      LayoutCase{"NegativeRightPad2d", "mb2ic3ih8oc5oh4kh3sh2"}),
    [](const ::testing::TestParamInfo<LayoutCase>& info) { return info.param.label; });

}  // namespace conv_reference_test
}  // namespace kf
