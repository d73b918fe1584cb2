// The error measure of every correctness check, for outputs that live outside a Problem (a
// Problem checks its own output with Problem::max_error).
#pragma once

#include <cmath>
#include <cstddef>
#include <vector>

namespace kf::test {

/// max |output[i] - reference[i]| / (1 + |reference[i]|) over the reference's elements;
/// infinity when an output is NaN.
inline double max_relative_error(const std::vector<float>& reference, const float* output) {
  double worst = 0;
  for (size_t i = 0; i < reference.size(); ++i) {
    const double ref = reference[i];
    const double error = std::abs(output[i] - ref) / (1 + std::abs(ref));
    if (!(error <= worst)) worst = std::isnan(error) ? INFINITY : error;
  }
  return worst;
}

}  // namespace kf::test
