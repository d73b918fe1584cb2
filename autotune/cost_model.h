// Cost models: predict how long a candidate kernel takes, to rank candidates before compiling
// them (DESIGN.md: search guided by a cost model).
//
// analytical_seconds() turns a template's CostFeatures into a time: the FMA-bound time of the
// useful work, stretched by the waste (tails, overlaps), by register tiles too small to hide the
// FMA latency or too load-heavy to keep the FMA ports busy, and by parallel imbalance, or the
// memory-bound time if that is longer; for streaming (memory-bound) templates, whose loops wait
// on their loads, the shorter of the two adds to it (CostFeatures::exposed_fraction).
//
// LearnedCostModel refines it from the database: per template, ridge regression of the log of
// measured over analytical time (or of the time per FLOP, for templates without an analysis)
// on the problem size and the knob values (an indicator per common value plus log2 of the
// value), trained on the ok records of other workloads: it learns what the analysis leaves
// out (where padding is computed, loop orders, unrolling). Templates it has no data for get
// the analytical estimate.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "autotune/database.h"
#include "dsl/op_desc.h"
#include "schedules/op_template.h"

namespace kf {

/// The machine the analytical model assumes (this machine's measured figures by default).
struct MachineModel {
  double peak_gflops_per_thread = 224;  ///< FP32 FMA peak of one core
  double bandwidth_gbs = 16;            ///< memory bandwidth (one core)
  int threads = 1;
};

/// Predicted seconds of `config` of `tmpl` on `desc`, or std::nullopt when the template
/// declares no CostFeatures.
std::optional<double> analytical_seconds(const Template& tmpl, const OpDesc& desc,
                                         const Config& config, const Halide::Target& target,
                                         const MachineModel& machine);

/// Kendall's tau-a between predicted and measured times over the pairs the measurements order
/// (1: same order, -1: reversed); a pair the prediction ties counts 0 but stays in the
/// denominator. 0 when no pair is ordered.
double kendall_tau(const std::vector<double>& predicted, const std::vector<double>& measured);

class LearnedCostModel {
 public:
  /// `ridge` is the L2 penalty on every weight but the intercept (100 ranked held-out ResNet-50
  /// workloads best in tests/autotune/cost_model_test: tau 0.48 against 0.38 analytical).
  explicit LearnedCostModel(MachineModel machine, double ridge = 100.0)
      : machine_(machine), ridge_(ridge) {}

  /// Fits one model per template to `records` (ok records of known templates; the others
  /// and records whose descriptor or knobs no longer parse are skipped). Returns the number
  /// of records used.
  int fit(const std::vector<TuningRecord>& records, const Halide::Target& target);

  /// Predicted seconds: the fitted model of the template, else the analytical estimate, else
  /// std::nullopt.
  std::optional<double> predict(const Template& tmpl, const OpDesc& desc, const Config& config,
                                const Halide::Target& target) const;

 private:
  std::optional<std::vector<double>> features(const Template& tmpl, const OpDesc& desc,
                                              const Config& config,
                                              const Halide::Target& target) const;
  MachineModel machine_;
  double ridge_;
  std::map<std::string, std::vector<double>> weights_;  ///< per template name
};

}  // namespace kf
