// deconv_subpixel_nchw: sub-pixel transposed convolution for channels-first tensors (any rank).
//
// Each phase's pixels along w read consecutive input pixels (i = q + offset - d' * t), so the
// register tile holds `vectors_w` vectors of one phase's q pixels for `tile_k` output channels;
// each reduction step loads input vectors along w and broadcasts one weight per channel, read in
// place from either weight layout or from a copy packed once ahead of the calls (where taps a
// phase lacks are zeros, so all phases share one loop nest). Phases run outside the reduction; the
// block is then interleaved into the output (stores of one vector per phase, which Halide merges
// when phases are unrolled). Parallel work is blocks of rows, or output-channel blocks when there
// are no outer rows.
#include <algorithm>

#include "schedules/deconv_template.h"
#include "schedules/schedule_helpers.h"

namespace kf {

namespace {

using Halide::TailStrategy;
using Halide::Var;

constexpr int kMaxAccumulators = 28;
constexpr int kMaxUnrolledPhases = 16;

struct SubpixelNchwKnobs {
  int vectors_w = 1;
  int tile_k = 1;
  bool taps_inner = false;
  bool parallel_channels = false;
  int rows_per_task = 1;
  PadAt pad_at = PadAt::kInline;
  bool pack_weights = false;
};

SubpixelNchwKnobs decode(const Config& config) {
  const auto& v = config.values;
  SubpixelNchwKnobs knobs;
  knobs.vectors_w = v[0];
  knobs.tile_k = v[1];
  knobs.taps_inner = v[2] != 0;
  knobs.parallel_channels = v[3] != 0;
  knobs.rows_per_task = v[4];
  knobs.pad_at = static_cast<PadAt>(v[5]);
  knobs.pack_weights = v[6] != 0;
  return knobs;
}

int64_t ceil_div(int64_t a, int64_t b) { return (a + b - 1) / b; }

int w_lanes(const DeconvDesc& desc, const Halide::Target& target) {
  const int rank = desc.spatial_rank;
  return lanes_for(target.natural_vector_size<float>(),
                   ceil_div(desc.out[rank - 1], desc.stride[rank - 1]));
}

// With `from_nhwc`, the same schedule serves NHWC tensors: the input is transposed into a
// channels-first padded copy (per row block or whole image, 16x16 blocks transposed in
// registers), the phased accumulators are channels-first, and the output is written back
// channels-last. For few output channels this keeps whole vectors busy where the NHWC template
// would fill a 16-lane channel vector with 3 channels.
class DeconvSubpixelNchw final : public DeconvTemplate {
 public:
  explicit DeconvSubpixelNchw(bool from_nhwc) : from_nhwc_(from_nhwc) {}

  std::string name() const override {
    return from_nhwc_ ? "deconv_subpixel_nhwc_via_nchw" : "deconv_subpixel_nchw";
  }
  int version() const override { return 2; }

  bool applicable(const DeconvDesc& desc) const override {
    return desc.layout == (from_nhwc_ ? Layout::kNHWC : Layout::kNCHW);
  }

  Layout compute_layout(const DeconvDesc& desc) const override {
    (void)desc;
    return Layout::kNCHW;
  }

  DeconvWeightSource weight_source(const Config& config) const override {
    return decode(config).pack_weights ? DeconvWeightSource::kPrepacked
                                       : DeconvWeightSource::kUserLayout;
  }

  KnobSpace knob_space(const DeconvDesc& desc, const Halide::Target& target) const override {
    const int rank = desc.spatial_rank;
    const int lanes = w_lanes(desc, target);
    const int64_t q_w = ceil_div(desc.out[rank - 1], desc.stride[rank - 1]);
    std::vector<Knob> knobs = {
        {"vectors_w", sizes_up_to({1, 2, 3, 4}, q_w / lanes), {}},
        {"tile_k", sizes_up_to({1, 2, 3, 4, 6, 8, 12}, desc.oc), {}},
        {"taps_inner", {0, 1}, {}},
        {"parallel_channels", {0, 1}, {}},
        {"rows_per_task", {1, 2, 4, 8}, {}},
        pad_at_knob(),
        {"pack_weights", {0, 1}, {}},
    };
    return KnobSpace(std::move(knobs), [](const Config& c) {
      const SubpixelNchwKnobs k = decode(c);
      return k.vectors_w * k.tile_k <= kMaxAccumulators;
    });
  }

  Config baseline(const DeconvDesc& desc, const Halide::Target& target) const override {
    const KnobSpace space = knob_space(desc, target);
    const auto& knobs = space.knobs();
    const int vectors_w = std::min(2, knobs[0].values.back());
    int tile_k = 1;
    for (int k : knobs[1].values) {
      if (vectors_w * k <= 24) tile_k = k;
    }
    // Channels-last input is transposed once per row block rather than gathered per tap.
    const PadAt pad_at = from_nhwc_ ? PadAt::kRow : PadAt::kInline;
    return Config{{vectors_w, tile_k, 0, 0, 1, static_cast<int>(pad_at), 1}};
  }

  void apply(const DeconvAlgorithm& a, const Config& config,
             const Halide::Target& target) const override {
    const SubpixelNchwKnobs knobs = decode(config);
    const DeconvDesc& desc = a.desc;
    const int rank = desc.spatial_rank;
    const int lanes = w_lanes(desc, target);
    Halide::Func output = a.output;
    Halide::Func phased = a.phased;

    Var wq("wq"), wp("wp"), w_tile("w_tile"), w_q("w_q"), k_tile("k_tile"), k_chan("k_chan");
    Var task("task"), row("row");
    const int s_w = a.phases[0].stride;
    const TailStrategy w_tail =
        desc.out[rank - 1] % s_w == 0 ? TailStrategy::RoundUp : TailStrategy::GuardWithIf;
    output.split(a.spatial[0], wq, wp, s_w, w_tail)
        .split(wq, w_tile, w_q, lanes * knobs.vectors_w, TailStrategy::ShiftInwards)
        .split(a.k, k_tile, k_chan, knobs.tile_k, TailStrategy::ShiftInwards);
    std::vector<Halide::VarOrRVar> order = {w_q, wp, k_chan};
    std::vector<Var> row_dims;  // innermost first
    for (int i = 1; i < rank; ++i) {
      const int s = a.phases[i].stride;
      Var q(a.spatial[i].name() + "_q"), p(a.spatial[i].name() + "_p");
      const TailStrategy tail =
          desc.out[rank - 1 - i] % s == 0 ? TailStrategy::RoundUp : TailStrategy::GuardWithIf;
      output.split(a.spatial[i], q, p, s, tail);
      order.push_back(p);
      row_dims.push_back(q);
    }
    order.push_back(w_tile);
    order.insert(order.end(), row_dims.begin(), row_dims.end());
    order.push_back(k_tile);
    order.push_back(a.n);
    output.reorder(order);

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
    output.vectorize(w_q, lanes).unroll(w_q).unroll(k_chan);
    if (s_w > 1 && s_w <= kMaxUnrolledPhases) output.unroll(wp);

    phased.compute_at(output, w_tile);
    std::vector<Halide::RVar> reduction, taps;
    for (int i = 1; i <= rank; ++i) taps.push_back(a.reduction[i]);
    if (knobs.taps_inner) {
      reduction = taps;
      reduction.push_back(a.reduction[0]);
    } else {
      reduction.push_back(a.reduction[0]);
      reduction.insert(reduction.end(), taps.begin(), taps.end());
    }
    schedule_register_tile(phased, {a.tile[0], a.k}, lanes, reduction);
    int phase_count = 1;
    for (const DeconvPhases& ph : a.phases) phase_count *= ph.stride;
    if (phase_count > 1 && phase_count <= kMaxUnrolledPhases) {
      for (const Var& p : a.phase) phased.update().unroll(p);
    }

    if (a.pack.defined()) {
      // Packing runs once, outside the calls: k innermost, vectorised where it is wide enough.
      const int pack_lanes = lanes_for(target.natural_vector_size<float>(), desc.oc);
      Halide::Func pack = a.pack;
      pack.vectorize(pack.args()[0], pack_lanes, TailStrategy::GuardWithIf);
    }
    const int copy_lanes = lanes_for(target.natural_vector_size<float>(), desc.in[rank - 1]);
    const bool transpose =
        from_nhwc_ && knobs.pad_at != PadAt::kInline && copy_lanes > 1 && desc.ic >= copy_lanes;
    place_padding(a.padded, knobs.pad_at, output, row_loop, /*parallel_dim=*/rank,
                  /*vector_dim=*/0, transpose ? 1 : copy_lanes);
    if (transpose) {
      // Channels-last input into a channels-first copy, in blocks of copy_lanes channels x
      // copy_lanes pixels: vectors along w stored, the unrolled channel loop reads along the
      // user's dense channel dim, and LLVM turns the block into an in-register transpose.
      Halide::Func padded = a.padded;
      const std::vector<Var> dims = padded.args();
      Var w_outer("w_outer"), w_inner("w_inner"), c_outer("c_outer"), c_inner("c_inner");
      padded.split(dims[0], w_outer, w_inner, copy_lanes, TailStrategy::GuardWithIf)
          .split(dims[rank], c_outer, c_inner, copy_lanes, TailStrategy::GuardWithIf)
          .reorder(w_inner, c_inner, w_outer, c_outer)
          .vectorize(w_inner)
          .unroll(c_inner);
    }
  }

 private:
  bool from_nhwc_;
};

}  // namespace

std::unique_ptr<DeconvTemplate> make_deconv_subpixel_nchw_template() {
  return std::make_unique<DeconvSubpixelNchw>(/*from_nhwc=*/false);
}

std::unique_ptr<DeconvTemplate> make_deconv_subpixel_nhwc_via_nchw_template() {
  return std::make_unique<DeconvSubpixelNchw>(/*from_nhwc=*/true);
}

}  // namespace kf
