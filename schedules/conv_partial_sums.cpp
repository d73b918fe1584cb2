// conv_partial_sums_nhwc (see conv_partial_sums_template.h).
//
// Each output pixel's channels are tiled by `vectors_k` vectors; within a tile the reduction
// over input channels is split by `partial_sums`: channel c adds into partial sum c % partial_sums
// (rfactor), so a reduction step issues vectors_k x partial_sums independent FMAs, all of them
// accumulators in registers. The partial sums are then added into the bias and the activation
// applied. With `parallel_k`, the channel tiles are handed out to threads.
#include <algorithm>

#include "dsl/conv_algorithm.h"
#include "dsl/input_error.h"
#include "schedules/conv_partial_sums_template.h"
#include "schedules/conv_template.h"
#include "schedules/schedule_helpers.h"

namespace kf {

bool partial_sums_applicable(const ConvDesc& desc) {
  if (desc.layout != Layout::kNHWC || desc.groups != 1) return false;
  int64_t pixels = 1, taps = 1;
  for (int i = 0; i < desc.spatial_rank; ++i) {
    pixels *= desc.out[i];
    taps *= desc.kernel[i];
  }
  return pixels * desc.oc <= kPartialSumsMaxOutputs && desc.ic * taps >= kPartialSumsMinReduction;
}

namespace {

using Halide::TailStrategy;
using Halide::Var;

constexpr int kMaxAccumulators = 30;  // of 32 vector registers, two stay free for operands

struct PartialSumsKnobs {
  int partial_sums = 8;
  int vectors_k = 1;
  bool parallel_k = false;
};

const char* const kKnobNames[] = {"partial_sums", "vectors_k", "parallel_k"};

PartialSumsKnobs decode(const Config& config) {
  const auto& v = config.values;
  return PartialSumsKnobs{v[0], v[1], v[2] != 0};
}

class ConvPartialSumsNhwc final : public ConvTemplate {
 public:
  std::string name() const override { return "conv_partial_sums_nhwc"; }
  int version() const override { return 1; }

  bool applicable(const ConvDesc& desc) const override { return partial_sums_applicable(desc); }

  KnobSpace knob_space(const ConvDesc& desc, const Halide::Target& target) const override {
    // Only splits that divide the input channels: each partial sum gets the same count.
    std::vector<int> splits;
    for (int s : {2, 4, 8, 16}) {
      if (desc.ic % s == 0) splits.push_back(s);
    }
    if (splits.empty()) splits.push_back(1);
    const int lanes = lanes_for(target.natural_vector_size<float>(), desc.oc);
    std::vector<Knob> knobs = {
        {kKnobNames[0], splits, {}},
        {kKnobNames[1], sizes_up_to({1, 2, 4}, desc.oc / lanes), {}},
        {kKnobNames[2], {0, 1}, {}},
    };
    return KnobSpace(std::move(knobs), [](const Config& c) {
      const PartialSumsKnobs k = decode(c);
      return k.partial_sums * k.vectors_k <= kMaxAccumulators;
    });
  }

  Config baseline(const ConvDesc& desc, const Halide::Target& target) const override {
    // Eight chains cover the FMA latency (4 cycles, 2 units); one vector of channels a tile.
    const KnobSpace space = knob_space(desc, target);
    const std::vector<int>& splits = space.knobs()[0].values;
    int split = splits.front();
    for (int s : splits) {
      if (s <= 8) split = s;
    }
    return Config{{split, 1, 0}};
  }

  std::string variant(const OpDesc&) const override { return "direct, partial sums"; }

  std::optional<CostFeatures> cost_features(const OpDesc& op, const Config& config,
                                            const Halide::Target& target) const override {
    const auto* conv = dynamic_cast<const ConvDesc*>(&op);
    if (!conv) return std::nullopt;
    const ConvDesc& desc = *conv;
    const PartialSumsKnobs k = decode(config);
    const int lanes = lanes_for(target.natural_vector_size<float>(), desc.oc);
    const int64_t tile = int64_t{lanes} * k.vectors_k;
    const int64_t tiles = (desc.oc + tile - 1) / tile;
    int64_t pixels = desc.mb;
    for (int i = 0; i < desc.spatial_rank; ++i) pixels *= desc.out[i];
    CostFeatures f;
    f.flops = desc.flops();
    f.useful_fraction = static_cast<double>(desc.oc) / static_cast<double>(tiles * tile);
    f.accumulators = k.partial_sums * k.vectors_k;
    f.loads_per_step = k.vectors_k + 1;
    f.parallel_tasks = k.parallel_k ? static_cast<double>(tiles) : 1.0;
    f.memory_bytes = desc.min_bytes();
    // The partial sums are added once per output vector.
    f.overhead_flops = 2.0 * static_cast<double>(pixels * tiles * tile * k.partial_sums);
    return f;
  }

  void apply(const ConvAlgorithm& a, const Config& config,
             const Halide::Target& target) const override {
    const PartialSumsKnobs knobs = decode(config);
    const ConvDesc& desc = a.desc;
    const int rank = desc.spatial_rank;
    const int lanes = lanes_for(target.natural_vector_size<float>(), desc.oc);
    Halide::Func output = a.output;
    Halide::Func conv = a.conv;

    Var k_tile("k_tile"), k_lane("k_lane");
    output.split(a.k, k_tile, k_lane, lanes * knobs.vectors_k, TailStrategy::ShiftInwards)
        .vectorize(k_lane, lanes)
        .unroll(k_lane);
    // The channel tiles are the innermost loop over tiles: one pixel's tiles one after another,
    // reusing its input from L1; with parallel_k they are handed out to threads.
    if (knobs.parallel_k) output.parallel(k_tile);

    // conv(k, pixel) = bias + sum over part of partial(k, pixel, part); partial sums the input
    // channels c with c % partial_sums == part.
    Halide::RVar channel = a.reduction[0];
    Halide::RVar channel_outer("r_c_outer"), channel_inner("r_c_inner");
    Var part("part");
    conv.update().split(channel, channel_outer, channel_inner, knobs.partial_sums);
    Halide::Func partial = conv.update().rfactor(channel_inner, part);
    partial.compute_at(output, k_tile);
    std::vector<Halide::RVar> reduction = {channel_outer};
    for (int i = 1; i <= rank; ++i) reduction.push_back(a.reduction[i]);
    schedule_register_tile(partial, {a.k, part}, lanes, reduction);

    conv.compute_at(output, k_tile).vectorize(a.k, lanes).unroll(a.k);
    conv.update().vectorize(a.k, lanes).unroll(a.k);
  }
};

}  // namespace

const Template& conv_partial_sums_nhwc_template() {
  static const ConvPartialSumsNhwc instance;
  return instance;
}

}  // namespace kf
