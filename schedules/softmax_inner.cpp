// softmax_inner: softmax whose axis is contiguous in memory (see softmax_template.h).
//
// One row = the axis at fixed other coordinates. Four ways to vectorise (knob `vectorize`):
//   axis  maximum and sum are vectorised along the axis by rfactor: `chunk` = lanes x unroll
//         partial results per row, reduced to one at the end (long axes);
//   rows  a block of lanes x unroll neighbouring rows (along the innermost other dim) is
//         processed at once, one vector per axis element holding that element of `lanes` rows
//         (strided loads and stores): maximum and sum are plain vector max/add over the axis
//         with no horizontal reduction (short axes: NHWC class scores, NLP rows of 20-50);
//   whole_row  one row at a time as one vector of the whole axis (up to 8 natural vectors, a
//         multiple of 4 elements): maximum and sum are vector reductions of it, `unroll` rows
//         interleaved (6144x48: 142 -> 86 us, 8192x64: 222 -> 135 us);
//   rows_dense  as rows, but the output of `lanes` neighbouring rows (lanes x axis consecutive
//         elements) is one wide vector over both dims: dense loads and stores, one exp per
//         element, each row's maximum and 1/sum broadcast to its lanes by a constant shuffle
//         (a 19-class row takes 19 lanes, not two overlapping 16-lane vectors).
// exp() is either stored per row or block (store_exp) or recomputed for the output. Rows (or
// blocks) are fused into one loop and handed out in groups of rows_per_task to threads.
#include <algorithm>
#include <cmath>

#include "schedules/schedule_helpers.h"
#include "schedules/softmax_template.h"

namespace kf {

namespace {

using Halide::TailStrategy;
using Halide::Var;

/// Values of the knob `vectorize`.
enum class Vectorize { kAxis = 0, kRows = 1, kRowsDense = 2, kWholeRow = 3 };

struct InnerKnobs {
  int lanes = 1;
  int unroll = 1;
  bool store_exp = false;
  int rows_per_task = 1;
  Vectorize mode = Vectorize::kAxis;
};

/// Widest vector (lanes x axis elements) that rows_dense may build.
constexpr int64_t kMaxDenseLanes = 1024;

const char* const kKnobNames[] = {"lanes", "unroll", "store_exp", "rows_per_task", "vectorize"};

InnerKnobs decode(const Config& config) {
  const auto& v = config.values;
  return InnerKnobs{v[0], v[1], v[2] != 0, v[3], static_cast<Vectorize>(v[4])};
}

/// Extent of the innermost dim of `desc` other than the axis with more than one element (1 when
/// there is none): the rows that the across-rows mode puts side by side in a vector.
int64_t innermost_row_extent(const SoftmaxDesc& desc) {
  const std::vector<int64_t> shape = desc.physical_shape();
  const int axis = desc.physical_dim(desc.axis);
  for (int d = static_cast<int>(shape.size()) - 1; d >= 0; --d) {
    if (d != axis && shape[d] > 1) return shape[d];
  }
  return 1;
}

/// Largest power of two <= min(lanes, extent).
int fit_lanes(int lanes, int64_t extent) {
  int l = std::max(lanes, 1);
  while (l > 1 && l > extent) l /= 2;
  return l;
}

/// Elements of `desc`.
int64_t element_count(const SoftmaxDesc& desc) {
  int64_t n = 1;
  for (int64_t d : desc.dims) n *= d;
  return n;
}

/// What `k` costs on the canonical view `d` (see StreamingCost in schedules/cost_features.h):
/// per row a maximum pass, an exp-and-sum pass and an output pass, in the vectors of the mode;
/// exp once and stored (then read back, by gathers when the block was transposed) or computed
/// twice; per-row horizontal reductions along the axis, a transposed tile across rows.
CostFeatures inner_cost(const SoftmaxDesc& d, const InnerKnobs& k, int natural) {
  namespace vc = vector_cycles;
  const int64_t length = d.axis_size(), elements = element_count(d), rows = elements / length;
  const int64_t r0 = innermost_row_extent(d);
  const double max_step = vc::kLoad + vc::kAlu;
  const double exp_step = vc::kLoad + 2 * vc::kAlu + vc::kExp + (k.store_exp ? vc::kStore : 0);
  const double out_step = vc::kLoad + vc::kAlu + vc::kStore;  // the scale and the store
  StreamingCost cost(natural);
  double tasks = 1, block_bytes = 4.0 * length;
  Vectorize mode = k.mode;
  if ((mode == Vectorize::kRows || mode == Vectorize::kRowsDense) && r0 <= 1) {
    mode = Vectorize::kAxis;  // apply() runs along the axis when there are no rows to block
  }
  if (mode == Vectorize::kAxis) {
    // `unroll` chains of partial vectors; the guarded tail vector costs a whole one.
    const double vectors = static_cast<double>(rows) * ((length + k.lanes - 1) / k.lanes);
    cost.pass(vectors, std::max(max_step, 3.0 / k.unroll), elements);
    cost.pass(vectors, exp_step, elements);
    cost.pass(vectors, out_step + (k.store_exp ? 0 : vc::kExp + vc::kAlu), elements);
    // Per row: two rfactor reductions of lanes x unroll partials, their buffers, 1/sum.
    cost.overhead(rows * (2 * (vc::kReduce + k.unroll * vc::kAlu) + 90));
    tasks = std::ceil(static_cast<double>(rows) / k.rows_per_task);
  } else if (mode == Vectorize::kWholeRow) {
    const double vectors = static_cast<double>(rows) * ((length + natural - 1) / natural);
    cost.pass(vectors, max_step, elements);
    cost.pass(vectors, exp_step, elements);
    cost.pass(vectors, out_step + (k.store_exp ? 0 : vc::kExp + vc::kAlu), elements);
    // Two vector reductions per row, their latency shared by `unroll` interleaved rows.
    cost.overhead(rows * (2 * vc::kReduce + 40.0 / k.unroll));
    tasks = std::ceil(static_cast<double>(rows) / (k.rows_per_task * k.unroll));
  } else {
    // Blocks of `block` rows (the last shifted inwards) with the input transposed into a tile:
    // gathers, then the maximum and exp-and-sum passes over vectors of rows.
    const int lanes = fit_lanes(k.lanes, r0);
    int block = lanes * std::max(k.unroll, 1);
    while (block > lanes && block > r0) block /= 2;
    const double blocks = std::ceil(static_cast<double>(r0) / block) * (rows / r0);
    const double computed = blocks * block * length;
    const double row_vectors = computed / lanes;
    cost.pass(row_vectors, vc::kStridedLoad * lanes / natural + vc::kStore, elements);
    cost.pass(row_vectors, max_step, elements);
    cost.pass(row_vectors, exp_step, elements);
    // The output along the axis: exp read back from the transposed store (gathers) or
    // recomputed from the input.
    const double exp_again =
        k.store_exp ? vc::kStridedLoad * lanes / natural : vc::kExp + 2 * vc::kAlu;
    if (mode == Vectorize::kRowsDense) {
      // `lanes` rows x the axis as whole vectors, max and 1/sum broadcast by shuffles.
      const double vectors =
          blocks * (block / lanes) * std::ceil(lanes * length / static_cast<double>(natural));
      cost.pass(vectors, out_step + exp_again + 2 * vc::kAlu, elements);
    } else {
      const int axis_lanes = fit_lanes(k.lanes, length);
      const double vectors = blocks * block * std::ceil(static_cast<double>(length) / axis_lanes);
      cost.pass(vectors, out_step + exp_again, elements);
    }
    cost.overhead(blocks * 30);
    tasks = std::ceil(blocks / k.rows_per_task);
    block_bytes *= block;
  }
  // The input is read once per row while a row (or block) stays in L1, else once per pass;
  // the output is written once (and read for ownership).
  const double footprint = 8.0 * elements;
  const double passes = block_bytes <= 32 * 1024 ? 1 : (k.store_exp ? 2 : 3);
  const double bytes = 4.0 * elements * (passes + 2);
  return cost.features(tasks, beyond_l2_bytes(bytes, footprint, last_level_cache_bytes()));
}

class SoftmaxInner final : public SoftmaxTemplate {
 public:
  std::string name() const override { return "softmax_inner"; }
  int version() const override { return 5; }

  bool applicable(const SoftmaxDesc& desc) const override { return softmax_axis_contiguous(desc); }

  KnobSpace knob_space(const SoftmaxDesc& desc, const Halide::Target& target) const override {
    const int64_t length = desc.axis_size();
    const int natural = target.natural_vector_size<float>();
    // Along the axis, vectors no wider than the axis; across rows, up to the natural width.
    const std::vector<int> axis_lanes = sizes_up_to({4, 8, 16}, std::min<int64_t>(natural, length));
    std::vector<int> lanes = sizes_up_to({4, 8, 16}, natural);
    if (axis_lanes.front() < lanes.front()) lanes.insert(lanes.begin(), axis_lanes.front());
    const int max_axis_lanes = axis_lanes.back();
    std::vector<Knob> knobs = {
        {kKnobNames[0], lanes, {}},
        {kKnobNames[1], {1, 2, 4}, {}},
        {kKnobNames[2], {0, 1}, {}},
        {kKnobNames[3], {1, 4, 16, 64}, {}},
        {kKnobNames[4], {0, 1, 2, 3}, {"axis", "rows", "rows_dense", "whole_row"}},
    };
    return KnobSpace(std::move(knobs), [length, max_axis_lanes, natural](const Config& c) {
      const InnerKnobs k = decode(c);
      // rows_dense builds vectors of lanes x axis elements: keep them to 64 natural vectors.
      if (k.mode == Vectorize::kRowsDense) return length * k.lanes <= kMaxDenseLanes;
      // whole_row holds a row in registers: up to 8 natural vectors, of whole SSE vectors
      // (LLVM splits a 61-lane vector down to a scalar: 277 us on 7808x61 against 241 us
      // across rows); lanes do not apply.
      if (k.mode == Vectorize::kWholeRow) {
        return length <= 8 * natural && length % 4 == 0 && k.lanes == natural;
      }
      if (k.mode != Vectorize::kAxis) return true;
      // Several partial vectors need whole chunks: Halide 14 miscompiles the guarded tail of an
      // unrolled rfactor (NaN results were observed), so tails use one partial vector.
      return k.lanes <= max_axis_lanes && (k.unroll == 1 || length % (k.lanes * k.unroll) == 0);
    });
  }

  Config baseline(const SoftmaxDesc& desc, const Halide::Target& target) const override {
    // Widest vector, one partial vector per reduction (two were 1.5x slower on 8192x64), exp
    // stored, 16 rows per task. A short
    // axis (under 64 elements) leaves lanes of the partial vectors idle and ends in a horizontal
    // reduction per row: vectorise across rows there instead, when they fill a vector.
    const KnobSpace space = knob_space(desc, target);
    const int natural = target.natural_vector_size<float>();
    const int64_t max_axis_lanes = std::min<int64_t>(natural, desc.axis_size());
    int lanes = 1;
    for (int l : space.knobs()[0].values) {
      if (l <= max_axis_lanes) lanes = l;
    }
    const int64_t axis = desc.axis_size();
    if ((axis < 64 || (axis < 128 && axis % natural != 0)) &&
        innermost_row_extent(desc) >= natural && space.knobs()[0].values.back() == natural) {
      // Four row vectors per block, exp recomputed for the output (gathers of a stored exp
      // cost more), a few blocks per task. Up to 32 elements, the output is written as whole
      // vectors of rows x axis (rows_dense: 2x19x128x256 NHWC 760 -> 660 us, 2560x20 31.9 ->
      // 24.7 us); from 48 on, plain rows was 5-8% faster. Rows of 64 run along the axis
      // (whole vectors), rows of 66-67 across rows (537 -> 314 us on 8576x67).
      return Config{{natural, 4, 0, 4, axis <= 32 ? 2 : 1}};
    }
    return Config{{lanes, 1, 1, 16, 0}};
  }

  std::optional<CostFeatures> cost_features(const OpDesc& desc, const Config& config,
                                            const Halide::Target& target) const override {
    const auto* softmax = dynamic_cast<const SoftmaxDesc*>(&desc);
    if (!softmax) return std::nullopt;
    return inner_cost(canonical_view(*softmax), decode(config),
                      target.natural_vector_size<float>());
  }

  void apply(const SoftmaxAlgorithm& a, const Config& config,
             const Halide::Target&) const override {
    const InnerKnobs knobs = decode(config);
    // Dims other than the axis, innermost first; those of extent 1 stay outside the fusion of
    // the row loop (innermost), so the fused loop carries no division by 1.
    const std::vector<int64_t> shape = a.desc.physical_shape();
    std::vector<Var> unit_dims, row_dims;
    for (int d = 0; d < static_cast<int>(a.args.size()); ++d) {
      if (d == a.axis_dim) continue;
      (shape[shape.size() - 1 - d] == 1 ? unit_dims : row_dims).push_back(a.args[d]);
    }
    if (knobs.mode == Vectorize::kWholeRow) {
      apply_whole_rows(a, knobs, unit_dims, row_dims);
    } else if (knobs.mode != Vectorize::kAxis && !row_dims.empty()) {
      apply_across_rows(a, knobs, unit_dims, row_dims);
    } else {
      apply_along_axis(a, knobs, unit_dims, row_dims);
    }
  }

 private:
  // One row at a time as one vector of the whole axis (a few natural vectors, the tail masked):
  // maximum and sum are vector reductions of it (atomic().vectorize()), exp computed once per
  // element when stored, else twice; `unroll` rows are interleaved for independent chains.
  static void apply_whole_rows(const SoftmaxAlgorithm& a, const InnerKnobs& knobs,
                               const std::vector<Var>& unit_dims,
                               const std::vector<Var>& row_dims) {
    Halide::Func output = a.output;
    const Var axis_var = a.args[a.axis_dim];
    Var task("task"), row("row"), row_group("row_group"), row_in_group("row_in_group");
    std::vector<Halide::VarOrRVar> order(unit_dims.begin(), unit_dims.end());
    order.insert(order.begin(), axis_var);
    order.insert(order.end(), row_dims.begin(), row_dims.end());
    output.reorder(order);
    output.vectorize(axis_var);
    Halide::LoopLevel at_row = Halide::LoopLevel::root();
    if (!row_dims.empty()) {
      const Var rows = fuse_loops(output, row_dims);
      output.split(rows, task, row, knobs.rows_per_task * knobs.unroll, TailStrategy::GuardWithIf)
          .parallel(task);
      if (knobs.unroll > 1) {
        output.split(row, row_group, row_in_group, knobs.unroll, TailStrategy::GuardWithIf)
            .unroll(row_in_group);
        at_row = Halide::LoopLevel(output, row_in_group);
      } else {
        at_row = Halide::LoopLevel(output, row);
      }
    }
    Halide::Func exp_values = a.exp_values, inverse_sum = a.inverse_sum;
    if (knobs.store_exp) exp_values.compute_at(at_row).vectorize(axis_var);
    inverse_sum.compute_at(at_row);
    for (Halide::Func reduced : {a.max_value, a.sum}) {
      reduced.compute_at(at_row);
      reduced.update().atomic().vectorize(a.axis.x);
    }
  }

  static void apply_along_axis(const SoftmaxAlgorithm& a, const InnerKnobs& knobs,
                               const std::vector<Var>& unit_dims,
                               const std::vector<Var>& row_dims) {
    Halide::Func output = a.output;
    const Var axis_var = a.args[a.axis_dim];
    Var task("task"), row("row");
    output.vectorize(axis_var, knobs.lanes);
    std::vector<Halide::VarOrRVar> order(unit_dims.begin(), unit_dims.end());
    order.push_back(axis_var);
    order.insert(order.end(), row_dims.begin(), row_dims.end());
    output.reorder(order);
    Halide::LoopLevel at_row = Halide::LoopLevel::root();
    if (!row_dims.empty()) {
      const Var rows = fuse_loops(output, row_dims);
      output.split(rows, task, row, knobs.rows_per_task, TailStrategy::GuardWithIf).parallel(task);
      at_row = Halide::LoopLevel(output, row);
    }

    Halide::Func exp_values = a.exp_values, inverse_sum = a.inverse_sum;
    if (knobs.store_exp) exp_values.compute_at(at_row).vectorize(axis_var, knobs.lanes);
    inverse_sum.compute_at(at_row);
    const int chunk = knobs.lanes * knobs.unroll;
    for (Halide::Func reduced : {a.max_value, a.sum}) {
      reduced.compute_at(at_row);
      Halide::RVar outer(reduced.name() + "_ro"), inner(reduced.name() + "_ri");
      Var lane(reduced.name() + "_lane");
      Halide::Func partial =
          reduced.update().split(a.axis.x, outer, inner, chunk).rfactor(inner, lane);
      partial.compute_at(at_row);
      partial.vectorize(lane, knobs.lanes).unroll(lane);
      partial.update().reorder(lane, outer).vectorize(lane, knobs.lanes).unroll(lane);
    }
  }

  // A block of `lanes` x `unroll` rows along the innermost row dim r0 (tail shifted inwards).
  // rows_dense writes the output of `lanes` rows at a time as one vector over (axis, r0):
  // Halide flattens the nested ramp into a dense load and store, and the row vectors of the
  // maximum and 1/sum into shuffles.
  // The input of the block is transposed once into a tile with r0 innermost (strided loads);
  // maximum, exp and sum then run on whole vectors of rows with the axis loop outside. The
  // output is written along the axis (dense stores): from the transposed exp when store_exp,
  // else with exp recomputed from the input.
  static void apply_across_rows(const SoftmaxAlgorithm& a, const InnerKnobs& knobs,
                                const std::vector<Var>& unit_dims,
                                const std::vector<Var>& row_dims) {
    Halide::Func output = a.output;
    const Var axis_var = a.args[a.axis_dim];
    const Var r0 = row_dims[0];
    int r0_dim = 0;
    for (int d = 0; d < static_cast<int>(a.args.size()); ++d) {
      if (a.args[d].same_as(r0)) r0_dim = d;
    }
    const int64_t r0_extent = a.desc.physical_shape()[a.args.size() - 1 - r0_dim];
    const int lanes = fit_lanes(knobs.lanes, r0_extent);
    int block = lanes * std::max(knobs.unroll, 1);
    while (block > lanes && block > r0_extent) block /= 2;
    Var block_var("block"), in_block("in_block"), task("task"), row("row");
    output.split(r0, block_var, in_block, block, TailStrategy::ShiftInwards);
    const bool dense = knobs.mode == Vectorize::kRowsDense;
    Var pixels("pixels"), pixel("pixel");
    std::vector<Halide::VarOrRVar> order = {axis_var, in_block};
    if (dense) {
      // `lanes` rows x the axis are lanes x axis consecutive elements in memory.
      output.split(in_block, pixels, pixel, lanes, TailStrategy::RoundUp);
      order = {axis_var, pixel, pixels};
    }
    order.insert(order.end(), unit_dims.begin(), unit_dims.end());
    std::vector<Var> blocks = {block_var};
    blocks.insert(blocks.end(), row_dims.begin() + 1, row_dims.end());
    order.insert(order.end(), blocks.begin(), blocks.end());
    output.reorder(order);
    const Var fused = fuse_loops(output, blocks);
    output.split(fused, task, row, knobs.rows_per_task, TailStrategy::GuardWithIf).parallel(task);
    if (dense) {
      // Those elements as one wide vector (LLVM splits it into natural vectors): one exp per
      // element, no overlapping tail. Each lane's maximum and 1/sum come from the block's row
      // vectors at lane offsets known at compile time.
      output.vectorize(axis_var).vectorize(pixel);
    } else {
      const int axis_lanes = fit_lanes(knobs.lanes, a.desc.axis_size());
      if (axis_lanes > 1) output.vectorize(axis_var, axis_lanes, TailStrategy::ShiftInwards);
    }
    const Halide::LoopLevel at_block(output, row);

    // r0 vectorised (and its vectors unrolled) inside the axis loop.
    auto across = [&](Halide::Stage stage, const Var& v, const Halide::VarOrRVar& axis) {
      const Var vector_of(v.name() + "_vo"), lane(v.name() + "_vi");
      stage.split(v, vector_of, lane, lanes, TailStrategy::RoundUp)
          .reorder(lane, vector_of, axis)
          .vectorize(lane);
      if (block > lanes) stage.unroll(vector_of);
    };
    Halide::Func exp_values = a.exp_values;
    Halide::Func tile;
    if (knobs.store_exp) {
      exp_values.compute_at(at_block).reorder_storage(r0, axis_var);
      across(exp_values, r0, axis_var);
      tile = Halide::ImageParam(a.input).in({a.max_value, exp_values});
    } else {
      // The sum gets its own copy of exp (inlined), reading the tile; the output's reads the
      // input along the axis.
      Halide::Func exp_for_sum = exp_values.clone_in(a.sum);
      tile = Halide::ImageParam(a.input).in({a.max_value, exp_for_sum});
    }
    const std::vector<Var> tile_args = tile.args();
    std::vector<Var> storage = {tile_args[r0_dim], tile_args[a.axis_dim]};
    for (int d = 0; d < static_cast<int>(tile_args.size()); ++d) {
      if (d != r0_dim && d != a.axis_dim) storage.push_back(tile_args[d]);
    }
    tile.compute_at(at_block).reorder_storage(storage);
    across(tile, tile_args[r0_dim], tile_args[a.axis_dim]);
    Halide::Func inverse_sum = a.inverse_sum;
    inverse_sum.compute_at(at_block).vectorize(r0, lanes);
    for (Halide::Func reduced : {a.max_value, a.sum}) {
      reduced.compute_at(at_block).vectorize(r0, lanes);
      across(reduced.update(), r0, a.axis.x);
    }
  }
};

}  // namespace

std::unique_ptr<SoftmaxTemplate> make_softmax_inner_template() {
  return std::make_unique<SoftmaxInner>();
}

}  // namespace kf
