// NormDesc::reference on hand-worked cases: layer norm over one and over several trailing dims
// with full-shape gamma/beta, RMS norm, batch norm in both layouts, group and instance norm.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "dsl/norm_desc.h"

namespace kf {
namespace norm_reference_test {

std::vector<float> run(const NormDesc& d, const std::vector<std::vector<float>>& inputs) {
  std::vector<const float*> pointers;
  for (const auto& t : inputs) pointers.push_back(t.data());
  std::vector<float> out(inputs[0].size());
  d.reference(pointers, out.data());
  return out;
}

void expect_near(const std::vector<float>& got, const std::vector<double>& want) {
  ASSERT_EQ(got.size(), want.size());
  for (size_t i = 0; i < got.size(); ++i) EXPECT_NEAR(got[i], want[i], 1e-5) << "at " << i;
}

TEST(NormReference, LayerNormLastDim) {
  // Row {1, 2, 3, 6}: mean 3, biased variance (4 + 1 + 0 + 9) / 4 = 3.5, eps 0.5 -> sigma 2.
  const NormDesc d = parse_norm(NormKind::kLayer, "2x4_eps0.5");
  const std::vector<float> x = {1, 2, 3, 6, 5, 5, 5, 5};
  const std::vector<float> gamma = {1, 2, 1, 1}, beta = {0, 0, 10, 0};
  // Second row: variance 0 -> sigma sqrt(0.5); (x - mean) = 0 -> beta.
  expect_near(run(d, {x, gamma, beta}), {-1, -1, 10, 1.5, 0, 0, 10, 0});
}

TEST(NormReference, LayerNormOverTrailingDimsWithFullShapeAffine) {
  // [1, 2, 2] normalised over (2, 2): values {0, 2, 4, 6}, mean 3, variance 5, eps 4 -> sigma 3.
  const NormDesc d = parse_norm(NormKind::kLayer, "1x2x2_nd2_eps4");
  const std::vector<float> gamma = {1, 1, 3, 1}, beta = {0, 1, 0, 0};
  expect_near(run(d, {{0, 2, 4, 6}, gamma, beta}), {-1, 1 - 1.0 / 3, 1, 1});
}

TEST(NormReference, RmsNorm) {
  // Row {3, 4}: mean of squares 12.5, eps 12 -> rms 3.5 (sqrt(24.5) = 4.9497...).
  const NormDesc d = parse_norm(NormKind::kRms, "1x2_eps12");
  const double rms = std::sqrt(24.5);
  expect_near(run(d, {{3, 4}, {1, 2}}), {3 / rms, 8 / rms});
}

TEST(NormReference, BatchNormBothLayouts) {
  // 2 channels, 2 pixels: channel 0 mean 1 var 3 (eps 1 -> sigma 2), gamma 4 beta 1, so
  // y = 2x - 1; channel 1 mean 0 var 0 (sigma 1), gamma 1 beta 0.5, so y = x + 0.5.
  const std::vector<float> mean = {1, 0}, var = {3, 0}, gamma = {4, 1}, beta = {1, 0.5};
  const NormDesc nchw = parse_norm(NormKind::kBatch, "mb1ic2iw2_nchw_eps1");
  expect_near(run(nchw, {{3, 5, 7, -2}, mean, var, gamma, beta}), {5, 9, 7.5, -1.5});
  const NormDesc nhwc = parse_norm(NormKind::kBatch, "mb1ic2iw2_nhwc_eps1");
  // NHWC order: (p0,c0) (p0,c1) (p1,c0) (p1,c1).
  expect_near(run(nhwc, {{3, 7, 5, -2}, mean, var, gamma, beta}), {5, 7.5, 9, -1.5});
  expect_near(run(nhwc, {{1, 1, -1, 0}, mean, var, gamma, beta}), {1, 1.5, -3, 0.5});
}

TEST(NormReference, GroupNormAndInstanceNorm) {
  // mb1, 4 channels, 1 pixel each, 2 groups: group 0 = {1, 3} (mean 2, var 1), group 1 = {5, 5}.
  // eps 3 -> sigma 2 for group 0, sqrt(3) for group 1.
  const NormDesc g = parse_norm(NormKind::kGroup, "g2mb1ic4iw1_eps3");
  const std::vector<float> gamma = {1, 2, 1, 1}, beta = {0, 0, 0, 1};
  expect_near(run(g, {{1, 3, 5, 5}, gamma, beta}), {-0.5, 1, 0, 1});
  // Instance norm, NCHW, 2 channels of 2 pixels: {0, 4} -> mean 2 var 4, eps 5 -> sigma 3.
  const NormDesc in = parse_norm(NormKind::kInstance, "mb1ic2iw2_nchw_eps5");
  expect_near(run(in, {{0, 4, 1, 1}, {3, 1}, {0, 0}}), {-2, 2, 0, 0});
}

}  // namespace norm_reference_test
}  // namespace kf
