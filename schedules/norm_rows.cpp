// norm_rows: layer norm and RMS norm over the trailing dims of a dense tensor. Rows (the outer
// dims, fused) go to threads in blocks; each row's statistics are reduced into vectors of
// partial sums (rfactor; full vectors, a guarded tail vector, then one vector reduction) and
// materialised per row or per block of rows before the output pass, so a row is read from
// memory once while it stays in cache.
#include <algorithm>
#include <cmath>

#include "schedules/norm_template.h"
#include "schedules/schedule_helpers.h"

namespace kf {

namespace {

using Halide::Var;

struct RowsKnobs {
  int lanes = 8;
  int accumulators = 1;  // vectors of partial sums (also the output's unroll)
  int rows_per_task = 1;
  NormStatistics statistics = NormStatistics::kTwoPass;
  bool stats_per_task = false;  // statistics of a whole block first, then its output
};

const char* const kKnobNames[] = {"lanes", "accumulators", "rows_per_task", "statistics",
                                  "stats_at"};

RowsKnobs decode(const Config& config) {
  const auto& v = config.values;
  return RowsKnobs{v[0], v[1], v[2], static_cast<NormStatistics>(v[3]), v[4] != 0};
}

/// What `k` costs on `d` (see StreamingCost in schedules/cost_features.h): per row the
/// statistics (two passes over the row, the second subtracting the mean, or one pass of Welford
/// updates) in `accumulators` chains of vectors with a guarded tail, their horizontal
/// reductions, then the output pass in blocks of lanes x accumulators (the last shifted inwards).
/// A pass that re-reads a row (or a block of rows, with stats_at=task) beyond L1 pays for L2.
CostFeatures rows_cost(const NormDesc& d, const RowsKnobs& k, int natural) {
  namespace vc = vector_cycles;
  const int64_t width = d.dims.back(), row = d.reduction_size(), rows = d.statistics_count();
  const double elements = static_cast<double>(row) * rows;
  const double segments = static_cast<double>(row / width) * rows;  // contiguous runs of width
  int lanes = static_cast<int>(std::min<int64_t>(std::max(k.lanes, 1), width));
  int acc = std::max(k.accumulators, 1);
  if (width % lanes == 0) {
    while (acc > 1 && width % (int64_t{lanes} * acc) != 0) acc /= 2;
  } else {
    while (acc > 1 && int64_t{lanes} * acc > width) acc /= 2;
  }
  const double chunk = static_cast<double>(lanes) * acc;
  const double stat_vectors = segments * std::ceil(width / chunk) * acc;
  const bool rms = d.kind == NormKind::kRms;
  const bool two_pass = !rms && k.statistics == NormStatistics::kTwoPass;
  const double block_bytes = 4.0 * row * (k.stats_per_task ? k.rows_per_task : 1);
  const double reread = block_bytes > 32 * 1024 ? vc::kLoad : 0.0;  // from L2, not L1
  const double chain = 3.0 / acc;  // add latency shared by the chains
  StreamingCost cost(natural);
  if (rms) {
    cost.pass(stat_vectors, std::max(vc::kLoad + vc::kAlu, chain), elements);
  } else if (two_pass) {
    cost.pass(stat_vectors, std::max(vc::kLoad + vc::kAlu, chain), elements);
    cost.pass(stat_vectors, std::max(vc::kLoad + 2 * vc::kAlu + reread, chain), elements);
  } else {
    // Welford: subtract, multiply-add the mean, subtract, multiply-add m2; the mean's chain is
    // a multiply-add (4 cycles) per step.
    cost.pass(stat_vectors, std::max(vc::kLoad + 4 * vc::kAlu, 4.0 / acc), elements);
  }
  int out_lanes = std::max(k.lanes, 1);
  while (out_lanes > 1 && out_lanes > width) out_lanes /= 2;
  int block = out_lanes * acc;
  while (block > out_lanes && block > width) block /= 2;
  const double out_vectors =
      segments * std::ceil(static_cast<double>(width) / block) * block / out_lanes;
  // x, gamma (and beta), subtract, scale, multiply-add, store.
  cost.pass(out_vectors, (rms ? 2 : 3) * vc::kLoad + 3 * vc::kAlu + vc::kStore + reread, elements);
  const int stats = rms ? 1 : 2;
  cost.overhead(rows * (stats * (vc::kReduce + acc * vc::kAlu) + 30));
  const double bytes = 4.0 * elements * (2 + (two_pass && reread > 0 ? 1 : 0));
  return cost.features(std::ceil(static_cast<double>(rows) / k.rows_per_task),
                       beyond_l2_bytes(bytes, 8.0 * elements, last_level_cache_bytes()));
}

class NormRows final : public NormTemplate {
 public:
  std::string name() const override { return "norm_rows"; }
  int version() const override { return 4; }

  bool applicable(const NormDesc& desc) const override { return desc.row_wise(); }

  KnobSpace knob_space(const NormDesc& desc, const Halide::Target& target) const override {
    const bool rms = desc.kind == NormKind::kRms;
    return KnobSpace({{kKnobNames[0], norm_lane_choices(target), {}},
                      {kKnobNames[1], {1, 2, 4}, {}},
                      {kKnobNames[2], {1, 2, 4, 8, 16, 32}, {}},
                      {kKnobNames[3], rms ? std::vector<int>{1} : std::vector<int>{0, 1},
                       rms ? std::vector<std::string>{"one_pass"}
                           : std::vector<std::string>{"two_pass", "one_pass"}},
                      {kKnobNames[4], {0, 1}, {"row", "task"}}});
  }

  Config baseline(const NormDesc& desc, const Halide::Target& target) const override {
    // Full-width vectors, two accumulators, careful two-pass statistics materialised per row.
    // Tasks of about 8K elements (32 KB), so short rows do not pay a task per few rows.
    // RMS norm's one statistic is a sum of squares in one pass (knob value 1).
    const int statistics = desc.kind == NormKind::kRms ? 1 : 0;
    int rows_per_task = 1;
    while (rows_per_task < 32 && int64_t{rows_per_task} * 2 * desc.reduction_size() <= 8192) {
      rows_per_task *= 2;
    }
    return Config{{norm_lane_choices(target).back(), 2, rows_per_task, statistics, 0}};
  }

  NormStatistics statistics(const Config& config) const override {
    return decode(config).statistics;
  }

  int welford_partitions(const NormDesc& desc, const Config& config) const override {
    // lanes x accumulators partitions (a vector of partitions per accumulator), halved until a
    // step fits the row.
    const RowsKnobs knobs = decode(config);
    int lanes = std::max(knobs.lanes, 1), accumulators = std::max(knobs.accumulators, 1);
    while (accumulators > 1 && int64_t{lanes} * accumulators > desc.dims.back()) accumulators /= 2;
    while (lanes > 1 && lanes > desc.dims.back()) lanes /= 2;
    return lanes * accumulators;
  }

  std::optional<CostFeatures> cost_features(const OpDesc& desc, const Config& config,
                                            const Halide::Target& target) const override {
    const auto* norm = dynamic_cast<const NormDesc*>(&desc);
    if (!norm || !applicable(*norm)) return std::nullopt;
    return rows_cost(*norm, decode(config), target.natural_vector_size<float>());
  }

  void apply(const NormAlgorithm& a, const Config& config, const Halide::Target&) const override {
    const RowsKnobs knobs = decode(config);
    const NormDesc& d = a.desc;
    Halide::Func output = a.output;
    const int64_t extent = d.dims.back();
    // Full vectors, the last one shifted inwards (vectors of a divisor of the row, such as 15
    // lanes for 300, are split into 8 + 4 + 2 + 1-lane pieces by LLVM: 30x300 ran 1.5x slower).
    vectorize_pure(output, a.inner[0], extent, knobs.lanes, knobs.accumulators);
    Var task;
    const Var row = parallel_rows(output, a.outer, knobs.rows_per_task, &task);
    const Var at = knobs.stats_per_task && !a.outer.empty() ? task : row;
    if (a.statistics == NormStatistics::kWelford) {
      schedule_welford(a.welford, output, at, a.welford.partition, knobs.lanes);
    } else {
      std::vector<Halide::RVar> others;
      for (int i = 1; i < a.reduction.dimensions(); ++i) others.push_back(a.reduction[i]);
      for (Halide::Func f : {a.sum, a.sum_sq}) {
        if (!f.defined()) continue;
        f.compute_at(output, at);
        vectorize_reduction(f, a.reduction[0], extent, knobs.lanes, knobs.accumulators, others);
      }
    }
    for (Halide::Func f : {a.mean, a.inv_std}) {
      if (f.defined()) f.compute_at(output, at);
    }
  }
};

}  // namespace

std::unique_ptr<NormTemplate> make_norm_rows_template() { return std::make_unique<NormRows>(); }

}  // namespace kf
