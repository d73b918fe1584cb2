// reorder_tiled: every layout conversion as tiles of (destination-innermost x source-innermost)
// elements (see reorder_template.h).
//
// When both layouts share their innermost dim (nhwc <-> nchw16c) a tile is a run of tile_dst
// contiguous elements, vectorised. Otherwise the conversion is a transpose: a tile_dst x tile_src
// block is written per step, vectorised along the destination (dense stores, strided loads) or
// along the source (dense loads, strided stores); `stage` first copies the source block into a
// small buffer with dense vector loads, so the strided side of the transpose runs in L1.
// Tiles and the outer dims are fused into one loop handed out in blocks of rows_per_task.
#include <algorithm>
#include <cmath>

#include "schedules/reorder_template.h"
#include "schedules/schedule_helpers.h"
#include "schedules/softmax_template.h"

namespace kf {

namespace {

using Halide::TailStrategy;
using Halide::Var;

struct TiledKnobs {
  int vector_dim = 0;  // 0: destination innermost dim, 1: source innermost dim
  int lanes = 1;
  int tile_dst = 1;
  int tile_src = 1;
  bool stage = false;
  int rows_per_task = 1;
};

const char* const kKnobNames[] = {"vector_dim", "lanes", "tile_dst",
                                  "tile_src",   "stage", "rows_per_task"};

TiledKnobs decode(const Config& config) {
  const auto& v = config.values;
  return TiledKnobs{v[0], v[1], v[2], v[3], v[4] != 0, v[5]};
}

// Extents of the output's dims, innermost first.
std::vector<int64_t> output_extents(const ReorderDesc& desc) {
  std::vector<int64_t> shape = desc.shape(desc.dst);
  return std::vector<int64_t>(shape.rbegin(), shape.rend());
}

// Position in the output's args of the source's innermost dim (see ReorderAlgorithm).
int source_inner_dim(const ReorderDesc& desc) {
  if (desc.src == ReorderLayout::kChannelsFirst) {
    return desc.dst == ReorderLayout::kChannelsFirst ? 0 : 1;
  }
  return desc.dst == ReorderLayout::kChannelsFirst ? desc.spatial_rank : 0;
}

/// What `k` costs on `d` (see StreamingCost in schedules/cost_features.h). A copy along a
/// shared innermost dim is a load and a store per vector of `lanes`. A transpose moves
/// tile_dst x tile_src blocks (each shifted inwards): vectors along the destination store
/// densely and gather their loads from the source's stride, vectors along the source load
/// densely and scatter their stores element by element; staging first copies the source block
/// with dense vectors into L1, where the stride is tile_src.
CostFeatures tiled_cost(const ReorderDesc& d, const TiledKnobs& k, int natural) {
  namespace vc = vector_cycles;
  const std::vector<int64_t> extents = output_extents(d);
  double elements = 1;
  for (int64_t e : extents) elements *= static_cast<double>(e);
  const int src_dim = source_inner_dim(d);
  const bool transpose = src_dim != 0;
  const int64_t dst_extent = extents[0], src_extent = transpose ? extents[src_dim] : 1;
  const int tile_src = transpose ? k.tile_src : 1;
  const double tiles = elements / (dst_extent * src_extent) *
                       std::ceil(static_cast<double>(dst_extent) / k.tile_dst) *
                       std::ceil(static_cast<double>(src_extent) / tile_src);
  const double computed = tiles * k.tile_dst * tile_src;
  const double lanes = std::max(k.lanes, 1);
  const double vectors = computed / lanes;
  const double per_lane = lanes / natural;  // gathers and scatters go element by element
  StreamingCost cost(natural);
  if (!transpose) {
    cost.pass(vectors, vc::kLoad + vc::kStore, elements);
  } else if (lanes == 1) {
    cost.pass(vectors, vc::kLoad + vc::kStore + (k.stage ? vc::kLoad : 0), elements);
  } else if (k.vector_dim == 0) {
    // Dense stores; loads from the source's stride (tile_src in the staged block): Halide
    // loads strides up to 4 as dense vectors and shuffles, longer ones element by element.
    const double stride = k.stage ? tile_src : src_extent;
    const double gather =
        stride <= 4 ? (vc::kLoad + vc::kAlu) * stride * per_lane : vc::kStridedLoad * per_lane;
    cost.pass(vectors, gather + vc::kStore, elements);
  } else {
    // Dense loads; stores scattered one element at a time.
    cost.pass(vectors, vc::kLoad + vc::kStore * lanes, elements);
  }
  if (transpose && k.stage) {
    // The staged copy of the source block, in vectors of up to tile_src lanes.
    const double stage_lanes = lanes_for(natural, tile_src);
    cost.pass(computed / stage_lanes, vc::kLoad + vc::kStore, elements);
  }
  cost.overhead(tiles * 10);  // loop and address set-up per tile
  const double footprint = 8.0 * elements;
  return cost.features(std::ceil(tiles / k.rows_per_task),
                       beyond_l2_bytes(footprint, footprint, last_level_cache_bytes()));
}

class ReorderTiled final : public ReorderTemplate {
 public:
  std::string name() const override { return "reorder_tiled"; }
  int version() const override { return 1; }

  bool applicable(const ReorderDesc&) const override { return true; }

  KnobSpace knob_space(const ReorderDesc& desc, const Halide::Target& target) const override {
    const std::vector<int64_t> extents = output_extents(desc);
    const int src_dim = source_inner_dim(desc);
    const bool transpose = src_dim != 0;
    const int64_t dst_extent = extents[0];
    const int64_t src_extent = transpose ? extents[src_dim] : 1;
    const int natural = target.natural_vector_size<float>();
    std::vector<Knob> knobs = {
        {kKnobNames[0], transpose ? std::vector<int>{0, 1} : std::vector<int>{0}, {}},
        {kKnobNames[1], sizes_up_to({1, 4, 8, 16}, natural), {}},
        {kKnobNames[2], sizes_up_to({1, 4, 8, 16, 32, 64}, dst_extent), {}},
        {kKnobNames[3],
         transpose ? sizes_up_to({1, 4, 8, 16, 32}, src_extent) : std::vector<int>{1},
         {}},
        {kKnobNames[4], transpose ? std::vector<int>{0, 1} : std::vector<int>{0}, {}},
        {kKnobNames[5], {1, 4, 16, 64}, {}},
    };
    return KnobSpace(std::move(knobs), [](const Config& c) {
      const TiledKnobs k = decode(c);
      const int tile = k.vector_dim == 0 ? k.tile_dst : k.tile_src;
      return tile % k.lanes == 0;
    });
  }

  Config baseline(const ReorderDesc& desc, const Halide::Target& target) const override {
    // From tuning the ResNet-50 conversions (RESULTS_softmax.md): transposes as narrow tiles
    // (up to 32 destination x 4 source elements) with the source staged and 4-lane vectors;
    // shared-innermost copies as the widest vectors over up to 64 elements; many tiles per task.
    const KnobSpace space = knob_space(desc, target);
    const auto& knobs = space.knobs();
    const bool transpose = knobs[4].values.size() > 1;
    const auto largest_up_to = [](const std::vector<int>& values, int limit) {
      int best = values.front();
      for (int v : values) {
        if (v <= limit) best = v;
      }
      return best;
    };
    const int tile_dst = largest_up_to(knobs[2].values, transpose ? 32 : 64);
    int lanes = 1;
    for (int l : knobs[1].values) {
      if (tile_dst % l == 0 && l <= (transpose ? 4 : 16)) lanes = l;
    }
    const int tile_src = largest_up_to(knobs[3].values, 4);
    return Config{{0, lanes, tile_dst, tile_src, transpose ? 1 : 0, 64}};
  }

  std::optional<CostFeatures> cost_features(const OpDesc& desc, const Config& config,
                                            const Halide::Target& target) const override {
    const auto* reorder = dynamic_cast<const ReorderDesc*>(&desc);
    if (!reorder) return std::nullopt;
    return tiled_cost(*reorder, decode(config), target.natural_vector_size<float>());
  }

  void apply(const ReorderAlgorithm& a, const Config& config,
             const Halide::Target& target) const override {
    const TiledKnobs knobs = decode(config);
    Halide::Func output = a.output;
    const Var x = a.args[a.dst_inner_dim];
    Var xo("x_tile"), xi("x_in"), yo("y_tile"), yi("y_in"), task("task"), row("row");
    std::vector<Halide::VarOrRVar> order;
    std::vector<Var> rows;
    const bool transpose = a.src_inner_dim != a.dst_inner_dim;
    if (transpose) {
      const Var y = a.args[a.src_inner_dim];
      output.tile(x, y, xo, yo, xi, yi, knobs.tile_dst, knobs.tile_src, TailStrategy::ShiftInwards);
      if (knobs.vector_dim == 0) {
        order = {xi, yi};
      } else {
        order = {yi, xi};
      }
      rows = {xo, yo};
    } else {
      output.split(x, xo, xi, knobs.tile_dst, TailStrategy::ShiftInwards);
      order = {xi};
      rows = {xo};
    }
    for (int d : a.outer_dims) rows.push_back(a.args[d]);
    order.insert(order.end(), rows.begin(), rows.end());
    output.reorder(order);
    const Var fused = fuse_loops(output, rows);
    output.split(fused, task, row, knobs.rows_per_task, TailStrategy::GuardWithIf).parallel(task);
    const Var vector_var = knobs.vector_dim == 0 ? xi : yi;
    if (knobs.lanes > 1) output.vectorize(vector_var, knobs.lanes);
    if (transpose) {
      const Var other = knobs.vector_dim == 0 ? yi : xi;
      const int other_tile = knobs.vector_dim == 0 ? knobs.tile_src : knobs.tile_dst;
      if (other_tile <= 16) output.unroll(other);
    }
    if (knobs.stage) {
      // Source args: (c, spatial innermost first, n); its innermost is w (channels first) or c.
      Halide::Func source = a.source;
      const int inner = a.desc.src == ReorderLayout::kChannelsFirst ? 1 : 0;
      const int lanes = lanes_for(target.natural_vector_size<float>(), knobs.tile_src);
      source.compute_at(output, row);
      if (lanes >= 4) source.vectorize(source.args()[inner], lanes);
    }
  }
};

}  // namespace

std::unique_ptr<ReorderTemplate> make_reorder_tiled_template() {
  return std::make_unique<ReorderTiled>();
}

}  // namespace kf
