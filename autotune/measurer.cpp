// measure(): warm-up, calibration of calls per sample, and the stopping rule.
#include "autotune/measurer.h"

#include <algorithm>
#include <chrono>

namespace kf {

namespace {

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

Measurement measure(const std::function<int()>& call, const MeasureOptions& options,
                    int* error_code) {
  Measurement result;
  if (error_code) *error_code = 0;
  auto fail = [&](int code) {
    if (error_code) *error_code = code;
    return Measurement{};
  };

  // Warm-up (discarded), which also calibrates how many calls make one sample.
  auto start = std::chrono::steady_clock::now();
  if (int code = call()) return fail(code);
  const double once = std::max(seconds_since(start), 1e-9);
  result.calls_per_sample =
      std::max(1, static_cast<int>(options.min_sample_seconds / once + 0.999));

  std::vector<double> samples;
  const auto begin = std::chrono::steady_clock::now();
  while (true) {
    start = std::chrono::steady_clock::now();
    for (int i = 0; i < result.calls_per_sample; ++i) {
      if (int code = call()) return fail(code);
    }
    samples.push_back(seconds_since(start) / result.calls_per_sample);

    const double elapsed = seconds_since(begin);
    if (samples.size() >= 3 && elapsed >= options.min_seconds) {
      std::vector<double> sorted = samples;
      std::sort(sorted.begin(), sorted.end());
      if (sorted[2] <= sorted[0] * (1.0 + options.agreement)) {
        result.converged = true;
        break;
      }
    }
    if (static_cast<int>(samples.size()) >= options.max_samples || elapsed >= options.max_seconds) {
      break;
    }
  }
  std::sort(samples.begin(), samples.end());
  result.samples = static_cast<int>(samples.size());
  result.min_seconds = samples.front();
  result.median_seconds = samples[samples.size() / 2];
  return result;
}

}  // namespace kf
