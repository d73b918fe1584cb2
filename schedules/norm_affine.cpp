// norm_affine: batch norm inference (bnorm) in either layout. Per channel, scale = gamma /
// sqrt(var + eps) and shift = beta - mean * scale (materialised up front or recomputed inline);
// the output is one multiply-add per element, vectorised along the contiguous dim (channels for
// NHWC, the fused spatial dims for NCHW) and handed to threads in tasks of whole rows. Outputs that
// do not stay in the caches can be written with non-temporal stores (knob stream_stores).
#include <algorithm>
#include <cmath>

#include "schedules/norm_template.h"
#include "schedules/schedule_helpers.h"

namespace kf {

namespace {

using Halide::Var;

struct AffineKnobs {
  int lanes = 8;
  int unroll = 1;
  int task_kib = 16;
  bool params_root = true;
  bool stream_stores = false;
};

const char* const kKnobNames[] = {"lanes", "unroll", "task_kib", "params_root", "stream_stores"};

AffineKnobs decode(const Config& config) {
  const auto& v = config.values;
  return AffineKnobs{v[0], v[1], v[2], v[3] != 0, v[4] != 0};
}

/// What `k` costs on `d` (see StreamingCost in schedules/cost_features.h): one pass of a load,
/// a multiply-add and a store per element in blocks of lanes x unroll along the contiguous dim
/// (the last shifted inwards); per-channel parameters loaded from the folded buffer or
/// recomputed (a square root and a division per channel vector for NHWC, per row for NCHW);
/// tasks of task_kib KiB. Streaming stores send the whole output to DRAM (no read for
/// ownership), which pays only when it would not stay in the last-level cache anyway.
CostFeatures affine_cost(const NormDesc& d, const AffineKnobs& k, int natural) {
  namespace vc = vector_cycles;
  const bool nchw = d.layout == NormLayout::kNCHW && d.spatial_rank > 0;
  int64_t space = 1;
  for (int i = 0; i < d.spatial_rank; ++i) space *= d.spatial[i];
  const double elements = static_cast<double>(d.mb) * d.ic * space;
  const int64_t extent = nchw ? space : d.ic;
  const double rows = elements / extent;
  int lanes = std::max(k.lanes, 1);
  while (lanes > 1 && lanes > extent) lanes /= 2;
  int block = lanes * std::max(k.unroll, 1);
  while (block > lanes && block > extent) block /= 2;
  const double vectors = rows * std::ceil(static_cast<double>(extent) / block) * block / lanes;
  const double inline_params = 2 * vc::kExp;  // sqrt and division of the folded parameters
  double step = vc::kLoad + vc::kAlu + vc::kStore;
  if (!nchw) step += k.params_root ? 2 * vc::kLoad : 4 * vc::kLoad + inline_params;
  StreamingCost cost(natural);
  cost.pass(vectors, step, elements);
  if (nchw && !k.params_root) cost.overhead(rows * inline_params);
  if (k.params_root) cost.overhead(d.ic / 4.0 * (4 * vc::kLoad + inline_params));
  const double row_bytes = 4.0 * extent;
  const double rows_per_task = std::max(1.0, std::floor(k.task_kib * 1024.0 / row_bytes));
  const double footprint = 8.0 * elements, llc = last_level_cache_bytes();
  double memory = beyond_l2_bytes(4.0 * elements * (footprint > llc ? 3 : 2), footprint, llc);
  if (k.stream_stores) {
    memory = beyond_l2_bytes(4.0 * elements, footprint, llc) + 4.0 * elements;
  }
  return cost.features(std::ceil(rows / rows_per_task), memory);
}

class NormAffine final : public NormTemplate {
 public:
  std::string name() const override { return "norm_affine"; }
  int version() const override { return 2; }

  bool applicable(const NormDesc& desc) const override { return desc.kind == NormKind::kBatch; }

  KnobSpace knob_space(const NormDesc&, const Halide::Target& target) const override {
    return KnobSpace({{kKnobNames[0], norm_lane_choices(target), {}},
                      {kKnobNames[1], {1, 2, 4}, {}},
                      {kKnobNames[2], {1, 4, 16, 64, 256, 1024}, {}},
                      {kKnobNames[3], {0, 1}, {}},
                      {kKnobNames[4], {0, 1}, {}}});
  }

  Config baseline(const NormDesc& desc, const Halide::Target& target) const override {
    // Full-width vectors, two per step, parameters folded once. Streaming stores when the
    // tensors cannot stay in the last-level cache between calls, and then large tasks: the
    // thread pool's locked instructions at each task wait for the streaming stores in flight.
    const bool stream = desc.min_bytes() > static_cast<double>(last_level_cache_bytes());
    return Config{{norm_lane_choices(target).back(), 2, stream ? 256 : 16, 1, stream ? 1 : 0}};
  }

  bool streams_output(const OpDesc&, const Config& config) const override {
    return decode(config).stream_stores;
  }

  NormStatistics statistics(const Config&) const override { return NormStatistics::kTwoPass; }

  std::optional<CostFeatures> cost_features(const OpDesc& desc, const Config& config,
                                            const Halide::Target& target) const override {
    const auto* norm = dynamic_cast<const NormDesc*>(&desc);
    if (!norm || !applicable(*norm)) return std::nullopt;
    return affine_cost(*norm, decode(config), target.natural_vector_size<float>());
  }

  void apply(const NormAlgorithm& a, const Config& config, const Halide::Target&) const override {
    const AffineKnobs knobs = decode(config);
    const NormDesc& d = a.desc;
    Halide::Func output = a.output;
    Var vector_dim = a.c;
    int64_t extent = d.ic;
    std::vector<Var> rows;
    if (d.layout == NormLayout::kNCHW && d.spatial_rank > 0) {
      // Spatial dims are contiguous per (n, c): one fused pixel loop.
      vector_dim = a.spatial[0];
      extent = d.spatial[d.spatial_rank - 1];
      for (int i = 1; i < d.spatial_rank; ++i) {
        const Var fused(vector_dim.name() + a.spatial[i].name());
        output.fuse(vector_dim, a.spatial[i], fused);
        vector_dim = fused;
        extent *= d.spatial[d.spatial_rank - 1 - i];
      }
      rows = {a.c, a.n};
    } else {
      rows.assign(a.args.begin() + 1, a.args.end());
    }
    vectorize_pure(output, vector_dim, extent, knobs.lanes, knobs.unroll);
    // Tasks of about task_kib KiB of output, in whole rows.
    const int64_t row_bytes = extent * static_cast<int64_t>(sizeof(float));
    const int64_t rows_per_task = std::max<int64_t>(1, knobs.task_kib * int64_t{1024} / row_bytes);
    parallel_rows(output, rows, static_cast<int>(std::min<int64_t>(rows_per_task, 1 << 20)));
    if (knobs.params_root) {
      const int lanes = dividing_lanes(knobs.lanes, d.ic);
      for (Halide::Func f : {a.scale, a.shift}) {
        f.compute_root();
        if (lanes > 1) f.vectorize(a.c, lanes);
      }
    }
  }
};

}  // namespace

std::unique_ptr<NormTemplate> make_norm_affine_template() { return std::make_unique<NormAffine>(); }

}  // namespace kf
