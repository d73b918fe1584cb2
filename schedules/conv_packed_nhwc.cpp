// conv_direct_packed_nhwc and conv_gemm_1x1_packed_nhwc: conv_direct_nhwc's schedule over
// weights packed in blocks of one vector of output channels (see conv_packed_template.h).
#include "dsl/conv_algorithm.h"
#include "dsl/dense_bounds.h"
#include "dsl/input_error.h"
#include "schedules/conv_direct_nhwc_schedule.h"
#include "schedules/conv_gemm_template.h"
#include "schedules/conv_packed_template.h"
#include "schedules/conv_template.h"

namespace kf {

namespace {

using Halide::Func;
using Halide::TailStrategy;
using Halide::Var;

// Output channels must be a multiple of this for every target's block (one vector: 16 lanes
// on AVX-512, 8 on AVX2), so that vectors never straddle two blocks.
constexpr int64_t kChannelMultiple = 16;

const char* const kKTasks = "k_tasks";

// conv_direct_nhwc's part of one of these templates' configs: every value but k_tasks (last).
Config direct_config(const Config& config) {
  return Config{std::vector<int>(config.values.begin(), config.values.end() - 1)};
}

class ConvPackedNhwc final : public Template {
 public:
  /// `fused_pixels`: the 1x1 GEMM view (one dim of h * w pixels), as conv_gemm_1x1_nhwc.
  explicit ConvPackedNhwc(bool fused_pixels) : fused_pixels_(fused_pixels) {}

  std::string name() const override {
    return fused_pixels_ ? "conv_gemm_1x1_packed_nhwc" : "conv_direct_packed_nhwc";
  }
  int version() const override { return 1; }

  bool applicable(const OpDesc& desc) const override {
    const auto* conv = dynamic_cast<const ConvDesc*>(&desc);
    return conv && conv->layout == Layout::kNHWC && conv->oc % kChannelMultiple == 0 &&
           (!fused_pixels_ || fusable_pointwise(*conv));
  }

  /// conv_direct_nhwc's knobs, then k_tasks: the chunks of output-channel tiles threads take
  /// separately (schedule_direct_nhwc), at most one tile each.
  KnobSpace knob_space(const OpDesc& desc, const Halide::Target& target) const override {
    const ConvDesc view = view_of(desc);
    const KnobSpace direct = inner().knob_space(view, target);
    std::vector<Knob> knobs = direct.knobs();
    knobs.push_back({kKTasks, {1, 2, 4}, {}});
    const int lanes = target.natural_vector_size<float>();
    const int64_t oc = view.oc;
    return KnobSpace(std::move(knobs), [direct, lanes, oc](const Config& c) {
      const int vectors_k = c.values[0];
      return direct.contains(direct_config(c)) && c.values.back() * lanes * vectors_k <= oc;
    });
  }

  Config baseline(const OpDesc& desc, const Halide::Target& target) const override {
    Config config = inner().baseline(view_of(desc), target);
    config.values.push_back(1);
    return config;
  }

  std::string variant(const OpDesc&) const override {
    return fused_pixels_ ? "1x1 convolution as a GEMM over the fused pixels, packed weights"
                         : "direct convolution, packed weights";
  }

  /// The same work as conv_direct_nhwc on the same view (the packing changes where the
  /// weights are read from, not how many bytes), in k_tasks times the parallel tasks.
  std::optional<CostFeatures> cost_features(const OpDesc& desc, const Config& config,
                                            const Halide::Target& target) const override {
    std::optional<CostFeatures> f =
        inner().cost_features(view_of(desc), direct_config(config), target);
    if (f) f->parallel_tasks *= config.values.back();
    return f;
  }

  ScheduledPipeline build(const OpDesc& desc, const Config& config,
                          const Halide::Target& target) const override {
    const ConvDesc view = view_of(desc);
    const int block = target.natural_vector_size<float>();
    const ConvAlgorithm a = make_conv_algorithm_over_packed_weights(
        view, "kf", block, direct_nhwc_padding_form(view, direct_config(config)));
    schedule_direct_nhwc(a, direct_config(config), /*k_tasks=*/config.values.back(), target);
    ScheduledPipeline scheduled{Halide::Pipeline(a.output), a.arguments()};
    if (fused_pixels_) {
      // inputs(): input, weights, [bias]; then the output. The packing stage reads the weights
      // in the view's shape too; the bias keeps its own.
      scheduled.argument_views = {view.input_shape(), view.weight_shape()};
      if (view.bias) scheduled.argument_views.push_back({});
      scheduled.argument_views.push_back(view.output_shape());
    }
    scheduled.packs.push_back(pack_stage(view, block));
    return scheduled;
  }

 private:
  ConvDesc view_of(const OpDesc& desc) const {
    const auto* conv = dynamic_cast<const ConvDesc*>(&desc);
    if (!conv || !applicable(desc)) {
      throw InputError("template", name() + " schedules NHWC convolutions with a multiple of " +
                                       std::to_string(kChannelMultiple) + " output channels" +
                                       (fused_pixels_ ? " (1x1, stride 1, unpadded)" : "") +
                                       ", not " + desc.to_string());
    }
    return fused_pixels_ ? fused_pixels_view(*conv) : *conv;
  }

  // HWIO (k, c, taps...) -> (k % block, c, taps..., k / block): one contiguous block row per
  // (taps, input channel), vectorised along it, blocks in parallel.
  static PackStage pack_stage(const ConvDesc& conv, int block) {
    const int rank = conv.spatial_rank;
    Halide::ImageParam hwio(Halide::Float(32), rank + 2, "kf_hwio_weights");
    constrain_dense(hwio, conv.weight_shape());
    Var lane("lane"), c("c"), k_block("k_block");
    std::vector<Var> args = {lane, c};
    std::vector<Halide::Expr> hwio_at = {k_block * block + lane, c};
    for (int i = 0; i < rank; ++i) {
      Var tap("tap" + std::to_string(i));
      args.push_back(tap);
      hwio_at.push_back(tap);
    }
    args.push_back(k_block);
    Func packed("kf_packed_weights");
    packed(args) = hwio(hwio_at);
    packed.vectorize(lane, block, TailStrategy::RoundUp).parallel(k_block);
    const std::vector<int64_t> shape = packed_weight_shape(conv, block);
    constrain_dense(packed.output_buffer(), shape);
    PackStage stage;
    stage.input_index = 1;  // inputs(): input, weights, [bias]
    stage.pipeline = Halide::Pipeline(packed);
    stage.arguments = {hwio};
    stage.packed_shape = shape;
    stage.packed_layout = "[oc/" + std::to_string(block) + "][taps][ic][" + std::to_string(block) +
                          "] (HWIO in blocks of " + std::to_string(block) + " output channels)";
    return stage;
  }

  static const ConvTemplate& inner() {
    static const ConvTemplate* direct = find_conv_template("conv_direct_nhwc");
    return *direct;
  }

  bool fused_pixels_;
};

const std::vector<const Template*>& all_packed_templates() {
  static const ConvPackedNhwc direct(false), gemm(true);
  static const std::vector<const Template*> templates = {&direct, &gemm};
  return templates;
}

}  // namespace

std::vector<const Template*> packed_weight_templates_for(const ConvDesc& desc) {
  std::vector<const Template*> result;
  for (const Template* t : all_packed_templates()) {
    if (t->applicable(desc)) result.push_back(t);
  }
  return result;
}

const Template* find_packed_weight_template(const std::string& name) {
  for (const Template* t : all_packed_templates()) {
    if (t->name() == name) return t;
  }
  return nullptr;
}

}  // namespace kf
