// The analytical estimate, Kendall's tau, and the per-template ridge regression.
#include "autotune/cost_model.h"

#include <algorithm>
#include <cmath>
#include <memory>

namespace kf {

namespace {

constexpr double kLatencyAccumulators = 8;  // 2 FMA ports x 4 cycles of latency
constexpr double kLoadsPerCycle = 2;
constexpr double kFmasPerCycle = 2;
// Knob values that get an indicator feature of their own (all small register-tile, block and
// enumeration values; larger ones share the log2 feature).
constexpr int kIndicatorValues[] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 10, 12, 14, 16, 28, 32, 64};

// The regression target: log of the measured time over the analytical estimate when the
// template has one (the model learns a correction), else log of the time per FLOP.
double baseline_log(const std::optional<double>& analytical, const OpDesc& desc) {
  return analytical ? std::log(*analytical) : std::log(std::max(1.0, desc.flops()));
}

// Solves the symmetric positive definite system a x = b (n x n, row-major) by Gaussian
// elimination with partial pivoting; a and b are consumed.
std::vector<double> solve(std::vector<double> a, std::vector<double> b) {
  const int n = static_cast<int>(b.size());
  for (int col = 0; col < n; ++col) {
    int pivot = col;
    for (int row = col + 1; row < n; ++row) {
      if (std::abs(a[row * n + col]) > std::abs(a[pivot * n + col])) pivot = row;
    }
    if (std::abs(a[pivot * n + col]) < 1e-12) continue;  // a direction without data
    for (int k = 0; k < n; ++k) std::swap(a[col * n + k], a[pivot * n + k]);
    std::swap(b[col], b[pivot]);
    for (int row = col + 1; row < n; ++row) {
      const double factor = a[row * n + col] / a[col * n + col];
      for (int k = col; k < n; ++k) a[row * n + k] -= factor * a[col * n + k];
      b[row] -= factor * b[col];
    }
  }
  std::vector<double> x(n, 0.0);
  for (int row = n - 1; row >= 0; --row) {
    if (std::abs(a[row * n + row]) < 1e-12) continue;
    double sum = b[row];
    for (int k = row + 1; k < n; ++k) sum -= a[row * n + k] * x[k];
    x[row] = sum / a[row * n + row];
  }
  return x;
}

}  // namespace

std::optional<double> analytical_seconds(const Template& tmpl, const OpDesc& desc,
                                         const Config& config, const Halide::Target& target,
                                         const MachineModel& machine) {
  const std::optional<CostFeatures> f = tmpl.cost_features(desc, config, target);
  if (!f || !(f->flops > 0)) return std::nullopt;
  const double latency = std::min(1.0, f->accumulators / kLatencyAccumulators);
  const double issue = std::min(
      1.0, (f->accumulators / kFmasPerCycle) / std::max(1e-9, f->loads_per_step / kLoadsPerCycle));
  const double threads = std::max(1, machine.threads);
  const double tasks = std::max(1.0, f->parallel_tasks);
  const double balance = tasks / (std::ceil(tasks / threads) * threads);
  const double efficiency = std::max(1e-3, f->useful_fraction * latency * issue * balance);
  const double peak = machine.peak_gflops_per_thread * 1e9 * threads;
  const double compute = (f->flops / efficiency + f->overhead_flops) / peak;
  const double memory = f->memory_bytes / (machine.bandwidth_gbs * 1e9);
  // FMA-bound loop nests hide their transfers (exposed_fraction 0: the longer time alone);
  // streaming kernels wait on them (up to 1: both times add up).
  return std::max(compute, memory) + f->exposed_fraction * std::min(compute, memory);
}

double kendall_tau(const std::vector<double>& predicted, const std::vector<double>& measured) {
  // Over the pairs that the measurements order; a pair the prediction cannot tell apart
  // counts as neither right nor wrong (it still counts in the denominator: a model that ties
  // everything ranks nothing).
  const size_t n = std::min(predicted.size(), measured.size());
  double score = 0, pairs = 0;
  for (size_t i = 0; i < n; ++i) {
    for (size_t j = i + 1; j < n; ++j) {
      const double m = measured[i] - measured[j];
      if (m == 0) continue;
      const double p = predicted[i] - predicted[j];
      ++pairs;
      if (p * m > 0) ++score;
      if (p * m < 0) --score;
    }
  }
  return pairs > 0 ? score / pairs : 0.0;
}

std::optional<std::vector<double>> LearnedCostModel::features(const Template& tmpl,
                                                              const OpDesc& desc,
                                                              const Config& config,
                                                              const Halide::Target& target) const {
  // Intercept, problem size, then each knob value as its own indicator (knob effects are far
  // from linear: a register tile of 7 can beat both 6 and 8). Indicators are keyed by value,
  // not by position, because a knob's legal values depend on the shape.
  std::vector<double> x = {1.0, std::log(std::max(1.0, desc.flops()))};
  const KnobSpace space = tmpl.knob_space(desc, target);
  const std::vector<Knob>& knobs = space.knobs();
  if (knobs.size() != config.values.size()) return std::nullopt;
  for (size_t i = 0; i < knobs.size(); ++i) {
    for (int option : kIndicatorValues) x.push_back(config.values[i] == option ? 1.0 : 0.0);
    x.push_back(std::log2(1.0 + std::max(0, config.values[i])));
  }
  return x;
}

int LearnedCostModel::fit(const std::vector<TuningRecord>& records, const Halide::Target& target) {
  std::map<std::string, std::vector<std::pair<std::vector<double>, double>>> rows;
  int used = 0;
  for (const TuningRecord& r : records) {
    if (r.status != TrialStatus::kOk || !(r.min_seconds > 0)) continue;
    const Template* tmpl = find_template(r.template_name);
    if (!tmpl || tmpl->version() != r.template_version) continue;
    try {
      std::unique_ptr<OpDesc> desc = parse_op(r.op, r.workload_key);
      if (!tmpl->applicable(*desc)) continue;
      const Config config = tmpl->knob_space(*desc, target).decode(r.knobs);
      const std::optional<std::vector<double>> x = features(*tmpl, *desc, config, target);
      if (!x) continue;
      const std::optional<double> analytical =
          analytical_seconds(*tmpl, *desc, config, target, machine_);
      rows[r.template_name].emplace_back(*x,
                                         std::log(r.min_seconds) - baseline_log(analytical, *desc));
      ++used;
    } catch (const std::exception&) {
      continue;  // a descriptor or knobs this version cannot read
    }
  }
  weights_.clear();
  for (const auto& [name, data] : rows) {
    // Lengths differ only if a knob space changed shape between workloads: keep the common one.
    const size_t n = data.front().first.size();
    std::vector<double> xtx(n * n, 0.0), xty(n, 0.0);
    for (const auto& [x, y] : data) {
      if (x.size() != n) continue;
      for (size_t i = 0; i < n; ++i) {
        xty[i] += x[i] * y;
        for (size_t j = 0; j < n; ++j) xtx[i * n + j] += x[i] * x[j];
      }
    }
    // Ridge on everything but the intercept.
    for (size_t i = 1; i < n; ++i) xtx[i * n + i] += ridge_;
    weights_[name] = solve(std::move(xtx), std::move(xty));
  }
  return used;
}

std::optional<double> LearnedCostModel::predict(const Template& tmpl, const OpDesc& desc,
                                                const Config& config,
                                                const Halide::Target& target) const {
  auto it = weights_.find(tmpl.name());
  if (it != weights_.end()) {
    const std::optional<std::vector<double>> x = features(tmpl, desc, config, target);
    if (x && x->size() == it->second.size()) {
      double correction = 0;
      for (size_t i = 0; i < x->size(); ++i) correction += (*x)[i] * it->second[i];
      const std::optional<double> analytical =
          analytical_seconds(tmpl, desc, config, target, machine_);
      return std::exp(baseline_log(analytical, desc) + correction);
    }
  }
  return analytical_seconds(tmpl, desc, config, target, machine_);
}

}  // namespace kf
