// The F(2,3) and F(4,3) matrices (Lavin & Gray 2016, section 4) and the error model of the
// Winograd convolution variants.
#include "dsl/winograd_transforms.h"

#include <cmath>
#include <stdexcept>

namespace kf {

namespace {

WinogradTransform make_f2() {
  WinogradTransform t;
  t.m = 2;
  t.r = 3;
  t.alpha = 4;
  t.input = {4,
             4,
             {1, 0, -1, 0,  //
              0, 1, 1, 0,   //
              0, -1, 1, 0,  //
              0, 1, 0, -1}};
  t.kernel = {4,
              3,
              {1, 0, 0,         //
               0.5, 0.5, 0.5,   //
               0.5, -0.5, 0.5,  //
               0, 0, 1}};
  t.output = {2,
              4,
              {1, 1, 1, 0,  //
               0, 1, -1, -1}};
  return t;
}

WinogradTransform make_f4() {
  WinogradTransform t;
  t.m = 4;
  t.r = 3;
  t.alpha = 6;
  t.input = {6, 6, {4, 0,  -5, 0,  1, 0,  //
                    0, -4, -4, 1,  1, 0,  //
                    0, 4,  -4, -1, 1, 0,  //
                    0, -2, -1, 2,  1, 0,  //
                    0, 2,  -1, -2, 1, 0,  //
                    0, 4,  0,  -5, 0, 1}};
  t.kernel = {6,
              3,
              {1.0 / 4, 0, 0,                 //
               -1.0 / 6, -1.0 / 6, -1.0 / 6,  //
               -1.0 / 6, 1.0 / 6, -1.0 / 6,   //
               1.0 / 24, 1.0 / 12, 1.0 / 6,   //
               1.0 / 24, -1.0 / 12, 1.0 / 6,  //
               0, 0, 1}};
  t.output = {4, 6, {1, 1, 1,  1, 1,  0,  //
                     0, 1, -1, 2, -2, 0,  //
                     0, 1, 1,  4, 4,  0,  //
                     0, 1, -1, 8, -8, 1}};
  return t;
}

}  // namespace

const WinogradTransform& winograd_transform(int m) {
  static const WinogradTransform f2 = make_f2();
  static const WinogradTransform f4 = make_f4();
  if (m == 2) return f2;
  if (m == 4) return f4;
  throw std::invalid_argument("winograd_transform: output tile m = " + std::to_string(m) +
                              " (must be 2 or 4)");
}

std::vector<int> winograd_tile_sizes() { return {2, 4}; }

double winograd_expected_error(int m, long long reduction) {
  // Rounding errors of the transforms add up like a random walk over the reduction; their size
  // per term grows with the largest coefficients (m = 4: BT has 5s, AT has 8s). Measured on
  // uniform [-1, 1] data (max |d| / (1 + |r|) against the double reference, ResNet-50's 3x3
  // layers, 64-512 channels): F(2x2) 3e-7 to 7e-7 x sqrt(reduction), like direct convolution;
  // F(4x4) 5.4e-6 to 5.7e-6 x sqrt(reduction). The constants leave a 2x margin.
  const double per_term = m == 2 ? 1.4e-6 : 1.1e-5;
  return per_term * std::sqrt(static_cast<double>(reduction));
}

std::string winograd_name(int m) {
  return "F(" + std::to_string(m) + "x" + std::to_string(m) + ",3x3)";
}

}  // namespace kf
