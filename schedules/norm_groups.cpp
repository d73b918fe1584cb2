// norm_groups: group norm and instance norm in either layout. Per sample, per-channel sums over
// space (vectorised over channels for NHWC, over the fused contiguous plane for NCHW) are combined
// per group into mean and 1/sigma, folded with gamma/beta into a per-channel scale and shift, and
// the output pass is one multiply-add per element. Samples run in parallel, or the output rows of a
// sample do (for small batches).
#include <algorithm>
#include <cmath>

#include "schedules/norm_template.h"
#include "schedules/schedule_helpers.h"

namespace kf {

namespace {

using Halide::Var;

struct GroupsKnobs {
  int lanes = 8;
  NormStatistics statistics = NormStatistics::kTwoPass;
  int rows_per_task = 1;
  bool parallel_rows = false;  // parallel over output rows within a sample, else over samples
};

const char* const kKnobNames[] = {"lanes", "statistics", "rows_per_task", "parallel"};

GroupsKnobs decode(const Config& config) {
  const auto& v = config.values;
  return GroupsKnobs{v[0], static_cast<NormStatistics>(v[1]), v[2], v[3] != 0};
}

/// What `k` costs on `d` (see StreamingCost in schedules/cost_features.h): per sample the sums
/// and sums of squares (two loops over the sample, vectorised over channels for NHWC, over w by
/// rfactor for NCHW; two-pass subtracts the mean in the second), the per-channel scale and
/// shift, then the output pass of one multiply-add per element in blocks of two vectors.
CostFeatures groups_cost(const NormDesc& d, const GroupsKnobs& k, int natural) {
  namespace vc = vector_cycles;
  const bool nhwc = d.layout == NormLayout::kNHWC || d.spatial_rank == 0;
  int64_t space = 1;
  for (int i = 0; i < d.spatial_rank; ++i) space *= d.spatial[i];
  const double elements = static_cast<double>(d.mb) * d.ic * space;
  const int64_t width = d.spatial_rank > 0 ? d.spatial[d.spatial_rank - 1] : 1;
  StreamingCost cost(natural);
  // The statistics: vectors along the channels (NHWC) or along w (NCHW).
  const int64_t stat_extent = nhwc ? d.ic : width;
  const int stat_lanes = row_lanes(k.lanes, stat_extent);
  const double stat_vectors = elements / stat_extent *
                              std::ceil(static_cast<double>(stat_extent) / std::max(stat_lanes, 1));
  // NHWC keeps one partial vector per channel vector: few channels make a latency chain.
  const double chains = nhwc ? std::ceil(static_cast<double>(d.ic) / std::max(stat_lanes, 1)) : 1;
  const double chain = 3.0 / chains;
  const bool two_pass = k.statistics == NormStatistics::kTwoPass;
  const double sample_bytes = 4.0 * elements / d.mb;
  const double reread = sample_bytes > 32 * 1024 ? vc::kLoad : 0.0;
  if (two_pass) {
    cost.pass(stat_vectors, std::max(vc::kLoad + vc::kAlu, chain), elements);
    cost.pass(stat_vectors, std::max(vc::kLoad + 2 * vc::kAlu + reread, chain), elements);
  } else {
    // Welford: two subtracts and two multiply-adds per vector, the mean's chain a
    // multiply-add (4 cycles) per step.
    cost.pass(stat_vectors, std::max(vc::kLoad + 4 * vc::kAlu, 4.0 / chains), elements);
  }
  // The output: lanes x 2 along the contiguous dim, the last block shifted inwards.
  const int64_t extent = nhwc ? d.ic : space;
  int lanes = std::max(k.lanes, 1);
  while (lanes > 1 && lanes > extent) lanes /= 2;
  int block = lanes * 2;
  while (block > lanes && block > extent) block /= 2;
  const double out_vectors =
      elements / extent * std::ceil(static_cast<double>(extent) / block) * block / lanes;
  cost.pass(out_vectors, (nhwc ? 3 : 1) * vc::kLoad + vc::kAlu + vc::kStore + reread, elements);
  // Per sample: the rfactor partials of NCHW, per-group and per-channel parameters.
  cost.overhead(d.mb * (d.ic * (nhwc ? 2.0 : 2.0 + 2 * vc::kReduce) + d.groups * 20.0 + 50));
  int64_t rows = d.ic;
  if (nhwc) rows = space;
  const double tasks = k.parallel_rows
                           ? d.mb * std::ceil(static_cast<double>(rows) / k.rows_per_task)
                           : static_cast<double>(d.mb);
  const double bytes = 4.0 * elements * (2 + (reread > 0 ? 1 : 0));
  return cost.features(tasks, beyond_l2_bytes(bytes, 8.0 * elements, last_level_cache_bytes()));
}

class NormGroups final : public NormTemplate {
 public:
  std::string name() const override { return "norm_groups"; }
  int version() const override { return 3; }

  bool applicable(const NormDesc& desc) const override {
    return desc.kind == NormKind::kGroup || desc.kind == NormKind::kInstance;
  }

  KnobSpace knob_space(const NormDesc&, const Halide::Target& target) const override {
    return KnobSpace({{kKnobNames[0], norm_lane_choices(target), {}},
                      {kKnobNames[1], {0, 1}, {"two_pass", "one_pass"}},
                      {kKnobNames[2], {1, 2, 4, 8, 16, 32}, {}},
                      {kKnobNames[3], {0, 1}, {"samples", "rows"}}});
  }

  Config baseline(const NormDesc& desc, const Halide::Target& target) const override {
    // Full vectors, two-pass statistics, parallel over samples (statistics included) unless
    // there is one sample; then over blocks of output rows.
    return Config{{norm_lane_choices(target).back(), 0, 16, desc.mb < 2 ? 1 : 0}};
  }

  NormStatistics statistics(const Config& config) const override {
    return decode(config).statistics;
  }

  int welford_partitions(const NormDesc& desc, const Config& config) const override {
    // NHWC: the channels are the vectors, one partition per channel. NCHW: a vector of
    // partitions along w (a power of two that fits the row).
    if (desc.layout == NormLayout::kNHWC || desc.spatial_rank == 0) return 1;
    int lanes = std::max(decode(config).lanes, 1);
    while (lanes > 1 && lanes > desc.spatial[desc.spatial_rank - 1]) lanes /= 2;
    return lanes;
  }

  std::optional<CostFeatures> cost_features(const OpDesc& desc, const Config& config,
                                            const Halide::Target& target) const override {
    const auto* norm = dynamic_cast<const NormDesc*>(&desc);
    if (!norm || !applicable(*norm)) return std::nullopt;
    return groups_cost(*norm, decode(config), target.natural_vector_size<float>());
  }

  void apply(const NormAlgorithm& a, const Config& config, const Halide::Target&) const override {
    const GroupsKnobs knobs = decode(config);
    const NormDesc& d = a.desc;
    const bool nhwc = d.layout == NormLayout::kNHWC || d.spatial_rank == 0;
    Halide::Func output = a.output;

    // Output pass: vectorised along the contiguous dim, rows inside the sample loop.
    Var vector_dim = a.c;
    int64_t extent = d.ic;
    std::vector<Var> rows;
    if (!nhwc) {
      vector_dim = a.spatial[0];
      extent = d.spatial[d.spatial_rank - 1];
      for (int i = 1; i < d.spatial_rank; ++i) {
        const Var fused(vector_dim.name() + a.spatial[i].name());
        output.fuse(vector_dim, a.spatial[i], fused);
        vector_dim = fused;
        extent *= d.spatial[d.spatial_rank - 1 - i];
      }
      rows = {a.c};
    } else {
      rows = a.spatial;
    }
    vectorize_pure(output, vector_dim, extent, knobs.lanes, 2);
    if (knobs.parallel_rows) {
      parallel_rows(output, rows, knobs.rows_per_task);
    } else {
      output.parallel(a.n);
    }

    // Statistics of one sample, computed before its output pass.
    const int channel_lanes = row_lanes(knobs.lanes, d.ic);
    std::vector<Halide::RVar> space;
    for (int i = 0; i < a.reduction.dimensions(); ++i) space.push_back(a.reduction[i]);
    if (a.statistics == NormStatistics::kWelford) {
      schedule_welford(a.welford, output, a.n, nhwc ? a.c : a.welford.partition,
                       nhwc ? channel_lanes : knobs.lanes);
      Halide::Func sum_sq = a.sum_sq;
      sum_sq.compute_at(output, a.n);
      if (nhwc && channel_lanes > 1) sum_sq.vectorize(a.c, channel_lanes);
    }
    for (Halide::Func f : {a.sum, a.sum_sq}) {
      if (a.statistics == NormStatistics::kWelford) break;
      f.compute_at(output, a.n);
      if (nhwc && channel_lanes > 1) {
        std::vector<Halide::VarOrRVar> order = {a.c};
        order.insert(order.end(), space.begin(), space.end());
        f.vectorize(a.c, channel_lanes);
        f.update().reorder(order).vectorize(a.c, channel_lanes);
      } else if (!nhwc) {
        // A channel's rows (along w) are contiguous: partial sums per w position over the
        // other spatial dims (rfactor of w), vectorised along w, then reduced over w.
        const Var w(f.name() + "_w");
        Halide::Func partial = f.update().rfactor(space[0], w);
        partial.compute_at(f, Var::outermost()).reorder_storage(w, a.c, a.n);
        const int64_t width = d.spatial[d.spatial_rank - 1];
        const int lanes = row_lanes(knobs.lanes, width);
        partial.vectorize(w, lanes, Halide::TailStrategy::GuardWithIf);
        std::vector<Halide::VarOrRVar> order = {w};
        order.insert(order.end(), space.begin() + 1, space.end());
        order.push_back(a.c);
        partial.update().reorder(order).vectorize(w, lanes, Halide::TailStrategy::GuardWithIf);
      }
    }
    for (Halide::Func f : {a.group_sum, a.mean, a.group_sum_sq, a.inv_std}) {
      f.compute_at(output, a.n);
    }
    for (Halide::Func f : {a.scale, a.shift}) {
      f.compute_at(output, a.n);
      if (channel_lanes > 1) f.vectorize(a.c, channel_lanes);
    }
  }
};

}  // namespace

std::unique_ptr<NormTemplate> make_norm_groups_template() { return std::make_unique<NormGroups>(); }

}  // namespace kf
