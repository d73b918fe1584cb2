// conv_direct_nhwc: direct convolution for channels-last tensors (any spatial rank).
//
// The register tile holds `vectors_k` vectors of output channels for `tile_w` x `tile_h` output
// pixels; the reduction over input channels and kernel taps runs inside it, so each step
// broadcasts one input value against vectors of HWIO weights (contiguous in the output channel).
// Blocks of output rows (outer spatial dims fused with the batch) run in parallel.
#include <algorithm>
#include <stdexcept>

#include "schedules/conv_direct_nhwc_schedule.h"
#include "schedules/conv_template.h"
#include "schedules/schedule_helpers.h"

namespace kf {

namespace {

using Halide::TailStrategy;
using Halide::Var;

constexpr int kMaxAccumulators = 30;  // of 32 vector registers, two stay free for operands

struct DirectNhwcKnobs {
  int vectors_k = 1;
  int tile_w = 1;
  int tile_h = 1;
  bool k_tiles_outer = false;  // k tiles outside the w tiles: a weight panel is reused along w
  bool taps_inner = false;     // reduction order: kernel taps inside input channels
  bool unroll_kw = false;
  int rows_per_task = 1;
  PadAt pad_at = PadAt::kRow;
};

const char* const kKnobNames[] = {"vectors_k",  "tile_w",    "tile_h",        "k_tiles_outer",
                                  "taps_inner", "unroll_kw", "rows_per_task", "pad_at"};

DirectNhwcKnobs decode(const Config& config) {
  const auto& v = config.values;
  return DirectNhwcKnobs{v[0],      v[1],      v[2], v[3] != 0,
                         v[4] != 0, v[5] != 0, v[6], static_cast<PadAt>(v[7])};
}

class ConvDirectNhwc final : public ConvTemplate {
 public:
  std::string name() const override { return "conv_direct_nhwc"; }
  int version() const override { return 1; }

  bool applicable(const ConvDesc& desc) const override { return desc.layout == Layout::kNHWC; }

  KnobSpace knob_space(const ConvDesc& desc, const Halide::Target& target) const override {
    const int rank = desc.spatial_rank;
    const int lanes = lanes_for(target.natural_vector_size<float>(), desc.oc);
    const int64_t out_w = desc.out[rank - 1];
    const int64_t out_h = rank >= 2 ? desc.out[rank - 2] : 1;
    std::vector<Knob> knobs = {
        {kKnobNames[0], sizes_up_to({1, 2, 3, 4, 6, 8}, desc.oc / lanes), {}},
        {kKnobNames[1], sizes_up_to({1, 2, 3, 4, 5, 6, 7, 8, 10, 12, 14, 16, 28}, out_w), {}},
        {kKnobNames[2], sizes_up_to({1, 2, 4}, out_h), {}},
        {kKnobNames[3], {0, 1}, {}},
        {kKnobNames[4], {0, 1}, {}},
        {kKnobNames[5], {0, 1}, {}},
        {kKnobNames[6], {1, 2, 4, 8}, {}},
        pad_at_knob(),
    };
    return KnobSpace(std::move(knobs), [](const Config& c) {
      const DirectNhwcKnobs k = decode(c);
      return k.vectors_k * k.tile_w * k.tile_h <= kMaxAccumulators;
    });
  }

  Config baseline(const ConvDesc& desc, const Halide::Target& target) const override {
    // An engineer's first try: the register tile that wastes least (channel vectors and
    // pixels dividing the layer's channels and row), padding per row, one row per task.
    const KnobSpace space = knob_space(desc, target);
    const auto& knobs = space.knobs();
    const int lanes = lanes_for(target.natural_vector_size<float>(), desc.oc);
    const RegisterTile tile = choose_register_tile(knobs[0].values, knobs[1].values, desc.oc, lanes,
                                                   desc.out[desc.spatial_rank - 1], 28);
    const int vectors_k = tile.vectors, tile_w = tile.pixels;
    return Config{{vectors_k, tile_w, 1, 0, 0, 0, 1, static_cast<int>(PadAt::kRow)}};
  }

  std::optional<CostFeatures> cost_features(const OpDesc& op, const Config& config,
                                            const Halide::Target& target) const override {
    const auto* conv = dynamic_cast<const ConvDesc*>(&op);
    if (!conv) return std::nullopt;
    const ConvDesc& desc = *conv;
    const DirectNhwcKnobs k = decode(config);
    const int rank = desc.spatial_rank;
    const int lanes = lanes_for(target.natural_vector_size<float>(), desc.oc);
    const auto useful = tiled_useful_fraction;
    const int64_t out_w = desc.out[rank - 1];
    const int64_t out_h = rank >= 2 ? desc.out[rank - 2] : 1;
    CostFeatures f;
    f.flops = desc.flops();
    f.useful_fraction = useful(desc.oc, int64_t{lanes} * k.vectors_k) * useful(out_w, k.tile_w) *
                        useful(out_h, k.tile_h);
    f.accumulators = k.vectors_k * k.tile_w * k.tile_h;
    f.loads_per_step = k.vectors_k + k.tile_w * k.tile_h;
    f.parallel_tasks = static_cast<double>(row_block_tasks(desc, k.tile_h, k.rows_per_task));
    double weight_bytes = 4.0 * desc.oc * desc.ic / desc.groups;
    for (int i = 0; i < rank; ++i) weight_bytes *= desc.kernel[i];
    f.memory_bytes = desc.min_bytes() + (weight_bytes > (1 << 20) ? weight_bytes : 0.0);
    return f;
  }

  PaddingForm padding_form(const ConvDesc& desc, const Config& config) const override {
    return direct_nhwc_padding_form(desc, config);
  }

  void apply(const ConvAlgorithm& a, const Config& config,
             const Halide::Target& target) const override {
    schedule_direct_nhwc(a, config, /*k_tasks=*/1, target);
  }
};

}  // namespace

PaddingForm direct_nhwc_padding_form(const ConvDesc& desc, const Config& config) {
  return padding_form_for(desc, decode(config).pad_at);
}

void schedule_direct_nhwc(const ConvAlgorithm& a, const Config& config, int k_tasks,
                          const Halide::Target& target) {
  const DirectNhwcKnobs knobs = decode(config);
  const ConvDesc& desc = a.desc;
  const int rank = desc.spatial_rank;
  const int lanes = lanes_for(target.natural_vector_size<float>(), desc.oc);
  Halide::Func output = a.output;
  Halide::Func conv = a.conv;

  Var k_tile("k_tile"), k_lane("k_lane"), w_tile("w_tile"), w_pixel("w_pixel");
  Var h_tile("h_tile"), h_pixel("h_pixel"), task("task"), row("row");
  const Var w = a.spatial[0];
  output.split(a.k, k_tile, k_lane, lanes * knobs.vectors_k, TailStrategy::ShiftInwards)
      .split(w, w_tile, w_pixel, knobs.tile_w, TailStrategy::ShiftInwards);
  std::vector<Halide::VarOrRVar> order = {k_lane, w_pixel};
  std::vector<Var> tile_vars = {a.k, w};
  // Outer row dims, innermost first: the h tiles (rank >= 2), then d, then the batch.
  std::vector<Var> row_dims;
  if (rank >= 2) {
    const Var h = a.spatial[1];
    output.split(h, h_tile, h_pixel, knobs.tile_h, TailStrategy::ShiftInwards);
    order.push_back(h_pixel);
    tile_vars.push_back(h);
    row_dims.push_back(h_tile);
  }
  for (int i = 2; i < rank; ++i) row_dims.push_back(a.spatial[i]);
  row_dims.push_back(a.n);
  // With k_tasks > 1 the k tiles are cut into that many chunks, each handed to threads
  // separately (outermost, fused with the row tasks below): a thread then reads only its
  // chunk's weights.
  Var k_tiles = k_tile, k_chunk("k_chunk"), k_tile_in("k_tile_in");
  if (k_tasks > 1) {
    const int64_t tile_count = (desc.oc + lanes * knobs.vectors_k - 1) / (lanes * knobs.vectors_k);
    const int per_chunk = static_cast<int>((tile_count + k_tasks - 1) / k_tasks);
    output.split(k_tile, k_chunk, k_tile_in, per_chunk, TailStrategy::GuardWithIf);
    k_tiles = k_tile_in;
  }
  const Var innermost_tile_loop = knobs.k_tiles_outer ? w_tile : k_tiles;
  if (knobs.k_tiles_outer) {
    order.insert(order.end(), {w_tile, k_tiles});
  } else {
    order.insert(order.end(), {k_tiles, w_tile});
  }
  order.insert(order.end(), row_dims.begin(), row_dims.end());
  if (k_tasks > 1) order.push_back(k_chunk);
  output.reorder(order);

  // Fuse all row dims into one loop, then hand out blocks of rows (x chunks of k tiles) to
  // threads.
  Var fused = row_dims[0];
  for (size_t i = 1; i < row_dims.size(); ++i) {
    Var next(fused.name() + "_" + row_dims[i].name());
    output.fuse(fused, row_dims[i], next);
    fused = next;
  }
  output.split(fused, task, row, knobs.rows_per_task, TailStrategy::GuardWithIf);
  if (k_tasks > 1) {
    Var chunk_task("chunk_task");
    output.fuse(task, k_chunk, chunk_task).parallel(chunk_task);
  } else {
    output.parallel(task);
  }
  output.vectorize(k_lane, lanes).unroll(k_lane).unroll(w_pixel);
  if (rank >= 2) output.unroll(h_pixel);

  conv.compute_at(output, innermost_tile_loop);
  std::vector<Halide::RVar> reduction;
  std::vector<Halide::RVar> taps;
  for (int i = 1; i <= rank; ++i) taps.push_back(a.reduction[i]);
  if (knobs.taps_inner) {
    reduction = taps;
    reduction.push_back(a.reduction[0]);
  } else {
    reduction.push_back(a.reduction[0]);
    reduction.insert(reduction.end(), taps.begin(), taps.end());
  }
  schedule_register_tile(conv, tile_vars, lanes, reduction);
  if (knobs.unroll_kw) conv.update().unroll(taps[0]);

  // Padded input. Stored as zeros and an interior copy (pad_at=image with padding, declared so
  // by direct_nhwc_padding_form): dense vectors over channels and pixels. Otherwise a
  // channel-innermost copy, vectorised when channels fill whole vectors (the channel dim is
  // unbounded in the boundary condition, so a rounded-up copy would overread).
  const int in_lanes = target.natural_vector_size<float>();
  const int copy_lanes = desc.ic % in_lanes == 0 ? in_lanes : 1;
  place_padding(a, knobs.pad_at, output, row, /*parallel_dim=*/rank, /*vector_dim=*/0, copy_lanes,
                /*stored_lanes=*/in_lanes);
}

std::unique_ptr<ConvTemplate> make_conv_direct_nhwc_template() {
  return std::make_unique<ConvDirectNhwc>();
}

}  // namespace kf
