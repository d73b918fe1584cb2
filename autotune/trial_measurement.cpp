// check_and_time and its helpers (see trial_measurement.h).
#include "autotune/trial_measurement.h"

#include <algorithm>
#include <cmath>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace kf {

MeasureOptions per_placement_options(const MeasureOptions& trial_options, int placements) {
  if (placements < 1) {
    throw std::logic_error("per_placement_options: placements must be at least 1, got " +
                           std::to_string(placements));
  }
  MeasureOptions options = trial_options;
  options.min_seconds = trial_options.min_seconds / placements;
  options.max_seconds = trial_options.max_seconds / placements;
  options.max_samples = std::max(3, trial_options.max_samples / placements);
  return options;
}

PlacementSummary summarize_placements(const std::vector<Measurement>& measurements) {
  if (measurements.empty()) throw std::logic_error("summarize_placements: no measurement");
  PlacementSummary summary;
  for (const Measurement& m : measurements) {
    summary.min_seconds += m.min_seconds;
    summary.median_seconds += m.median_seconds;
  }
  summary.min_seconds /= static_cast<double>(measurements.size());
  summary.median_seconds /= static_cast<double>(measurements.size());
  return summary;
}

namespace {

TrialResult crash(int code, int placement) {
  TrialResult result;
  result.status = TrialStatus::kCrash;
  result.failure_reason = "kernel returned Halide error " + std::to_string(code) +
                          " at tensor placement " + std::to_string(placement);
  return result;
}

}  // namespace

TrialResult check_and_time(OpKernel& kernel, const Problem& problem, double tolerance,
                           const MeasureOptions& options, int placements) {
  const MeasureOptions placement_options = per_placement_options(options, placements);
  std::vector<std::unique_ptr<ProblemPlacement>> held;
  std::vector<Measurement> measurements;
  TrialResult result;
  for (int p = 0; p < placements; ++p) {
    held.push_back(std::make_unique<ProblemPlacement>(problem));
    ProblemPlacement& placement = *held.back();
    placement.poison_output();
    std::vector<halide_buffer_t*> buffers = placement.buffers();
    const int count = static_cast<int>(buffers.size());
    if (p > 0) kernel.move_packed_tensors();
    // Weights are packed once per placement, outside the timed calls (DESIGN.md).
    int code = kernel.prepare(buffers.data(), count);
    if (code == 0) code = kernel.run(buffers.data(), count);
    if (code != 0) return crash(code, p);
    const double error = placement.max_error();
    result.max_error = std::max(result.max_error, error);
    if (!(error <= tolerance)) {
      result.status = TrialStatus::kWrongResult;
      result.max_error = error;
      result.failure_reason = "max error " + std::to_string(error) + " exceeds tolerance " +
                              std::to_string(tolerance) + " at tensor placement " +
                              std::to_string(p);
      return result;
    }
    int error_code = 0;
    measurements.push_back(
        measure([&] { return kernel.run(buffers.data(), count); }, placement_options, &error_code));
    if (error_code != 0) return crash(error_code, p);
  }
  const PlacementSummary summary = summarize_placements(measurements);
  result.min_seconds = summary.min_seconds;
  result.median_seconds = summary.median_seconds;
  return result;
}

}  // namespace kf
