// deconv_subpixel_nhwc: sub-pixel transposed convolution for channels-last tensors (any rank).
//
// The output is tiled into blocks of `vectors_k` channel vectors x (stride_w * tile_q) pixels
// along w x all phases of the outer dims; each block computes its phased accumulators as a
// register tile of vectors_k vectors x tile_q pixels of one phase, phases outside the reduction
// (channel within group, then the phase's taps), so no inserted zero is multiplied. The weights
// are packed ahead of the calls (a packing stage run once) into phase-major panels with output
// channels innermost, so each step loads contiguous vectors of weights and broadcasts one input
// value; or they are read in place from the user's layout. Blocks of output rows (outer q dims
// fused with the batch) run in parallel.
#include <algorithm>

#include "schedules/deconv_template.h"
#include "schedules/schedule_helpers.h"

namespace kf {

namespace {

using Halide::TailStrategy;
using Halide::Var;

constexpr int kMaxAccumulators = 28;
constexpr int kMaxUnrolledPhases = 16;

struct SubpixelNhwcKnobs {
  int vectors_k = 1;
  int tile_q = 1;
  bool k_tiles_outer = false;  // k tiles outside the w tiles
  bool taps_inner = false;     // reduction order: taps inside input channels
  bool pack_weights = true;    // phase-major weight panels, packed once ahead of the calls
  int rows_per_task = 1;
  PadAt pad_at = PadAt::kInline;
  bool phases_outer = false;  // whole-image phased pass, (phase, k block) loops outermost
};

SubpixelNhwcKnobs decode(const Config& config) {
  const auto& v = config.values;
  return SubpixelNhwcKnobs{
      v[0], v[1], v[2] != 0, v[3] != 0, v[4] != 0, v[5], static_cast<PadAt>(v[6]), v[7] != 0};
}

int64_t ceil_div(int64_t a, int64_t b) { return (a + b - 1) / b; }

class DeconvSubpixelNhwc final : public DeconvTemplate {
 public:
  std::string name() const override { return "deconv_subpixel_nhwc"; }
  int version() const override { return 3; }

  bool applicable(const DeconvDesc& desc) const override { return desc.layout == Layout::kNHWC; }

  DeconvWeightSource weight_source(const Config& config) const override {
    return decode(config).pack_weights ? DeconvWeightSource::kPrepacked
                                       : DeconvWeightSource::kUserLayout;
  }

  KnobSpace knob_space(const DeconvDesc& desc, const Halide::Target& target) const override {
    const int rank = desc.spatial_rank;
    const int lanes = lanes_for(target.natural_vector_size<float>(), desc.oc);
    const int64_t q_w = ceil_div(desc.out[rank - 1], desc.stride[rank - 1]);
    std::vector<Knob> knobs = {
        {"vectors_k", sizes_up_to({1, 2, 3, 4, 6}, desc.oc / lanes), {}},
        {"tile_q", sizes_up_to({1, 2, 3, 4, 5, 6, 7, 8, 12, 14}, q_w), {}},
        {"k_tiles_outer", {0, 1}, {}},
        {"taps_inner", {0, 1}, {}},
        {"pack_weights", {0, 1}, {}},
        {"rows_per_task", {1, 2, 4, 8}, {}},
        pad_at_knob(),
        {"phases_outer", {0, 1}, {}},
    };
    return KnobSpace(std::move(knobs), [](const Config& c) {
      const SubpixelNhwcKnobs k = decode(c);
      // The whole-image pass computes its padding inline.
      return k.vectors_k * k.tile_q <= kMaxAccumulators &&
             (!k.phases_outer || k.pad_at == PadAt::kInline);
    });
  }

  Config baseline(const DeconvDesc& desc, const Halide::Target& target) const override {
    // The register tile that wastes least (tiles dividing the channels and the phase's pixels
    // of a row), packed weights.
    const KnobSpace space = knob_space(desc, target);
    const auto& knobs = space.knobs();
    const int rank = desc.spatial_rank;
    const int lanes = lanes_for(target.natural_vector_size<float>(), desc.oc);
    const RegisterTile tile =
        choose_register_tile(knobs[0].values, knobs[1].values, desc.oc, lanes,
                             ceil_div(desc.out[rank - 1], desc.stride[rank - 1]), 24);
    const int vectors_k = tile.vectors, tile_q = tile.pixels;
    // Weight panels of all phases for one k block larger than half of L2 would be streamed for
    // every pixel tile: then run phases and k blocks outside the pixel loops.
    int64_t taps = desc.ic / desc.groups;
    for (int i = 0; i < desc.spatial_rank; ++i) taps *= desc.kernel[i];
    const int64_t panel_bytes = taps * vectors_k * target.natural_vector_size<float>() * 4;
    const int phases_outer = panel_bytes > 512 * 1024 ? 1 : 0;
    return Config{{vectors_k, tile_q, 1, 0, 1, 1, static_cast<int>(PadAt::kInline), phases_outer}};
  }

  void apply(const DeconvAlgorithm& a, const Config& config,
             const Halide::Target& target) const override {
    const SubpixelNhwcKnobs knobs = decode(config);
    const DeconvDesc& desc = a.desc;
    const int rank = desc.spatial_rank;
    const int lanes = lanes_for(target.natural_vector_size<float>(), desc.oc);
    if (knobs.phases_outer) {
      apply_phases_outer(a, knobs, lanes);
      return;
    }
    Halide::Func output = a.output;
    Halide::Func phased = a.phased;

    // Output: k block x (s_w * tile_q) pixels along w x one phase group of each outer dim.
    Var k_tile("k_tile"), k_lane("k_lane"), wq("wq"), wp("wp"), w_tile("w_tile"), w_q("w_q");
    Var task("task"), row("row");
    const int s_w = a.phases[0].stride;
    const TailStrategy w_tail =
        desc.out[rank - 1] % s_w == 0 ? TailStrategy::RoundUp : TailStrategy::GuardWithIf;
    output.split(a.k, k_tile, k_lane, lanes * knobs.vectors_k, TailStrategy::ShiftInwards)
        .split(a.spatial[0], wq, wp, s_w, w_tail)
        .split(wq, w_tile, w_q, knobs.tile_q, TailStrategy::ShiftInwards);
    std::vector<Halide::VarOrRVar> order = {k_lane, wp, w_q};
    std::vector<Var> row_dims;
    for (int i = 1; i < rank; ++i) {
      const int s = a.phases[i].stride;
      Var q(a.spatial[i].name() + "_q"), p(a.spatial[i].name() + "_p");
      const TailStrategy tail =
          desc.out[rank - 1 - i] % s == 0 ? TailStrategy::RoundUp : TailStrategy::GuardWithIf;
      output.split(a.spatial[i], q, p, s, tail);
      order.push_back(p);
      row_dims.push_back(q);
    }
    row_dims.push_back(a.n);
    const Var innermost_tile_loop = knobs.k_tiles_outer ? w_tile : k_tile;
    if (knobs.k_tiles_outer) {
      order.insert(order.end(), {w_tile, k_tile});
    } else {
      order.insert(order.end(), {k_tile, w_tile});
    }
    order.insert(order.end(), row_dims.begin(), row_dims.end());
    output.reorder(order);
    Var fused = row_dims[0];
    for (size_t i = 1; i < row_dims.size(); ++i) {
      Var next(fused.name() + "_" + row_dims[i].name());
      output.fuse(fused, row_dims[i], next);
      fused = next;
    }
    output.split(fused, task, row, knobs.rows_per_task, TailStrategy::GuardWithIf).parallel(task);
    output.vectorize(k_lane, lanes).unroll(k_lane);

    // Phased register tile: k vectors x tile_q pixels, reduction inside, phases outside.
    phased.compute_at(output, innermost_tile_loop);
    std::vector<Halide::RVar> reduction, taps;
    for (int i = 1; i <= rank; ++i) taps.push_back(a.reduction[i]);
    if (knobs.taps_inner) {
      reduction = taps;
      reduction.push_back(a.reduction[0]);
    } else {
      reduction.push_back(a.reduction[0]);
      reduction.insert(reduction.end(), taps.begin(), taps.end());
    }
    schedule_register_tile(phased, {a.k, a.tile[0]}, lanes, reduction);
    int phase_count = 1;
    for (const DeconvPhases& ph : a.phases) phase_count *= ph.stride;
    if (phase_count > 1 && phase_count <= kMaxUnrolledPhases) {
      for (const Var& p : a.phase) phased.update().unroll(p);
    }

    if (a.pack.defined()) schedule_packing(a, lanes);
    const int in_lanes = target.natural_vector_size<float>();
    const int copy_lanes = desc.ic % in_lanes == 0 ? in_lanes : 1;
    place_padding(a.padded, knobs.pad_at, output, row, /*parallel_dim=*/rank, /*vector_dim=*/0,
                  copy_lanes);
  }

 private:
  // The packing stage: panels (k, c, t..., p...) with k innermost. Both weight layouts keep k
  // strided, so k and c are tiled and both vectorised: Halide loads along the user's dense dim
  // and transposes in registers instead of gathering.
  static void schedule_packing(const DeconvAlgorithm& a, int lanes) {
    Halide::Func panels = a.pack;
    const std::vector<Var> dims = panels.args();
    const DeconvDesc& desc = a.desc;
    const int64_t icg = desc.ic / desc.groups;
    const bool tf = desc.weights == DeconvWeights::kTensorFlow;
    if (tf && icg >= lanes && desc.oc >= lanes) {
      Var ko("ko"), ki("ki"), co("co"), ci("ci");
      panels.split(dims[0], ko, ki, lanes, TailStrategy::ShiftInwards)
          .split(dims[1], co, ci, lanes, TailStrategy::ShiftInwards)
          .reorder(ki, ci, ko, co)
          .vectorize(ki)
          .unroll(ci);
    } else {
      panels.vectorize(dims[0], lanes);
    }
  }

  // phased over the whole batch: loops (innermost first) k lanes x tile_q pixels, reduction, the
  // q tiles and rows, then the k blocks and phases, so one (phase, k block) weight panel serves
  // every pixel; the output then interleaves the phases back.
  static void apply_phases_outer(const DeconvAlgorithm& a, const SubpixelNhwcKnobs& knobs,
                                 int lanes) {
    const DeconvDesc& desc = a.desc;
    const int rank = desc.spatial_rank;
    Halide::Func output = a.output;
    Halide::Func phased = a.phased;
    Var k_tile("k_tile"), k_in("k_in"), q_tile("q_tile"), q_in("q_in"), wq("wq"), wp("wp");
    phased.compute_root().vectorize(a.k, lanes);
    Halide::Stage update = phased.update();
    // Updates may not shift tails inwards (that would recompute an accumulation).
    update.split(a.k, k_tile, k_in, lanes * knobs.vectors_k, TailStrategy::GuardWithIf)
        .split(a.tile[0], q_tile, q_in, knobs.tile_q, TailStrategy::GuardWithIf);
    std::vector<Halide::VarOrRVar> order = {k_in, q_in};
    std::vector<Halide::RVar> taps;
    for (int i = 1; i <= rank; ++i) taps.push_back(a.reduction[i]);
    if (knobs.taps_inner) {
      order.insert(order.end(), taps.begin(), taps.end());
      order.push_back(a.reduction[0]);
    } else {
      order.push_back(a.reduction[0]);
      order.insert(order.end(), taps.begin(), taps.end());
    }
    order.push_back(q_tile);
    for (int i = 1; i < rank; ++i) order.push_back(a.tile[i]);
    order.push_back(k_tile);
    for (const Var& p : a.phase) order.push_back(p);
    order.push_back(a.n);
    update.reorder(order).vectorize(k_in, lanes).unroll(k_in).unroll(q_in);
    update.parallel(rank >= 2 ? a.tile[rank - 1] : q_tile);

    const int s_w = a.phases[0].stride;
    const TailStrategy w_tail =
        desc.out[rank - 1] % s_w == 0 ? TailStrategy::RoundUp : TailStrategy::GuardWithIf;
    output.split(a.spatial[0], wq, wp, s_w, w_tail).reorder(a.k, wp, wq).vectorize(a.k, lanes);
    if (s_w > 1) output.unroll(wp);
    output.parallel(rank >= 2 ? a.spatial[rank - 1] : a.n);
    if (a.pack.defined()) schedule_packing(a, lanes);
  }
};

}  // namespace

std::unique_ptr<DeconvTemplate> make_deconv_subpixel_nhwc_template() {
  return std::make_unique<DeconvSubpixelNhwc>();
}

}  // namespace kf
