// Staged tile transposes and the weight/bias pack stages of the internal-layout templates.
#include "schedules/layout_conversion.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "schedules/schedule_helpers.h"

namespace kf {

using Halide::Func;
using Halide::TailStrategy;
using Halide::Var;

// Against 16-lane vectors gathered straight from the other layout's stride (the first
// conv_nchw_via_nhwc), the baseline of res4a_branch1 (1x1 s2, 512 -> 1024, 28x28) went from
// 1.49-1.72 to 1.10-1.11 ms with these staged tiles, and conv1's from 1.58-1.68 to 1.44-1.46.
void schedule_tile_transpose(Func f, Func staged, const Var& dst, const Var& src,
                             int64_t dst_extent, int64_t src_extent, const std::vector<Var>& args) {
  const int tile_dst = static_cast<int>(std::min<int64_t>(32, dst_extent));
  const int tile_src = static_cast<int>(std::min<int64_t>(4, src_extent));
  const Var dst_tile(f.name() + "_dst_tile"), dst_in(f.name() + "_dst_in");
  const Var src_tile(f.name() + "_src_tile"), src_in(f.name() + "_src_in");
  f.compute_root().tile(dst, src, dst_tile, src_tile, dst_in, src_in, tile_dst, tile_src,
                        TailStrategy::ShiftInwards);
  // Tiles innermost; the source-tile loop and every other argument (innermost first) fused
  // into one parallel loop.
  std::vector<Halide::VarOrRVar> order = {dst_in, src_in, dst_tile, src_tile};
  Var rows = src_tile;
  for (const Var& v : args) {
    if (v.same_as(dst) || v.same_as(src)) continue;
    order.push_back(v);
  }
  f.reorder(order);
  for (const Var& v : args) {
    if (v.same_as(dst) || v.same_as(src)) continue;
    const Var fused(rows.name() + "_" + v.name());
    f.fuse(rows, v, fused);
    rows = fused;
  }
  f.parallel(rows);
  if (tile_dst >= 4 && tile_dst % 4 == 0) f.vectorize(dst_in, 4);
  f.unroll(src_in);
  staged.compute_at(f, dst_tile);
  // The wrapper keeps the source's argument order: its first is the source's contiguous dim.
  if (tile_src == 4) staged.vectorize(staged.args()[0], 4);
}

void add_tile_transpose_costs(double in_elements, double out_elements, const Halide::Target& target,
                              CostFeatures& f) {
  const int natural = target.natural_vector_size<float>();
  StreamingCost conversions(natural);
  const double step = 5 * (vector_cycles::kLoad + vector_cycles::kStore);
  conversions.pass(std::ceil(in_elements / natural), step, in_elements);
  conversions.pass(std::ceil(out_elements / natural), step, out_elements);
  const CostFeatures c = conversions.features(1, 0);
  f.overhead_flops += c.flops / c.useful_fraction;  // the cycles computed, as FLOPs
  const double copies = 8.0 * (in_elements + out_elements);
  f.memory_bytes += beyond_l2_bytes(copies, copies, last_level_cache_bytes());
}

// OIHW (kw, kh, kd, c, k) -> HWIO (k, c, kw, kh, kd), once, ahead of the calls.
PackStage oihw_to_hwio_pack(const ConvDesc& conv, int64_t packed_oc, int lanes) {
  const int rank = conv.spatial_rank;
  Halide::ImageParam oihw(Halide::Float(32), rank + 2, "kf_oihw_weights");
  Var k("pk"), c("pc");
  std::vector<Var> taps;
  for (int i = 0; i < rank; ++i) taps.push_back(Var("pt" + std::to_string(i)));
  std::vector<Var> hwio_args = {k, c};
  hwio_args.insert(hwio_args.end(), taps.begin(), taps.end());
  const int oc = static_cast<int>(conv.oc);
  std::vector<Halide::Expr> oihw_at(taps.begin(), taps.end());
  oihw_at.push_back(c);
  oihw_at.push_back(packed_oc > conv.oc ? Halide::min(k, oc - 1) : Halide::Expr(k));
  Func hwio("kf_hwio_weights");
  Halide::Expr value = oihw(oihw_at);
  if (packed_oc > conv.oc) value = Halide::select(k < oc, value, 0.0f);
  hwio(hwio_args) = value;
  hwio.vectorize(k, lanes, TailStrategy::GuardWithIf);
  PackStage stage;
  stage.input_index = 1;  // inputs(): input, weights, [bias]
  stage.pipeline = Halide::Pipeline(hwio);
  stage.arguments = {oihw};
  std::vector<int64_t> shape(conv.kernel.begin(), conv.kernel.begin() + rank);
  shape.insert(shape.end(), {conv.ic / conv.groups, packed_oc});
  stage.packed_shape = shape;
  stage.packed_layout = packed_oc > conv.oc
                            ? "HWIO (the OIHW weights transposed, zero past the last channel)"
                            : "HWIO (the OIHW weights transposed)";
  return stage;
}

PackStage padded_bias_pack(const ConvDesc& conv, int64_t packed_oc) {
  Halide::ImageParam bias(Halide::Float(32), 1, "kf_bias");
  Var k("pk");
  const int oc = static_cast<int>(conv.oc);
  Func padded("kf_padded_bias");
  padded(k) = Halide::select(k < oc, bias(Halide::min(k, oc - 1)), 0.0f);
  PackStage stage;
  stage.input_index = 2;
  stage.pipeline = Halide::Pipeline(padded);
  stage.arguments = {bias};
  stage.packed_shape = {packed_oc};
  stage.packed_layout = "[oc] zero-padded to whole channel blocks";
  return stage;
}

}  // namespace kf
