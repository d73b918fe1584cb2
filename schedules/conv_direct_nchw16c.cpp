// Direct convolution on channel-blocked activations (nChw16c, 1-D nCw16c, 3-D nCdhw16c), as two
// templates over one schedule:
//   conv_direct_nchw16c    the caller declares blocked input and output (chained layers): no
//                          conversion at all.
//   conv_nchw_via_nchw16c  an NCHW workload computed in the blocked layout, the conversions from
//                          and to NCHW inside the pipeline (staged tile transposes), so the
//                          measured time counts them: the blocked point of the layout dimension
//                          of the search space, next to conv_direct_nchw and conv_nchw_via_nhwc.
//
// The register tile holds `blocks_k` blocks of 16 output channels (one AVX-512 vector each, two
// AVX2 vectors) for `tile_w` x `tile_h` output pixels; the reduction over input channels and
// taps runs inside it, broadcasting one input value against the HWIO weights of the tile's
// channels. Every (block, pixel) of the tile is one contiguous 64-byte store. Blocks of output
// rows (outer spatial dims fused with the batch) run in parallel.
#include <algorithm>
#include <cmath>

#include "dsl/conv_blocked_algorithm.h"
#include "dsl/dense_bounds.h"
#include "dsl/input_error.h"
#include "schedules/conv_layout_template.h"
#include "schedules/cost_features.h"
#include "schedules/layout_conversion.h"
#include "schedules/schedule_helpers.h"

namespace kf {

namespace {

using Halide::Func;
using Halide::TailStrategy;
using Halide::Var;

struct BlockedKnobs {
  int blocks_k = 1;
  int tile_w = 1;
  int tile_h = 1;
  bool k_tiles_outer = false;  // k tiles outside the w tiles: a weight panel is reused along w
  bool taps_inner = false;     // reduction order: kernel taps inside input channels
  bool unroll_kw = false;
  int rows_per_task = 1;
  PadAt pad_at = PadAt::kRow;
};

const char* const kKnobNames[] = {"blocks_k",   "tile_w",    "tile_h",        "k_tiles_outer",
                                  "taps_inner", "unroll_kw", "rows_per_task", "pad_at"};

BlockedKnobs decode(const Config& config) {
  const auto& v = config.values;
  return BlockedKnobs{v[0],      v[1],      v[2], v[3] != 0,
                      v[4] != 0, v[5] != 0, v[6], static_cast<PadAt>(v[7])};
}

// Vector accumulators the target's register file holds with two registers left for operands.
int max_accumulators(const Halide::Target& target) {
  return target.has_feature(Halide::Target::AVX512) ? 30 : 14;
}

// Vectors of one 16-channel block on `target`.
int vectors_per_block(const Halide::Target& target) {
  const int lanes = std::min<int>(target.natural_vector_size<float>(), kChannelBlock);
  return static_cast<int>(kChannelBlock) / lanes;
}

class ConvBlocked final : public Template {
 public:
  /// `user_layout`: kNCHW16c (declared blocked) or kNCHW (converted inside).
  explicit ConvBlocked(Layout user_layout) : user_layout_(user_layout) {}

  std::string name() const override {
    return user_layout_ == Layout::kNCHW16c ? "conv_direct_nchw16c" : "conv_nchw_via_nchw16c";
  }
  int version() const override { return 1; }

  bool applicable(const OpDesc& desc) const override {
    const auto* conv = dynamic_cast<const ConvDesc*>(&desc);
    // Grouped layers need whole blocks of output channels (the twin's channels are padded only
    // when ungrouped); validate() guarantees it for declared blocked layouts.
    return conv && conv->layout == user_layout_ &&
           (conv->groups == 1 || conv->oc % kChannelBlock == 0);
  }

  std::string variant(const OpDesc&) const override {
    return user_layout_ == Layout::kNCHW16c
               ? "direct convolution on nChw16c blocks"
               : "direct convolution on nChw16c blocks, converted from and to NCHW";
  }

  KnobSpace knob_space(const OpDesc& op, const Halide::Target& target) const override {
    const ConvDesc& desc = as_conv(op);
    const int rank = desc.spatial_rank;
    const int64_t out_w = desc.out[rank - 1];
    const int64_t out_h = rank >= 2 ? desc.out[rank - 2] : 1;
    std::vector<Knob> knobs = {
        {kKnobNames[0], sizes_up_to({1, 2, 3, 4}, channel_blocks(desc.oc)), {}},
        {kKnobNames[1], sizes_up_to({1, 2, 3, 4, 5, 6, 7, 8, 10, 12, 14, 16, 28}, out_w), {}},
        {kKnobNames[2], sizes_up_to({1, 2, 4}, out_h), {}},
        {kKnobNames[3], {0, 1}, {}},
        {kKnobNames[4], {0, 1}, {}},
        {kKnobNames[5], {0, 1}, {}},
        {kKnobNames[6], {1, 2, 4, 8}, {}},
        pad_at_knob(),
    };
    const int per_block = vectors_per_block(target), limit = max_accumulators(target);
    return KnobSpace(std::move(knobs), [per_block, limit](const Config& c) {
      const BlockedKnobs k = decode(c);
      return k.blocks_k * per_block * k.tile_w * k.tile_h <= limit;
    });
  }

  Config baseline(const OpDesc& op, const Halide::Target& target) const override {
    // As conv_direct_nhwc's: the register tile that wastes least, padding per row, one row a
    // task.
    const ConvDesc& desc = as_conv(op);
    const KnobSpace space = knob_space(desc, target);
    const auto& knobs = space.knobs();
    const int per_block = vectors_per_block(target);
    const int lanes = static_cast<int>(kChannelBlock) / per_block;
    std::vector<int> vector_options;
    for (int blocks : knobs[0].values) vector_options.push_back(blocks * per_block);
    const RegisterTile tile =
        choose_register_tile(vector_options, knobs[1].values, channel_blocks(desc.oc) * 16, lanes,
                             desc.out[desc.spatial_rank - 1], max_accumulators(target));
    return Config{
        {tile.vectors / per_block, tile.pixels, 1, 0, 0, 0, 1, static_cast<int>(PadAt::kRow)}};
  }

  std::optional<CostFeatures> cost_features(const OpDesc& op, const Config& config,
                                            const Halide::Target& target) const override {
    const auto* conv = dynamic_cast<const ConvDesc*>(&op);
    if (!conv) return std::nullopt;
    const ConvDesc& desc = *conv;
    const BlockedKnobs k = decode(config);
    const int rank = desc.spatial_rank;
    const auto useful = tiled_useful_fraction;
    const int64_t out_w = desc.out[rank - 1];
    const int64_t out_h = rank >= 2 ? desc.out[rank - 2] : 1;
    const int per_block = vectors_per_block(target);
    CostFeatures f;
    f.flops = desc.flops();
    // Padded channels of the last block, overlapping block tiles, pixel tiles.
    f.useful_fraction = static_cast<double>(desc.oc) / (channel_blocks(desc.oc) * kChannelBlock) *
                        useful(channel_blocks(desc.oc), k.blocks_k) * useful(out_w, k.tile_w) *
                        useful(out_h, k.tile_h);
    f.accumulators = k.blocks_k * per_block * k.tile_w * k.tile_h;
    f.loads_per_step = k.blocks_k * per_block + k.tile_w * k.tile_h;
    f.parallel_tasks = static_cast<double>(row_block_tasks(desc, k.tile_h, k.rows_per_task));
    double weight_bytes = 4.0 * channel_blocks(desc.oc) * kChannelBlock * desc.ic / desc.groups;
    for (int i = 0; i < rank; ++i) weight_bytes *= desc.kernel[i];
    f.memory_bytes = desc.min_bytes() + (weight_bytes > (1 << 20) ? weight_bytes : 0.0);
    if (user_layout_ == Layout::kNCHW) add_conversion_costs(desc, target, f);
    return f;
  }

  ScheduledPipeline build(const OpDesc& op, const Config& config,
                          const Halide::Target& target) const override {
    const ConvDesc& desc = as_conv(op);
    const int rank = desc.spatial_rank;
    const ConvDesc twin = blocked_twin(desc);
    const int natural = target.natural_vector_size<float>();

    Halide::ImageParam input(Halide::Float(32), rank + (user_layout_ == Layout::kNCHW ? 2 : 3),
                             "kf_input");
    Func blocked_input = user_layout_ == Layout::kNCHW ? to_blocked(desc, input) : Func(input);
    BlockedConvAlgorithm a = make_blocked_conv_algorithm(desc, "kf", blocked_input);
    schedule_blocked(a, decode(config), target);

    ScheduledPipeline scheduled;
    if (user_layout_ == Layout::kNCHW) {
      a.output.compute_root();
      scheduled.pipeline = Halide::Pipeline(to_nchw(desc, a.output));
    } else {
      constrain_dense(input, desc.input_shape());
      constrain_dense(a.output.output_buffer(), desc.output_shape());
      scheduled.pipeline = Halide::Pipeline(a.output);
    }
    scheduled.arguments = {input, a.conv.weights};
    if (desc.bias) scheduled.arguments.push_back(a.conv.bias);
    scheduled.packs.push_back(oihw_to_hwio_pack(desc, twin.oc, natural));
    if (desc.bias && twin.oc != desc.oc) scheduled.packs.push_back(padded_bias_pack(desc, twin.oc));
    return scheduled;
  }

 private:
  static const ConvDesc& as_conv(const OpDesc& desc) {
    const auto* conv = dynamic_cast<const ConvDesc*>(&desc);
    if (!conv)
      throw InputError("template", "the nchw16c templates schedule conv, not " + desc.op());
    return *conv;
  }

  // The register-tiled schedule of a.output (the blocked result) and the accumulator inside it.
  static void schedule_blocked(const BlockedConvAlgorithm& a, const BlockedKnobs& knobs,
                               const Halide::Target& target) {
    const ConvDesc& twin = a.conv.desc;
    const int rank = twin.spatial_rank;
    const int per_block = vectors_per_block(target);
    const int lanes = static_cast<int>(kChannelBlock) / per_block;
    Func output = a.output;

    Var kb_tile("kb_tile"), kb_in("kb_in"), w_tile("w_tile"), w_pixel("w_pixel");
    Var h_tile("h_tile"), h_pixel("h_pixel"), task("task"), row("row");
    const Var w = a.spatial[0];
    output.split(a.k_block, kb_tile, kb_in, knobs.blocks_k, TailStrategy::ShiftInwards)
        .split(w, w_tile, w_pixel, knobs.tile_w, TailStrategy::ShiftInwards);
    std::vector<Halide::VarOrRVar> order = {a.k_lane, kb_in, w_pixel};
    std::vector<Var> tile_vars = {a.conv.k, a.conv.spatial[0]};
    std::vector<Var> row_dims;
    if (rank >= 2) {
      output.split(a.spatial[1], h_tile, h_pixel, knobs.tile_h, TailStrategy::ShiftInwards);
      order.push_back(h_pixel);
      tile_vars.push_back(a.conv.spatial[1]);
      row_dims.push_back(h_tile);
    }
    for (int i = 2; i < rank; ++i) row_dims.push_back(a.spatial[i]);
    row_dims.push_back(a.n);
    const Var innermost_tile_loop = knobs.k_tiles_outer ? w_tile : kb_tile;
    if (knobs.k_tiles_outer) {
      order.insert(order.end(), {w_tile, kb_tile});
    } else {
      order.insert(order.end(), {kb_tile, w_tile});
    }
    order.insert(order.end(), row_dims.begin(), row_dims.end());
    output.reorder(order);

    Var fused = row_dims[0];
    for (size_t i = 1; i < row_dims.size(); ++i) {
      const Var next(fused.name() + "_" + row_dims[i].name());
      output.fuse(fused, row_dims[i], next);
      fused = next;
    }
    output.split(fused, task, row, knobs.rows_per_task, TailStrategy::GuardWithIf).parallel(task);
    output.vectorize(a.k_lane, lanes).unroll(a.k_lane).unroll(kb_in).unroll(w_pixel);
    if (rank >= 2) output.unroll(h_pixel);

    Func accumulator = a.conv.conv;
    accumulator.compute_at(output, innermost_tile_loop);
    std::vector<Halide::RVar> taps;
    for (int i = 1; i <= rank; ++i) taps.push_back(a.conv.reduction[i]);
    std::vector<Halide::RVar> reduction;
    if (knobs.taps_inner) {
      reduction = taps;
      reduction.push_back(a.conv.reduction[0]);
    } else {
      reduction.push_back(a.conv.reduction[0]);
      reduction.insert(reduction.end(), taps.begin(), taps.end());
    }
    schedule_register_tile(accumulator, tile_vars, lanes, reduction);
    if (knobs.unroll_kw) accumulator.update().unroll(taps[0]);

    // The padded input is channels-last (the view's order): a copy vectorised along channels
    // when they fill whole vectors.
    const int natural = target.natural_vector_size<float>();
    const int copy_lanes = twin.ic % natural == 0 ? natural : 1;
    place_padding(a.conv.padded, knobs.pad_at, output, row, /*parallel_dim=*/rank,
                  /*vector_dim=*/0, copy_lanes);
  }

  // NCHW input (w, h, [d], c, n) -> blocked (c_lane, w, h, [d], c_block, n), computed at the
  // root by staged tile transposes; lanes past the last channel repeat it (never read).
  static Func to_blocked(const ConvDesc& desc, Halide::ImageParam nchw) {
    const int rank = desc.spatial_rank;
    constrain_dense(nchw, desc.input_shape());
    Var lane("b_lane"), block("b_block"), n("b_n");
    std::vector<Var> spatial;
    for (int i = 0; i < rank; ++i) spatial.push_back(Var("b_s" + std::to_string(i)));
    std::vector<Var> args = {lane};
    args.insert(args.end(), spatial.begin(), spatial.end());
    args.push_back(block);
    args.push_back(n);
    Halide::Expr channel = block * static_cast<int>(kChannelBlock) + lane;
    if (desc.ic % kChannelBlock != 0) channel = Halide::min(channel, static_cast<int>(desc.ic) - 1);
    std::vector<Halide::Expr> at(spatial.begin(), spatial.end());
    at.push_back(channel);
    at.push_back(n);
    Func blocked("kf_to_nchw16c");
    blocked(args) = nchw(at);
    schedule_tile_transpose(blocked, nchw.in(blocked), lane, spatial[0], kChannelBlock,
                            desc.in[rank - 1], args);
    return blocked;
  }

  // The blocked result -> NCHW output (w, h, [d], k, n), by staged tile transposes.
  static Func to_nchw(const ConvDesc& desc, Func blocked) {
    const int rank = desc.spatial_rank;
    Var k("o_k"), n("o_n");
    std::vector<Var> spatial;
    for (int i = 0; i < rank; ++i) spatial.push_back(Var("o_s" + std::to_string(i)));
    std::vector<Var> args(spatial.begin(), spatial.end());
    args.push_back(k);
    args.push_back(n);
    const int block = static_cast<int>(kChannelBlock);
    std::vector<Halide::Expr> at = {k % block};
    at.insert(at.end(), spatial.begin(), spatial.end());
    at.push_back(k / block);
    at.push_back(n);
    Func output("kf_to_nchw");
    output(args) = blocked(at);
    schedule_tile_transpose(output, blocked.in(output), spatial[0], k, desc.out[rank - 1], desc.oc,
                            args);
    constrain_dense(output.output_buffer(), desc.output_shape());
    return output;
  }

  // Both conversions: every element (padded lanes included) staged and transposed once, and the
  // blocked copies written and read back.
  static void add_conversion_costs(const ConvDesc& desc, const Halide::Target& target,
                                   CostFeatures& f) {
    double in_elements = static_cast<double>(desc.mb) * channel_blocks(desc.ic) * kChannelBlock;
    double out_elements = static_cast<double>(desc.mb) * channel_blocks(desc.oc) * kChannelBlock;
    for (int i = 0; i < desc.spatial_rank; ++i) {
      in_elements *= desc.in[i];
      out_elements *= desc.out[i];
    }
    add_tile_transpose_costs(in_elements, out_elements, target, f);
  }

  Layout user_layout_;
};

}  // namespace

std::vector<const Template*> blocked_templates_for(const ConvDesc& desc) {
  static const ConvBlocked declared(Layout::kNCHW16c), via_blocked(Layout::kNCHW);
  std::vector<const Template*> result;
  for (const Template* t : std::vector<const Template*>{&declared, &via_blocked}) {
    if (t->applicable(desc)) result.push_back(t);
  }
  return result;
}

}  // namespace kf
