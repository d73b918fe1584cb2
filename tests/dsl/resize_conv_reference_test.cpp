// The resize-convolution reference: hand-worked nearest and bilinear upsampling (PyTorch's
// nn.Upsample with align_corners=False, half-pixel centres, clamped at both edges), a
// hand-worked convolution on top, and agreement with a separately written upsample-then-conv
// (interpolation matrices built from PyTorch's in/out scale, then conv_reference).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "dsl/conv_reference.h"
#include "dsl/resize_conv_desc.h"

namespace kf {
namespace resize_conv_reference_test {

// Runs the reference of `text` (1x1 unit-weight convolutions make it the upsampling alone).
std::vector<float> run(const std::string& text, const std::vector<float>& input,
                       const std::vector<float>& weights, const std::vector<float>& bias = {}) {
  const ResizeConvDesc d = parse_resize_conv(text);
  std::vector<float> out(static_cast<size_t>(element_count(d.output().shape)));
  std::vector<const float*> inputs = {input.data(), weights.data()};
  if (d.conv.bias) inputs.push_back(bias.data());
  d.reference(inputs, out.data());
  return out;
}

void expect_near_all(const std::vector<float>& got, const std::vector<float>& want) {
  ASSERT_EQ(got.size(), want.size());
  for (size_t i = 0; i < got.size(); ++i) EXPECT_NEAR(got[i], want[i], 1e-6) << "at " << i;
}

TEST(ResizeConvReferenceTest, NearestRepeatsEachPixel) {
  expect_near_all(run("mb1ic1iw3oc1kw1_up2_nearest", {1, 2, 4}, {1}), {1, 1, 2, 2, 4, 4});
  expect_near_all(run("mb1ic1iw2oc1kw1_up3_nearest", {5, 7}, {1}), {5, 5, 5, 7, 7, 7});
}

TEST(ResizeConvReferenceTest, LinearHalfPixelFactorTwo) {
  // s = (u + 0.5) / 2 - 0.5: -0.25 (clamped to 0), 0.25, 0.75, 1.25, 1.75, 2.25 (i1 clamped).
  expect_near_all(run("mb1ic1iw3oc1kw1_up2_bilinear", {1, 2, 4}, {1}),
                  {1, 1.25f, 1.75f, 2.5f, 3.5f, 4});
}

TEST(ResizeConvReferenceTest, LinearHalfPixelFactorThree) {
  // s = (u + 0.5) / 3 - 0.5: -1/3 (0), 0, 1/3, 2/3, 1, 4/3, 5/3, 2, 7/3 (i1 clamped).
  expect_near_all(run("mb1ic1iw3oc1kw1_up3_linear", {1, 2, 4}, {1}),
                  {1, 1, 4.f / 3, 5.f / 3, 2, 8.f / 3, 10.f / 3, 4, 4});
}

TEST(ResizeConvReferenceTest, BilinearTwoByTwoMatchesPyTorchDocs) {
  // torch.nn.Upsample(scale_factor=2, mode='bilinear', align_corners=False) on [[1,2],[3,4]].
  expect_near_all(
      run("mb1ic1ih2iw2oc1kh1kw1_up2_bilinear_nchw", {1, 2, 3, 4}, {1}),
      {1, 1.25f, 1.75f, 2, 1.5f, 1.75f, 2.25f, 2.5f, 2.5f, 2.75f, 3.25f, 3.5f, 3, 3.25f, 3.75f, 4});
}

TEST(ResizeConvReferenceTest, ConvolutionOverTheUpsampledRow) {
  // Upsampled [1 1 2 2 4 4], zero padded by 1; out[x] = u[x-1] + 10 u[x] + 100 u[x+1] + 0.5.
  expect_near_all(run("mb1ic1iw3oc1kw3pw1_up2_nearest_bia", {1, 2, 4}, {1, 10, 100}, {0.5f}),
                  {110.5f, 211.5f, 221.5f, 422.5f, 442.5f, 44.5f});
  // Stride 2 on the bilinear row [1 1.25 1.75 2.5 3.5 4], k2 p0: u[2o] + 2 u[2o+1].
  expect_near_all(run("mb1ic1iw3oc1kw2sw2_up2_bilinear", {1, 2, 4}, {1, 2}),
                  {1 + 2.5f, 1.75f + 5, 3.5f + 8});
}

// 1D interpolation matrix [out][in] from PyTorch's scale in/out (equal to 1/f here).
std::vector<std::vector<double>> interpolation(ResizeMode mode, int64_t in, int64_t out) {
  std::vector<std::vector<double>> m(out, std::vector<double>(in, 0.0));
  const double scale = static_cast<double>(in) / static_cast<double>(out);
  for (int64_t u = 0; u < out; ++u) {
    if (mode == ResizeMode::kNearest) {
      m[u][static_cast<int64_t>(std::floor(u * scale))] = 1.0;
      continue;
    }
    const double s = std::max(0.0, scale * (u + 0.5) - 0.5);
    const int64_t lo = static_cast<int64_t>(s);
    const int64_t hi = lo + (lo < in - 1 ? 1 : 0);
    m[u][lo] += 1.0 - (s - lo);
    m[u][hi] += s - lo;
  }
  return m;
}

// Upsamples a 2D NCHW or NHWC tensor separably with interpolation matrices.
std::vector<float> upsample_2d(const ResizeConvDesc& d, const std::vector<float>& x) {
  const int64_t c_n = d.conv.ic, h = d.input_size(0), w = d.input_size(1);
  const int64_t uh = d.conv.in[0], uw = d.conv.in[1];
  const auto mh = interpolation(d.mode, h, uh), mw = interpolation(d.mode, w, uw);
  const bool nchw = d.conv.layout == Layout::kNCHW;
  auto at = [&](int64_t c, int64_t y, int64_t xx, int64_t hh, int64_t ww) {
    return nchw ? (c * hh + y) * ww + xx : (y * ww + xx) * c_n + c;
  };
  std::vector<float> out(static_cast<size_t>(c_n * uh * uw));
  for (int64_t c = 0; c < c_n; ++c) {
    for (int64_t y = 0; y < uh; ++y) {
      for (int64_t xx = 0; xx < uw; ++xx) {
        double v = 0.0;
        for (int64_t i = 0; i < h; ++i) {
          for (int64_t j = 0; j < w; ++j) v += mh[y][i] * mw[xx][j] * x[at(c, i, j, h, w)];
        }
        out[at(c, y, xx, uh, uw)] = static_cast<float>(v);
      }
    }
  }
  return out;
}

TEST(ResizeConvReferenceTest, AgreesWithSeparateUpsampleThenConv) {
  std::mt19937 rng(7);
  std::uniform_real_distribution<float> dist(-1, 1);
  for (const char* text : {"mb1ic3ih4iw5oc4kh3kw3ph1pw1_up3_bilinear_nchw_bia",
                           "g2mb1ic4ih5iw3oc6kh3kw2sh2ph1_up2_bilinear_nhwc_relu",
                           "mb1ic2ih3iw4oc5kh3kw3ph2pw0dh1_up2_nearest_nhwc"}) {
    const ResizeConvDesc d = parse_resize_conv(text);
    std::vector<std::vector<float>> tensors;
    for (const TensorSpec& t : d.inputs()) {
      std::vector<float> v(static_cast<size_t>(element_count(t.shape)));
      for (float& x : v) x = dist(rng);
      tensors.push_back(std::move(v));
    }
    std::vector<const float*> ptrs;
    for (const auto& t : tensors) ptrs.push_back(t.data());
    const size_t n = static_cast<size_t>(element_count(d.output().shape));
    std::vector<float> fused(n), separate(n);
    d.reference(ptrs, fused.data());
    const std::vector<float> up = upsample_2d(d, tensors[0]);
    conv_reference(d.conv, up.data(), ptrs[1], d.conv.bias ? ptrs[2] : nullptr, separate.data());
    for (size_t i = 0; i < n; ++i) EXPECT_NEAR(fused[i], separate[i], 1e-5) << text << " at " << i;
  }
}

}  // namespace resize_conv_reference_test
}  // namespace kf
