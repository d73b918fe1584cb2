// fma_peak_gflops: the reference peak, overridable from the environment.
#include "autotune/machine_peak.h"

#include <cstdlib>

namespace kf {

double fma_peak_gflops(int threads) {
  double per_core = 224.0;
  if (const char* text = std::getenv("KF_PEAK_GFLOPS_PER_CORE")) {
    char* end = nullptr;
    const double value = std::strtod(text, &end);
    if (end != text && value > 0) per_core = value;
  }
  // Two threads measured 447 on the reference machine: scaling is effectively linear.
  return per_core * (threads < 1 ? 1 : threads);
}

}  // namespace kf
