// The matrices of Winograd's minimal filtering algorithm F(m, r) (Lavin & Gray, "Fast Algorithms
// for Convolutional Neural Networks", 2016), for the 3-tap kernels of CNN layers.
//
// One dimension: an output tile y of m values of the correlation y[i] = sum_t d[i + t] g[t] is
//   y = AT * ((G * g) .* (BT * d)),
// where d is an input tile of alpha = m + r - 1 values. Two dimensions nest it:
//   Y = AT * ((G g G^T) .* (BT d B)) * A.
// The matrices are exact rationals; double holds every entry exactly (1/6, 1/12 and 1/24 are
// rounded once, which is why the weight transform runs in double).
#pragma once

#include <string>
#include <vector>

namespace kf {

/// A small dense row-major matrix of double.
struct SmallMatrix {
  int rows = 0;
  int cols = 0;
  std::vector<double> values;  ///< rows * cols, row-major

  double at(int row, int col) const { return values[row * cols + col]; }
};

/// The three matrices of F(m, r) and their sizes.
struct WinogradTransform {
  int m = 0;           ///< output tile
  int r = 0;           ///< kernel taps
  int alpha = 0;       ///< input tile, m + r - 1
  SmallMatrix input;   ///< BT: alpha x alpha, applied to an input tile
  SmallMatrix kernel;  ///< G: alpha x r, applied to the kernel taps
  SmallMatrix output;  ///< AT: m x alpha, applied to the elementwise product
};

/// F(m, 3) for m = 2 (alpha 4, interpolation points 0, 1, -1, inf) or m = 4 (alpha 6, points
/// 0, 1, -1, 2, -2, inf). Throws std::invalid_argument for other m.
const WinogradTransform& winograd_transform(int m);

/// The output tile sizes winograd_transform accepts.
std::vector<int> winograd_tile_sizes();

/// Error bound of the transforms of a 2-D F(m, 3) convolution with `reduction` = input channels
/// x 9 products per output, in OpDesc::tolerance() units (max |out - ref| / (1 + |ref|) on
/// inputs and weights uniform in [-1, 1]), on top of the accumulation error any convolution
/// has. m = 4 loses about 4 bits to its large transform coefficients; m = 2 stays close to
/// direct convolution.
double winograd_expected_error(int m, long long reduction);

/// "F(4x4,3x3)"-style name of the 2-D variant.
std::string winograd_name(int m);

}  // namespace kf
