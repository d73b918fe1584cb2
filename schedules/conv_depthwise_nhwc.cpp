// conv_depthwise_nhwc (see conv_depthwise_template.h).
//
// The loop nest is conv_direct_nhwc's (schedule_direct_nhwc): vectors of channels x pixels of a
// row x rows as the register tile, channel tiles inside or outside the pixel tiles, blocks of
// rows handed to threads. Its reduction is the kernel window alone (the channel reduction has
// one step), taps innermost, and with `whole_window` every tap is unrolled, so the tile's loads
// of one input vector are the same address in one basic block and LLVM loads it once.
#include <algorithm>

#include "dsl/conv_algorithm.h"
#include "schedules/conv_depthwise_template.h"
#include "schedules/conv_direct_nhwc_schedule.h"
#include "schedules/conv_template.h"
#include "schedules/schedule_helpers.h"

namespace kf {

bool depthwise_applicable(const ConvDesc& desc) {
  return desc.layout == Layout::kNHWC && desc.groups > 1 && desc.ic == desc.groups &&
         desc.oc == desc.groups;
}

namespace {

// Of 32 vector registers, the rest hold the window's input vectors while the tile uses them.
constexpr int kMaxAccumulators = 28;

struct DepthwiseKnobs {
  int vectors_k = 1;
  int tile_w = 1;
  int tile_h = 1;
  bool k_tiles_outer = false;  // channel tiles outside the pixel tiles: the weights stay in L1
  bool whole_window = true;    // every tap unrolled, not only the innermost kernel dim
  int rows_per_task = 1;
};

const char* const kKnobNames[] = {"vectors_k",     "tile_w",       "tile_h",
                                  "k_tiles_outer", "whole_window", "rows_per_task"};

DepthwiseKnobs decode(const Config& config) {
  const auto& v = config.values;
  return DepthwiseKnobs{v[0], v[1], v[2], v[3] != 0, v[4] != 0, v[5]};
}

// conv_direct_nhwc's config for the same loop nest: taps inside the (one-step) channel
// reduction, the innermost kernel dim unrolled, and the padding inline. A padded copy of the
// input (per block of rows or of the whole image) costs a pass over the input as large as the
// convolution's own, which has only one input channel per output channel to amortise it: every
// MobileNet depthwise layer's best direct schedule pads inline (18 of 18 in two tunings with
// the choice open), and copying per row made conv2_1/dw three times slower.
Config direct_config(const DepthwiseKnobs& k) {
  return Config{{k.vectors_k, k.tile_w, k.tile_h, k.k_tiles_outer ? 1 : 0, /*taps_inner=*/1,
                 /*unroll_kw=*/1, k.rows_per_task, static_cast<int>(PadAt::kInline)}};
}

int64_t window_taps(const ConvDesc& desc) {
  int64_t taps = 1;
  for (int i = 0; i < desc.spatial_rank; ++i) taps *= desc.kernel[i];
  return taps;
}

// Input positions that `tile` outputs along one dim read through a kernel of `kernel` taps: the
// union of their windows, at most tile x kernel.
int64_t window_span(int64_t tile, int64_t kernel, int64_t stride, int64_t dilation) {
  return std::min(tile * kernel, (tile - 1) * stride + (kernel - 1) * dilation + 1);
}

class ConvDepthwiseNhwc final : public ConvTemplate {
 public:
  std::string name() const override { return "conv_depthwise_nhwc"; }
  int version() const override { return 1; }

  bool applicable(const ConvDesc& desc) const override { return depthwise_applicable(desc); }

  KnobSpace knob_space(const ConvDesc& desc, const Halide::Target& target) const override {
    const int rank = desc.spatial_rank;
    const int lanes = lanes_for(target.natural_vector_size<float>(), desc.oc);
    const int64_t out_w = desc.out[rank - 1];
    const int64_t out_h = rank >= 2 ? desc.out[rank - 2] : 1;
    std::vector<Knob> knobs = {
        {kKnobNames[0], sizes_up_to({1, 2, 3, 4}, desc.oc / lanes), {}},
        {kKnobNames[1], sizes_up_to({1, 2, 3, 4, 5, 6, 7, 8, 10, 12, 14, 16, 28}, out_w), {}},
        {kKnobNames[2], sizes_up_to({1, 2, 3, 4}, out_h), {}},
        {kKnobNames[3], {0, 1}, {}},
        {kKnobNames[4],
         window_taps(desc) <= kDepthwiseMaxUnrolledTaps ? std::vector<int>{0, 1}
                                                        : std::vector<int>{0},
         {}},
        {kKnobNames[5], {1, 2, 4, 8}, {}},
    };
    return KnobSpace(std::move(knobs), [](const Config& c) {
      const DepthwiseKnobs k = decode(c);
      return k.vectors_k * k.tile_w * k.tile_h <= kMaxAccumulators;
    });
  }

  Config baseline(const ConvDesc& desc, const Halide::Target& target) const override {
    // An engineer's first try: one vector of channels, the row tile of up to 8 pixels that
    // wastes least, the whole window unrolled when allowed.
    const KnobSpace space = knob_space(desc, target);
    const auto& knobs = space.knobs();
    const int lanes = lanes_for(target.natural_vector_size<float>(), desc.oc);
    const RegisterTile tile = choose_register_tile({1}, knobs[1].values, desc.oc, lanes,
                                                   desc.out[desc.spatial_rank - 1], 8);
    return Config{{1, tile.pixels, 1, 0, knobs[4].values.back(), 1}};
  }

  std::string variant(const OpDesc&) const override { return "depthwise direct convolution"; }

  std::optional<CostFeatures> cost_features(const OpDesc& op, const Config& config,
                                            const Halide::Target& target) const override {
    const auto* conv = dynamic_cast<const ConvDesc*>(&op);
    if (!conv) return std::nullopt;
    const ConvDesc& desc = *conv;
    const DepthwiseKnobs k = decode(config);
    const int rank = desc.spatial_rank;
    const int lanes = lanes_for(target.natural_vector_size<float>(), desc.oc);
    const auto useful = tiled_useful_fraction;
    const int64_t out_w = desc.out[rank - 1];
    const int64_t out_h = rank >= 2 ? desc.out[rank - 2] : 1;
    const int64_t kernel_w = desc.kernel[rank - 1];
    const int64_t kernel_h = rank >= 2 ? desc.kernel[rank - 2] : 1;
    const int64_t taps = window_taps(desc);
    // Input vectors one tile loads: along w the union of its windows; along h too when the
    // whole window is unrolled, else each row of the tile loads its own.
    const int64_t span_w =
        window_span(k.tile_w, kernel_w, desc.stride[rank - 1], desc.dilation[rank - 1]);
    const int64_t span_h =
        rank >= 2 && k.whole_window
            ? window_span(k.tile_h, kernel_h, desc.stride[rank - 2], desc.dilation[rank - 2])
            : k.tile_h * kernel_h;
    const double outer_taps = static_cast<double>(taps) / (kernel_w * kernel_h);
    const double input_loads = static_cast<double>(k.vectors_k) * span_w * span_h * outer_taps;
    CostFeatures f;
    f.flops = desc.flops();
    f.useful_fraction = useful(desc.oc, int64_t{lanes} * k.vectors_k) * useful(out_w, k.tile_w) *
                        useful(out_h, k.tile_h);
    f.accumulators = k.vectors_k * k.tile_w * k.tile_h;
    f.loads_per_step = (input_loads + static_cast<double>(k.vectors_k) * taps) / taps;
    f.parallel_tasks = static_cast<double>(row_block_tasks(desc, k.tile_h, k.rows_per_task));
    f.memory_bytes = desc.min_bytes();
    return f;
  }

  void apply(const ConvAlgorithm& a, const Config& config,
             const Halide::Target& target) const override {
    const DepthwiseKnobs knobs = decode(config);
    schedule_direct_nhwc(a, direct_config(knobs), /*k_tasks=*/1, target);
    if (knobs.whole_window) {
      // reduction[1] (kw) is unrolled already; the outer kernel dims join it.
      Halide::Func conv = a.conv;
      for (int i = 2; i <= a.desc.spatial_rank; ++i) conv.update().unroll(a.reduction[i]);
    }
  }
};

}  // namespace

const Template& conv_depthwise_nhwc_template() {
  static const ConvDepthwiseNhwc tmpl;
  return tmpl;
}

}  // namespace kf
