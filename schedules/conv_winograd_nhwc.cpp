// conv_winograd_f{2,4}_nhwc: F(m x m, 3x3) Winograd convolution for 2-D 3x3 stride-1 NHWC
// layers, and F(m, 3) for 1-D 3-tap stride-1 NWC layers; the same for NCHW layers (converted to
// NHWC inside the pipeline) and for blocked nChw16c layers (read and written in place).
//
// Work is done per block of `tile_rows` rows of output tiles (1-D: `tile_rows` x `tiles` tiles
// of the one row; blocks of all samples run in parallel, and with `k_chunks` > 1 each block once
// per chunk of the weight blocks, so that a thread reads only its chunk's transformed weights:
// small images have too few blocks of tiles for two threads): the block's input tiles are
// transformed (BT d B, vectorised over input channels, tile positions unrolled), then one GEMM
// per transformed position multiplies them with the prepacked transformed weights, in a
// register tile of `vectors_k` output-channel vectors x `tiles` tiles with the input-channel
// reduction innermost, and finally each output tile is transformed back (AT M A, positions
// unrolled) and written with bias and activation. Output tiles that stick out of the image are
// computed whole and stored guarded.
#include <algorithm>

#include "dsl/conv_winograd_algorithm.h"
#include "dsl/input_error.h"
#include "dsl/winograd_transforms.h"
#include "schedules/conv_winograd_template.h"
#include "schedules/schedule_helpers.h"

namespace kf {

namespace {

using Halide::TailStrategy;
using Halide::Var;

constexpr int kMaxAccumulators = 28;  // of 32 vector registers: weights and broadcasts need some

struct WinogradKnobs {
  int k_block = 16;              // output channels per packed weight block
  int vectors_k = 1;             // output-channel vectors in the GEMM register tile
  int tiles = 1;                 // tiles of a row in the GEMM register tile
  int register_rows = 1;         // rows of tiles in the GEMM register tile
  int tile_rows = 1;             // rows of tiles per block (1-D: groups of `tiles` tiles)
  bool parallel_inside = false;  // threads split each stage of a block, not the blocks
  int k_chunks = 1;              // chunks of weight blocks taken by threads apart (not inside)
};

const char* const kKnobNames[] = {"k_block",   "vectors_k",       "tiles",   "register_rows",
                                  "tile_rows", "parallel_inside", "k_chunks"};

WinogradKnobs decode(const Config& config) {
  const auto& v = config.values;
  return WinogradKnobs{v[0], v[1], v[2], v[3], v[4], v[5] != 0, v[6]};
}

// How a workload cuts into tiles: m x m in 2-D; m x 1 in 1-D (one row of tiles).
struct TileGrid {
  bool one_d = false;
  int alpha_y = 1;
  int64_t tiles_x = 1;
  int64_t tiles_y = 1;
};

TileGrid tile_grid(const ConvDesc& desc, int m) {
  TileGrid grid;
  grid.one_d = desc.spatial_rank == 1;
  grid.alpha_y = grid.one_d ? 1 : m + 2;
  grid.tiles_x = (desc.out[desc.spatial_rank - 1] + m - 1) / m;
  grid.tiles_y = grid.one_d ? 1 : (desc.out[0] + m - 1) / m;
  return grid;
}

class ConvWinogradNhwc final : public Template {
 public:
  /// F(m x m, 3x3) for workloads in `layout`; NCHW ones are converted to NHWC and back inside
  /// the pipeline (conversions measured), with the same schedule and knobs; NCHW16c ones are
  /// read and written in their blocks (no conversion).
  ConvWinogradNhwc(int m, Layout layout) : m_(m), layout_(layout) {}

  std::string name() const override {
    return "conv_winograd_f" + std::to_string(m_) +
           (layout_ == Layout::kNHWC   ? "_nhwc"
            : layout_ == Layout::kNCHW ? "_nchw_via_nhwc"
                                       : "_nchw16c");
  }
  int version() const override { return 1; }

  bool applicable(const OpDesc& desc) const override {
    const auto* conv = dynamic_cast<const ConvDesc*>(&desc);
    return conv && conv->layout == layout_ && winograd_applicable(*conv);
  }

  double tolerance(const OpDesc& desc) const override {
    // F(2x2) is as accurate as direct convolution (its bound is the op's own unless the model's
    // is larger); F(4x4) adds its transform error to it, so a strict budget excludes it.
    const ConvDesc& conv = as_conv(desc);
    const double transform_error = winograd_expected_error(m_, conv.ic / conv.groups * 9);
    return m_ == 2 ? std::max(desc.tolerance(), 1e-5 + transform_error)
                   : desc.tolerance() + transform_error;
  }

  std::string variant(const OpDesc& desc) const override {
    if (as_conv(desc).spatial_rank == 1) return "winograd F(" + std::to_string(m_) + ",3)";
    return "winograd " + winograd_name(m_);
  }

  KnobSpace knob_space(const OpDesc& desc, const Halide::Target& target) const override {
    const ConvDesc& conv = as_conv(desc);
    const int lanes = lanes_for(target.natural_vector_size<float>(), conv.oc);
    std::vector<int> blocks;
    for (int b : {16, 32, 64, 128, 256}) {
      if (b % lanes == 0 && conv.oc / conv.groups % b == 0) blocks.push_back(b);
    }
    if (blocks.empty()) blocks.push_back(static_cast<int>(conv.oc / conv.groups));
    const TileGrid grid = tile_grid(conv, m_);
    const int64_t tiles_x = grid.tiles_x, tiles_y = grid.tiles_y;
    // tile_rows: rows of tiles per block (2-D); in 1-D, groups of `tiles` tiles per block.
    std::vector<int> rows = grid.one_d ? sizes_up_to({1, 2, 4, 8, 16, 32, 64}, tiles_x)
                                       : sizes_up_to({1, 2, 4}, tiles_y);
    if (!grid.one_d && std::find(rows.begin(), rows.end(), tiles_y) == rows.end() &&
        tiles_y <= 64) {
      rows.push_back(static_cast<int>(tiles_y));  // the whole image in one block
    }
    std::vector<Knob> knobs = {
        {kKnobNames[0], blocks, {}},
        {kKnobNames[1], {1, 2, 3, 4}, {}},
        {kKnobNames[2], sizes_up_to({1, 2, 3, 4, 5, 6, 7, 8, 10, 12, 14}, tiles_x), {}},
        {kKnobNames[3], sizes_up_to({1, 2, 3, 4}, tiles_y), {}},
        {kKnobNames[4], rows, {}},
        {kKnobNames[5], {0, 1}, {}},
        // Added after records of the six knobs above were written: 1 is their schedule.
        {kKnobNames[6], {1, 2, 4}, {}, 1},
    };
    const int64_t oc = conv.oc;
    return KnobSpace(std::move(knobs), [lanes, oc](const Config& c) {
      const WinogradKnobs k = decode(c);
      return k.vectors_k * lanes <= k.k_block && k.register_rows <= k.tile_rows &&
             k.vectors_k * k.tiles * k.register_rows <= kMaxAccumulators &&
             oc / k.k_block % k.k_chunks == 0 && (k.k_chunks == 1 || !k.parallel_inside);
    });
  }

  Config baseline(const OpDesc& desc, const Halide::Target& target) const override {
    // Blocks of 64 output channels (a weight panel per position stays in L1/L2) and the
    // register tile that wastes least. When the transformed weights outgrow L2, the whole
    // image is one block (each weight panel is then read once per call) with a register tile
    // over rows of tiles too, and threads split the stages; otherwise one row of tiles per
    // block, blocks in parallel.
    const ConvDesc& conv = as_conv(desc);
    const KnobSpace space = knob_space(desc, target);
    const auto& knobs = space.knobs();
    const int lanes = lanes_for(target.natural_vector_size<float>(), conv.oc);
    int k_block = knobs[0].values[0];
    for (int b : knobs[0].values) {
      if (b <= 64) k_block = b;
    }
    std::vector<int> vector_options;
    for (int v : knobs[1].values) {
      if (v * lanes <= k_block) vector_options.push_back(v);
    }
    const TileGrid grid = tile_grid(conv, m_);
    const int64_t tiles_x = grid.tiles_x, tiles_y = grid.tiles_y;
    if (grid.one_d) {
      // Blocks of tiles whose transformed input and products stay within 256 KiB (L2).
      const RegisterTile tile = choose_register_tile(vector_options, knobs[2].values, k_block,
                                                     lanes, tiles_x, kMaxAccumulators);
      const int64_t per_tile = int64_t{m_ + 2} * (conv.ic + conv.oc) * 4;
      int groups = 1;
      for (int g : knobs[4].values) {
        if (g * tile.pixels * per_tile <= (256 << 10)) groups = g;
      }
      return Config{{k_block, tile.vectors, tile.pixels, 1, groups, 0, 1}};
    }
    const int64_t packed_bytes = int64_t{m_ + 2} * (m_ + 2) * conv.ic / conv.groups * conv.oc * 4;
    const bool weights_dominate = packed_bytes > (1 << 20) && tiles_y <= 64;
    if (!weights_dominate) {
      const RegisterTile tile = choose_register_tile(vector_options, knobs[2].values, k_block,
                                                     lanes, tiles_x, kMaxAccumulators);
      return Config{{k_block, tile.vectors, tile.pixels, 1, 1, 0, 1}};
    }
    const int rows = static_cast<int>(tiles_y);
    int register_rows = 1;
    for (int r : knobs[3].values) {
      if (r * std::min<int64_t>(tiles_x, 7) <= 8) register_rows = r;
    }
    std::vector<int> tile_options;
    for (int t : knobs[2].values) {
      if (t * register_rows <= kMaxAccumulators / 2) tile_options.push_back(t);
    }
    const RegisterTile tile = choose_register_tile(vector_options, tile_options, k_block, lanes,
                                                   tiles_x, kMaxAccumulators / register_rows);
    return Config{{k_block, tile.vectors, tile.pixels, register_rows, rows, 1, 1}};
  }

  std::optional<CostFeatures> cost_features(const OpDesc& desc, const Config& config,
                                            const Halide::Target& target) const override {
    const ConvDesc& conv = as_conv(desc);
    const WinogradKnobs k = decode(config);
    const TileGrid grid = tile_grid(conv, m_);
    const double alpha = m_ + 2, positions = alpha * grid.alpha_y;
    const int lanes = lanes_for(target.natural_vector_size<float>(), k.k_block);
    const int64_t tiles_x = grid.tiles_x, tiles_y = grid.tiles_y;
    const double tiles = static_cast<double>(tiles_x * tiles_y * conv.mb);
    const auto useful = tiled_useful_fraction;
    CostFeatures f;
    // The GEMMs; the transforms (about alpha adds per element per direction) are overhead.
    const double icg = static_cast<double>(conv.ic / conv.groups);
    f.flops = 2.0 * positions * tiles * icg * conv.oc;
    f.overhead_flops = 2.0 * positions * tiles * (alpha * conv.ic + m_ * conv.oc);
    f.useful_fraction = useful(k.k_block, int64_t{lanes} * k.vectors_k) * useful(tiles_x, k.tiles) *
                        useful(k.tile_rows, k.register_rows);
    f.accumulators = k.vectors_k * k.tiles * k.register_rows;
    f.loads_per_step = k.vectors_k + k.tiles * k.register_rows;
    const int64_t per_block = grid.one_d ? int64_t{k.tile_rows} * k.tiles : k.tile_rows;
    const int64_t rows_or_tiles = grid.one_d ? tiles_x : tiles_y;
    const int64_t blocks = (rows_or_tiles + per_block - 1) / per_block * conv.mb;
    f.parallel_tasks =
        k.parallel_inside ? static_cast<double>(conv.oc / k.k_block) : blocks * k.k_chunks;
    // The transformed weights come from beyond L2 once per block of tile rows when too large.
    const double packed = 4.0 * positions * icg * conv.oc;
    f.memory_bytes = desc.min_bytes() + (packed > (1 << 20) ? packed * blocks : 0.0);
    return f;
  }

  ScheduledPipeline build(const OpDesc& desc, const Config& config,
                          const Halide::Target& target) const override {
    return build_over(as_conv(desc), config, target, nullptr);
  }

  /// build(), with the weight transform reading `source` when it is not null.
  ScheduledPipeline build_over(const ConvDesc& conv, const Config& config,
                               const Halide::Target& target,
                               const WinogradWeightSource* source) const {
    const WinogradKnobs knobs = decode(config);
    WinogradAlgorithm a = source ? make_winograd_algorithm(conv, m_, knobs.k_block, "kf", *source)
                                 : make_winograd_algorithm(conv, m_, knobs.k_block, "kf");
    apply(a, knobs, target);
    if (layout_ == Layout::kNCHW) schedule_conversions(a, target);
    ScheduledPipeline scheduled{Halide::Pipeline(a.result), a.arguments(), {}};
    PackStage stage;
    stage.input_index = 1;  // inputs(): input, weights, [bias]
    stage.pipeline = Halide::Pipeline(a.pack);
    stage.arguments = {a.weights};
    stage.packed_shape = a.packed_shape();
    stage.packed_layout =
        "[k/k_block][ey][ex][ic][k_block] (transformed " + winograd_name(m_) + " weights, G g G^T)";
    scheduled.packs.push_back(std::move(stage));
    return scheduled;
  }

 private:
  const ConvDesc& as_conv(const OpDesc& desc) const {
    const auto* conv = dynamic_cast<const ConvDesc*>(&desc);
    if (!conv) throw InputError("template", name() + " schedules conv, not " + desc.op());
    return *conv;
  }

  // NCHW: the input converted to NHWC and the NHWC result converted back, each once per call
  // at the root, vectorised along the destination's contiguous dim, rows in parallel.
  static void schedule_conversions(const WinogradAlgorithm& a, const Halide::Target& target) {
    const int lanes = target.natural_vector_size<float>();
    const bool one_d = a.desc.spatial_rank == 1;
    Halide::Func input = a.nhwc_input, output = a.output, result = a.result;
    Var input_rows("input_rows"), result_rows("result_rows");
    input.compute_root().vectorize(a.c, lanes, TailStrategy::GuardWithIf);
    result.compute_root().vectorize(a.x, lanes, TailStrategy::GuardWithIf);
    if (one_d) {
      input.parallel(a.n);
      result.fuse(a.k, a.n, result_rows).parallel(result_rows);
    } else {
      input.fuse(a.y, a.n, input_rows).parallel(input_rows);
      result.fuse(a.k, a.n, result_rows).parallel(result_rows);
    }
    output.compute_root();
  }

  void apply(const WinogradAlgorithm& a, const WinogradKnobs& knobs,
             const Halide::Target& target) const {
    const ConvDesc& desc = a.desc;
    const int natural = target.natural_vector_size<float>();
    const int lanes = lanes_for(natural, knobs.k_block);
    const int c_lanes = lanes_for(natural, desc.ic);

    // Output: blocks of tile rows (x samples) in parallel; per tile, the channel blocks. NHWC
    // and NCHW split the output channel into (block, lane); a blocked result has (block16,
    // lane16) dims already, and block16 splits into the weight block and its 16-channel
    // sub-blocks.
    const bool blocked = layout_ == Layout::kNCHW16c;
    Halide::Func output = blocked ? a.result : a.output;
    const bool one_d = desc.spatial_rank == 1;
    Var ty_block("ty_block"), ty_in("ty_in"), tx_block("tx_block"), tx_in("tx_in"), task("task");
    Var k_chunk("k_chunk"), block_in("block_in"), chunk_task("chunk_task");
    Var lane_vector("lane_vector"), lane_in("lane_in"), sub_block("sub_block");
    std::vector<Halide::VarOrRVar> channels;  // innermost first
    if (blocked) {
      output.split(a.block16, a.block, sub_block, knobs.k_block / static_cast<int>(kChannelBlock),
                   TailStrategy::GuardWithIf);
      channels = {a.lane16, sub_block};
    } else {
      output.split(a.k, a.block, a.lane, knobs.k_block, TailStrategy::GuardWithIf);
      channels = {a.lane};
    }
    output.split(a.x, a.tx, a.ox, m_, TailStrategy::GuardWithIf);
    // With k_chunks > 1 the weight blocks are cut into that many chunks, which threads take
    // apart (fused with the blocks of tiles): each task then reads its chunk's transformed
    // weights only, and transforms its tiles' input itself.
    Var block_loop = a.block;
    if (knobs.k_chunks > 1) {
      const int blocks = static_cast<int>(desc.oc / knobs.k_block);
      output.split(a.block, k_chunk, block_in, blocks / knobs.k_chunks, TailStrategy::GuardWithIf);
      block_loop = block_in;
    }
    // The loop at which a block's stages are computed: the parallel one.
    const Var block_task = knobs.k_chunks > 1 ? chunk_task : task;
    auto hand_out = [&](const Var& fused_block) {
      if (knobs.k_chunks > 1) output.fuse(fused_block, k_chunk, chunk_task);
      output.parallel(block_task);
    };
    // The channel vars, then `rest`, innermost first.
    auto loop_order = [&](std::vector<Halide::VarOrRVar> rest) {
      std::vector<Halide::VarOrRVar> order = channels;
      order.insert(order.end(), rest.begin(), rest.end());
      return order;
    };
    // The loop over the tiles of a block, at which each output tile is transformed back.
    Var tile_loop = a.tx;
    if (one_d) {
      // One row of tiles, cut into blocks of tile_rows x tiles tiles.
      output.split(a.tx, tx_block, tx_in, knobs.tile_rows * knobs.tiles, TailStrategy::GuardWithIf);
      tile_loop = tx_in;
      std::vector<Halide::VarOrRVar> rest = {a.ox, tx_in, block_loop, tx_block, a.n};
      if (knobs.k_chunks > 1) rest.push_back(k_chunk);
      output.reorder(loop_order(rest)).fuse(tx_block, a.n, task);
      if (knobs.parallel_inside) {
        output.parallel(a.block);
      } else {
        hand_out(task);
      }
    } else {
      output.split(a.y, a.ty, a.oy, m_, TailStrategy::GuardWithIf)
          .split(a.ty, ty_block, ty_in, knobs.tile_rows, TailStrategy::GuardWithIf);
      if (knobs.parallel_inside) {
        output.reorder(loop_order({a.ox, a.oy, a.tx, ty_in, a.block, ty_block, a.n}))
            .fuse(ty_block, a.n, task)
            .parallel(a.block);
      } else {
        std::vector<Halide::VarOrRVar> rest = {a.ox, a.oy, a.tx, block_loop, ty_in, ty_block, a.n};
        if (knobs.k_chunks > 1) rest.push_back(k_chunk);
        output.reorder(loop_order(rest)).fuse(ty_block, a.n, task);
        hand_out(task);
      }
      output.unroll(a.oy);
    }
    output.vectorize(blocked ? a.lane16 : a.lane, lanes).unroll(a.ox);

    // Output transform per tile: AT M along x for one channel vector at a time (its alpha x m
    // values stay in registers), then along y.
    Halide::Func tile = a.output_tile;
    tile.compute_at(output, tile_loop)
        .split(a.lane, lane_vector, lane_in, lanes, TailStrategy::GuardWithIf)
        .reorder(lane_in, a.ox, a.oy, lane_vector)
        .vectorize(lane_in)
        .unroll(a.ox)
        .unroll(a.oy);
    Halide::Func output_rows = a.output_rows;
    output_rows.compute_at(tile, lane_vector).vectorize(a.lane, lanes).unroll(a.ox).unroll(a.ey);

    // The GEMMs of the block: product stored for the block's tiles, accumulated per register
    // tile (reduction over input channels innermost), weight panel per (position, k block).
    Halide::Func product = a.product;
    Halide::Func block_product = product.in();
    Var lane_tile("lane_tile"), lane_reg("lane_reg"), tx_tile("tx_tile"), tx_reg("tx_reg");
    Var ty_tile("ty_tile"), ty_reg("ty_reg");
    block_product.compute_at(output, block_task)
        .split(a.lane, lane_tile, lane_reg, lanes * knobs.vectors_k, TailStrategy::ShiftInwards)
        .split(a.tx, tx_tile, tx_reg, knobs.tiles, TailStrategy::ShiftInwards)
        .split(a.ty, ty_tile, ty_reg, knobs.register_rows, TailStrategy::ShiftInwards)
        .reorder(lane_reg, tx_reg, ty_reg, lane_tile, tx_tile, ty_tile, a.ex, a.ey, a.block, a.n)
        .vectorize(lane_reg, lanes)
        .unroll(lane_reg)
        .unroll(tx_reg)
        .unroll(ty_reg);
    if (knobs.parallel_inside) block_product.parallel(a.block);
    product.compute_at(block_product, lane_tile);
    schedule_register_tile(product, {a.lane, a.tx, a.ty}, lanes, {a.channels.x});

    // Input transform of the block, stored with the tiles of a channel next to each other
    // (the GEMM broadcasts one value of each tile per channel).
    Halide::Func transformed = a.transformed_input;
    Var c_vector("c_vector"), c_in("c_in");
    transformed.compute_at(output, block_task)
        .reorder_storage(a.c, a.tx, a.ty, a.ex, a.ey, a.n)
        .split(a.c, c_vector, c_in, c_lanes, TailStrategy::ShiftInwards)
        .reorder(c_in, a.ex, a.ey, c_vector, a.tx, a.ty, a.n)
        .vectorize(c_in)
        .unroll(a.ex)
        .unroll(a.ey);
    if (knobs.parallel_inside) transformed.parallel(a.ty);
    Halide::Func input_rows = a.input_rows;
    input_rows.compute_at(transformed, c_vector).vectorize(a.c, c_lanes).unroll(a.ex).unroll(a.j);

    // Packing stage (run once): vectorised over output channels, blocks in parallel.
    Halide::Func pack = a.pack, pack_rows = a.pack_rows;
    pack.compute_root()
        .reorder(a.lane, a.ex, a.ey, a.c, a.block)
        .vectorize(a.lane, lanes, TailStrategy::GuardWithIf)
        .parallel(a.block);
    pack_rows.compute_at(pack, a.c).vectorize(a.lane, lanes, TailStrategy::GuardWithIf);
  }

  int m_;
  Layout layout_;
};

const std::vector<std::unique_ptr<Template>>& all_winograd_templates() {
  static const std::vector<std::unique_ptr<Template>> templates = [] {
    std::vector<std::unique_ptr<Template>> list;
    for (const Layout layout : {Layout::kNHWC, Layout::kNCHW, Layout::kNCHW16c}) {
      for (int m : winograd_tile_sizes()) list.push_back(make_conv_winograd_template(m, layout));
    }
    return list;
  }();
  return templates;
}

}  // namespace

std::unique_ptr<Template> make_conv_winograd_template(int m, Layout layout) {
  (void)winograd_transform(m);  // throws for an unsupported tile size
  return std::make_unique<ConvWinogradNhwc>(m, layout);
}

std::vector<const Template*> winograd_templates_for(const ConvDesc& desc) {
  std::vector<const Template*> result;
  for (const auto& t : all_winograd_templates()) {
    if (t->applicable(desc)) result.push_back(t.get());
  }
  return result;
}

ScheduledPipeline build_winograd(const Template& winograd, const ConvDesc& desc,
                                 const Config& config, const Halide::Target& target,
                                 const WinogradWeightSource& source) {
  const auto* t = dynamic_cast<const ConvWinogradNhwc*>(&winograd);
  if (!t) throw InputError("template", winograd.name() + " is not a Winograd template");
  if (!t->applicable(desc)) {
    throw InputError("template", t->name() + " cannot schedule " + to_string(desc));
  }
  if (!t->knob_space(desc, target).contains(config)) {
    throw InputError("knobs", "config is not in the knob space of " + t->name());
  }
  return t->build_over(desc, config, target, &source);
}

const Template* find_winograd_template(const std::string& name) {
  for (const auto& t : all_winograd_templates()) {
    if (t->name() == name) return t.get();
  }
  return nullptr;
}

}  // namespace kf
