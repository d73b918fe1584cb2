// conv_direct_nchw: direct convolution for channels-first tensors (any spatial rank).
//
// The register tile holds `vectors_w` vectors of output pixels along w for `tile_k` output
// channels and `tile_h` rows; each reduction step loads input vectors along w (contiguous for
// stride 1) and broadcasts one OIHW weight per output channel. Parallel work is either blocks of
// rows or blocks of output channels (each task then sweeps a whole plane with its weights hot).
#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "schedules/conv_template.h"
#include "schedules/schedule_helpers.h"

namespace kf {

namespace {

using Halide::TailStrategy;
using Halide::Var;

constexpr int kMaxAccumulators = 30;

struct DirectNchwKnobs {
  int vectors_w = 1;
  int tile_k = 1;
  int tile_h = 1;
  bool taps_inner = false;
  bool unroll_kw = false;
  bool parallel_channels = false;  // parallel over channel blocks instead of row blocks
  int rows_per_task = 1;
  PadAt pad_at = PadAt::kRow;
};

DirectNchwKnobs decode(const Config& config) {
  const auto& v = config.values;
  return DirectNchwKnobs{v[0],      v[1],      v[2], v[3] != 0,
                         v[4] != 0, v[5] != 0, v[6], static_cast<PadAt>(v[7])};
}

class ConvDirectNchw final : public ConvTemplate {
 public:
  std::string name() const override { return "conv_direct_nchw"; }
  int version() const override { return 1; }

  bool applicable(const ConvDesc& desc) const override { return desc.layout == Layout::kNCHW; }

  KnobSpace knob_space(const ConvDesc& desc, const Halide::Target& target) const override {
    const int rank = desc.spatial_rank;
    const int64_t out_w = desc.out[rank - 1];
    const int64_t out_h = rank >= 2 ? desc.out[rank - 2] : 1;
    const int lanes = lanes_for(target.natural_vector_size<float>(), out_w);
    std::vector<Knob> knobs = {
        {"vectors_w", sizes_up_to({1, 2, 3, 4}, out_w / lanes), {}},
        {"tile_k", sizes_up_to({1, 2, 3, 4, 6, 8, 12, 16, 24}, desc.oc), {}},
        {"tile_h", sizes_up_to({1, 2, 4}, out_h), {}},
        {"taps_inner", {0, 1}, {}},
        {"unroll_kw", {0, 1}, {}},
        {"parallel_channels", {0, 1}, {}},
        {"rows_per_task", {1, 2, 4, 8}, {}},
        pad_at_knob(),
    };
    return KnobSpace(std::move(knobs), [](const Config& c) {
      const DirectNchwKnobs k = decode(c);
      return k.vectors_w * k.tile_k * k.tile_h <= kMaxAccumulators;
    });
  }

  Config baseline(const ConvDesc& desc, const Halide::Target& target) const override {
    const KnobSpace space = knob_space(desc, target);
    const auto& knobs = space.knobs();
    const int vectors_w = std::min(2, knobs[0].values.back());
    int tile_k = 1;
    for (int k : knobs[1].values) {
      if (vectors_w * k <= 24) tile_k = k;
    }
    return Config{{vectors_w, tile_k, 1, 0, 0, 0, 1, static_cast<int>(PadAt::kRow)}};
  }

  /// The register tile of vectors_w x tile_h input vectors (strided along w when the stride is,
  /// a load per stride step) and tile_k broadcast weights per reduction step; tails recomputed
  /// by ShiftInwards tiles; tasks of the parallel loop (row blocks inside each channel block, or
  /// channel blocks x batch). Row-parallel schedules read the whole input once per block of
  /// tile_k output channels (no blocking of input channels), from L3 once it outgrows L2.
  std::optional<CostFeatures> cost_features(const OpDesc& op, const Config& config,
                                            const Halide::Target& target) const override {
    const auto* conv = dynamic_cast<const ConvDesc*>(&op);
    if (!conv || !applicable(*conv)) return std::nullopt;
    const ConvDesc& desc = *conv;
    const DirectNchwKnobs k = decode(config);
    const int rank = desc.spatial_rank;
    const int64_t out_w = desc.out[rank - 1];
    const int64_t out_h = rank >= 2 ? desc.out[rank - 2] : 1;
    const int lanes = lanes_for(target.natural_vector_size<float>(), out_w);
    const auto useful = tiled_useful_fraction;
    CostFeatures f;
    f.flops = desc.flops();
    f.useful_fraction = useful(out_w, int64_t{lanes} * k.vectors_w) * useful(desc.oc, k.tile_k) *
                        useful(out_h, k.tile_h);
    f.accumulators = k.vectors_w * k.tile_k * k.tile_h;
    // Input vectors: a load per stride step. With the input channel innermost in the
    // reduction (taps_inner=0 and more than one tap; with one tap both orders are the same loop),
    // every step reads another channel's plane: those loads come from L2 at about half the rate
    // of L1 hits, counted as two.
    int64_t taps = 1;
    bool padded = false;
    for (int i = 0; i < rank; ++i) {
      taps *= desc.kernel[i];
      padded = padded || desc.pad_begin[i] > 0 || desc.pad_end[i] > 0;
    }
    const double plane_hops = !k.taps_inner && taps > 1 ? 2.0 : 1.0;
    const double input_loads =
        static_cast<double>(k.vectors_w) * k.tile_h * desc.stride[rank - 1] * plane_hops;
    f.loads_per_step = input_loads + k.tile_k;
    const double k_blocks = std::ceil(static_cast<double>(desc.oc) / k.tile_k);
    double rows = std::ceil(static_cast<double>(out_h) / k.tile_h);
    for (int i = 0; i < rank - 2; ++i) rows *= desc.out[i];
    if (k.parallel_channels || rank < 2) {
      f.parallel_tasks = k_blocks * desc.mb;
    } else {
      f.parallel_tasks = std::ceil(rows / k.rows_per_task);
    }
    double weight_bytes = 4.0 * desc.oc * desc.ic / desc.groups;
    for (int i = 0; i < rank; ++i) weight_bytes *= desc.kernel[i];
    const double input_bytes = 4.0 * desc.input_elements();
    // The padded copy (about 2 FLOP-equivalents an element: a vector load and store per 16):
    // once (pad_at=image); per block of rows inside every block of output channels, with the
    // kernel's halo rows (pad_at=row); never, with bounds checks on every load (inline; none
    // without padding).
    const double copy = 2.0 * static_cast<double>(desc.input_elements());
    if (k.pad_at == PadAt::kImage) {
      f.overhead_flops = copy;
    } else if (k.pad_at == PadAt::kRow) {
      const double block_rows = static_cast<double>(k.rows_per_task) * k.tile_h;
      const double halo =
          rank >= 2 ? (block_rows + desc.dilated_kernel(rank - 2) - 1) / block_rows : 1.0;
      f.overhead_flops = copy * k_blocks * halo;
    } else if (padded) {
      f.useful_fraction *= 0.5;
    }
    f.memory_bytes = desc.min_bytes() + (weight_bytes > (1 << 20) ? weight_bytes : 0.0) +
                     beyond_l2_bytes(input_bytes * (k_blocks - 1), input_bytes,
                                     static_cast<double>(last_level_cache_bytes()));
    return f;
  }

  /// pad_at=image on a padded layer stores the padded input as zeros and an interior copy:
  /// dense row vectors, no bounds select per element.
  PaddingForm padding_form(const ConvDesc& desc, const Config& config) const override {
    return padding_form_for(desc, decode(config).pad_at);
  }

  void apply(const ConvAlgorithm& a, const Config& config,
             const Halide::Target& target) const override {
    const DirectNchwKnobs knobs = decode(config);
    const ConvDesc& desc = a.desc;
    const int rank = desc.spatial_rank;
    const int lanes = lanes_for(target.natural_vector_size<float>(), desc.out[rank - 1]);
    Halide::Func output = a.output;
    Halide::Func conv = a.conv;

    Var w_tile("w_tile"), w_lane("w_lane"), k_tile("k_tile"), k_chan("k_chan");
    Var h_tile("h_tile"), h_pixel("h_pixel"), task("task"), row("row");
    const Var w = a.spatial[0];
    output.split(w, w_tile, w_lane, lanes * knobs.vectors_w, TailStrategy::ShiftInwards)
        .split(a.k, k_tile, k_chan, knobs.tile_k, TailStrategy::ShiftInwards);
    std::vector<Halide::VarOrRVar> order = {w_lane, k_chan};
    std::vector<Var> tile_vars = {w, a.k};
    std::vector<Var> row_dims;  // innermost first
    if (rank >= 2) {
      output.split(a.spatial[1], h_tile, h_pixel, knobs.tile_h, TailStrategy::ShiftInwards);
      order.push_back(h_pixel);
      tile_vars.push_back(a.spatial[1]);
      row_dims.push_back(h_tile);
    }
    for (int i = 2; i < rank; ++i) row_dims.push_back(a.spatial[i]);
    order.push_back(w_tile);
    order.insert(order.end(), row_dims.begin(), row_dims.end());
    order.push_back(k_tile);
    order.push_back(a.n);
    output.reorder(order);

    // Parallel loop: blocks of rows inside each channel block, or channel blocks x batch.
    Var row_loop = row;
    if (knobs.parallel_channels || row_dims.empty()) {
      Var blocks("k_tile_n");
      output.fuse(k_tile, a.n, blocks).parallel(blocks);
      row_loop = row_dims.empty() ? blocks : row_dims[0];
    } else {
      Var fused = row_dims[0];
      for (size_t i = 1; i < row_dims.size(); ++i) {
        Var next(fused.name() + "_" + row_dims[i].name());
        output.fuse(fused, row_dims[i], next);
        fused = next;
      }
      output.split(fused, task, row, knobs.rows_per_task, TailStrategy::GuardWithIf).parallel(task);
    }
    output.vectorize(w_lane, lanes).unroll(w_lane).unroll(k_chan);
    if (rank >= 2) output.unroll(h_pixel);

    conv.compute_at(output, w_tile);
    std::vector<Halide::RVar> taps;
    for (int i = 1; i <= rank; ++i) taps.push_back(a.reduction[i]);
    std::vector<Halide::RVar> reduction;
    if (knobs.taps_inner) {
      reduction = taps;
      reduction.push_back(a.reduction[0]);
    } else {
      reduction.push_back(a.reduction[0]);
      reduction.insert(reduction.end(), taps.begin(), taps.end());
    }
    schedule_register_tile(conv, tile_vars, lanes, reduction);
    if (knobs.unroll_kw) conv.update().unroll(taps[0]);

    // The padded copy runs along w, which the boundary condition clamps: rounding up is safe
    // (the zero fill and copy guard their tails instead).
    const int copy_lanes = lanes_for(target.natural_vector_size<float>(), desc.in[rank - 1]);
    place_padding(a, knobs.pad_at, output, row_loop, /*parallel_dim=*/rank, /*vector_dim=*/0,
                  copy_lanes, /*stored_lanes=*/copy_lanes);
  }
};

}  // namespace

std::unique_ptr<ConvTemplate> make_conv_direct_nchw_template() {
  return std::make_unique<ConvDirectNchw>();
}

}  // namespace kf
