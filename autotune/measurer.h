// Measurer: times a callable by DESIGN.md's rules. One discarded warm-up; then samples until
// both a minimum total time has passed and the best and third-best samples agree within a
// tolerance (or a cap on samples or time is reached). Reports min and median.
#pragma once

#include <functional>
#include <vector>

namespace kf {

struct MeasureOptions {
  double min_seconds = 0.1;          ///< keep sampling at least this long in total
  double agreement = 0.03;           ///< best and third-best within this fraction
  int max_samples = 200;             ///< cap on samples
  double max_seconds = 2.0;          ///< cap on total time
  double min_sample_seconds = 2e-4;  ///< a sample repeats the call until it lasts this long
};

struct Measurement {
  double min_seconds = 0;     ///< fastest sample (per call)
  double median_seconds = 0;  ///< median sample (per call)
  int samples = 0;
  int calls_per_sample = 1;
  bool converged = false;  ///< the agreement rule was met before a cap
};

/// Times `call`. If `call` returns a non-zero code at any time, stops and returns that code
/// in `*error_code` (when given) with an empty Measurement.
Measurement measure(const std::function<int()>& call, const MeasureOptions& options,
                    int* error_code = nullptr);

}  // namespace kf
