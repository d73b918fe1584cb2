// The Winograd matrices against the definition they must satisfy: for any input tile d and
// kernel g, AT ((G g) .* (BT d)) equals the correlation y[i] = sum_t d[i + t] g[t], in one and
// (nested) two dimensions. Exact rationals in double: the identities hold to rounding.
#include "dsl/winograd_transforms.h"

#include <gtest/gtest.h>

#include <random>
#include <stdexcept>

namespace kf {
namespace winograd_transforms_test {

std::vector<double> multiply(const SmallMatrix& a, const std::vector<double>& v) {
  std::vector<double> out(a.rows, 0.0);
  for (int r = 0; r < a.rows; ++r) {
    for (int c = 0; c < a.cols; ++c) out[r] += a.at(r, c) * v[c];
  }
  return out;
}

// out = left * X * right^T for X rows x cols row-major (the 2-D transform of a tile).
std::vector<double> sandwich(const SmallMatrix& left, const std::vector<double>& x, int cols) {
  const int rows = static_cast<int>(x.size()) / cols;
  std::vector<double> half(left.rows * cols, 0.0), out(left.rows * left.rows, 0.0);
  for (int i = 0; i < left.rows; ++i) {
    for (int j = 0; j < cols; ++j) {
      for (int k = 0; k < rows; ++k) half[i * cols + j] += left.at(i, k) * x[k * cols + j];
    }
  }
  for (int i = 0; i < left.rows; ++i) {
    for (int j = 0; j < left.rows; ++j) {
      for (int k = 0; k < cols; ++k) out[i * left.rows + j] += half[i * cols + k] * left.at(j, k);
    }
  }
  return out;
}

class WinogradTransformTest : public testing::TestWithParam<int> {};

TEST_P(WinogradTransformTest, ShapesMatchTheTileSize) {
  const WinogradTransform& t = winograd_transform(GetParam());
  EXPECT_EQ(t.alpha, t.m + t.r - 1);
  EXPECT_EQ(t.input.rows, t.alpha);
  EXPECT_EQ(t.input.cols, t.alpha);
  EXPECT_EQ(t.kernel.rows, t.alpha);
  EXPECT_EQ(t.kernel.cols, 3);
  EXPECT_EQ(t.output.rows, t.m);
  EXPECT_EQ(t.output.cols, t.alpha);
}

TEST_P(WinogradTransformTest, OneDimensionComputesTheCorrelation) {
  const WinogradTransform& t = winograd_transform(GetParam());
  std::mt19937_64 rng(11);
  std::uniform_real_distribution<double> uniform(-1, 1);
  for (int trial = 0; trial < 20; ++trial) {
    std::vector<double> d(t.alpha), g(3);
    for (double& v : d) v = uniform(rng);
    for (double& v : g) v = uniform(rng);
    const std::vector<double> u = multiply(t.kernel, g), v = multiply(t.input, d);
    std::vector<double> product(t.alpha);
    for (int i = 0; i < t.alpha; ++i) product[i] = u[i] * v[i];
    const std::vector<double> y = multiply(t.output, product);
    for (int i = 0; i < t.m; ++i) {
      const double expected = d[i] * g[0] + d[i + 1] * g[1] + d[i + 2] * g[2];
      EXPECT_NEAR(y[i], expected, 1e-12) << "output " << i << " trial " << trial;
    }
  }
}

TEST_P(WinogradTransformTest, TwoDimensionsComputeTheCorrelation) {
  const WinogradTransform& t = winograd_transform(GetParam());
  std::mt19937_64 rng(12);
  std::uniform_real_distribution<double> uniform(-1, 1);
  std::vector<double> d(t.alpha * t.alpha), g(9);
  for (double& v : d) v = uniform(rng);
  for (double& v : g) v = uniform(rng);
  const std::vector<double> u = sandwich(t.kernel, g, 3);
  const std::vector<double> v = sandwich(t.input, d, t.alpha);
  std::vector<double> product(t.alpha * t.alpha);
  for (size_t i = 0; i < product.size(); ++i) product[i] = u[i] * v[i];
  const std::vector<double> y = sandwich(t.output, product, t.alpha);
  for (int oy = 0; oy < t.m; ++oy) {
    for (int ox = 0; ox < t.m; ++ox) {
      double expected = 0;
      for (int ky = 0; ky < 3; ++ky) {
        for (int kx = 0; kx < 3; ++kx)
          expected += d[(oy + ky) * t.alpha + ox + kx] * g[ky * 3 + kx];
      }
      EXPECT_NEAR(y[oy * t.m + ox], expected, 1e-12) << "pixel " << oy << "," << ox;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(TileSizes, WinogradTransformTest,
                         testing::ValuesIn(winograd_tile_sizes()));

TEST(WinogradTransform, RejectsOtherTileSizes) {
  EXPECT_THROW(winograd_transform(3), std::invalid_argument);
  EXPECT_THROW(winograd_transform(6), std::invalid_argument);
}

TEST(WinogradTransform, LargerTilesDeclareLargerErrors) {
  for (long long reduction : {27LL, 576LL, 4608LL}) {
    EXPECT_LT(winograd_expected_error(2, reduction), winograd_expected_error(4, reduction));
    EXPECT_LT(winograd_expected_error(4, reduction), winograd_expected_error(4, reduction * 4));
  }
  EXPECT_EQ(winograd_name(4), "F(4x4,3x3)");
}

}  // namespace winograd_transforms_test
}  // namespace kf
