// deconv_as_<conv template>: a stride-1 transposed convolution computed as the forward
// convolution with reversed taps (dsl/deconv_as_conv.h), by a convolution template.
//
// Two ways to hand the convolution its weights, both once per set of weights, ahead of the
// calls: the Winograd templates' packing stage (the weight transform G g G^T) reads the
// deconvolution's weights through the flipping view directly; templates that read their
// weights in place get a packing stage of their own that writes the flipped weights in the
// convolution's layout (HWIO for NHWC, OIHW for NCHW).
#include "dsl/deconv_as_conv.h"

#include <memory>

#include "dsl/deconv_as_conv_weights.h"
#include "dsl/dense_bounds.h"
#include "dsl/input_error.h"
#include "schedules/conv_gemm_template.h"
#include "schedules/conv_template.h"
#include "schedules/conv_winograd_template.h"
#include "schedules/deconv_as_conv_template.h"

namespace kf {

namespace {

// The adapter's own part of version(): bumped when the mapping or the flip stage changes.
constexpr int kAdapterVersion = 1;

class DeconvAsConv final : public Template {
 public:
  /// Adapts `conv` (a template of the convolution op that outlives this one); `winograd` says
  /// whether it is a Winograd template (build_winograd), else it must read its weights in place.
  DeconvAsConv(const Template& conv, bool winograd) : conv_(conv), winograd_(winograd) {}

  std::string name() const override { return "deconv_as_" + conv_.name(); }
  int version() const override { return kAdapterVersion * 1000 + conv_.version(); }

  bool applicable(const OpDesc& desc) const override {
    const auto* deconv = dynamic_cast<const DeconvDesc*>(&desc);
    if (!deconv) return false;
    const std::optional<ConvDesc> conv = forward_conv_of(*deconv);
    return conv && conv_.applicable(*conv);
  }

  KnobSpace knob_space(const OpDesc& desc, const Halide::Target& target) const override {
    return conv_.knob_space(forward_conv(desc), target);
  }

  Config baseline(const OpDesc& desc, const Halide::Target& target) const override {
    return conv_.baseline(forward_conv(desc), target);
  }

  double tolerance(const OpDesc& desc) const override {
    // The convolution template's error beyond its op's own bound, on top of this op's bound
    // (the two ops' bounds agree at stride 1: the same reduction length).
    const ConvDesc conv = forward_conv(desc);
    return desc.tolerance() + std::max(0.0, conv_.tolerance(conv) - conv.tolerance());
  }

  std::string variant(const OpDesc& desc) const override {
    return conv_.variant(forward_conv(desc)) + " (as a convolution, taps reversed)";
  }

  std::optional<CostFeatures> cost_features(const OpDesc& desc, const Config& config,
                                            const Halide::Target& target) const override {
    return conv_.cost_features(forward_conv(desc), config, target);
  }

  bool streams_output(const OpDesc& desc, const Config& config) const override {
    return conv_.streams_output(forward_conv(desc), config);
  }

  ScheduledPipeline build(const OpDesc& desc, const Config& config,
                          const Halide::Target& target) const override {
    const DeconvDesc& deconv = as_deconv(desc);
    const ConvDesc conv = forward_conv(desc);
    Halide::ImageParam weights(Halide::Float(32), deconv.spatial_rank + 2, "kf_deconv_weights");
    constrain_dense(weights, deconv.weight_shape());
    Halide::Func flipped = conv_weights_of(deconv, weights, "kf_flipped_weights");
    if (winograd_) {
      return build_winograd(conv_, conv, config, target,
                            WinogradWeightSource{weights, deconv.weight_shape(), flipped});
    }
    ScheduledPipeline scheduled = conv_.build(conv, config, target);
    if (!scheduled.packs.empty()) {
      throw InputError("template", name() + ": " + conv_.name() + " packs its own weights");
    }
    // Templates that take the weights reshaped (the GEMM's [kh*kw*ic][oc] view of HWIO) get
    // the packed tensor in that shape; the user's weights keep their own.
    std::vector<int64_t> packed_shape = conv.weight_shape();
    if (scheduled.argument_views.size() > 1 && !scheduled.argument_views[1].empty()) {
      packed_shape = scheduled.argument_views[1];
      scheduled.argument_views[1].clear();
    }
    Halide::Func packed = packed_shape == conv.weight_shape()
                              ? flipped
                              : reshaped(flipped, conv.weight_shape(), packed_shape);
    const int lanes = target.natural_vector_size<float>();
    packed.vectorize(packed.args()[0], lanes, Halide::TailStrategy::GuardWithIf);
    constrain_dense(packed.output_buffer(), packed_shape);
    PackStage stage;
    stage.input_index = 1;  // inputs(): input, weights, [bias]
    stage.pipeline = Halide::Pipeline(packed);
    stage.arguments = {weights};
    stage.packed_shape = packed_shape;
    stage.packed_layout = conv.layout == Layout::kNCHW
                              ? "OIHW of the equivalent convolution (taps reversed)"
                              : "HWIO of the equivalent convolution (taps reversed)";
    scheduled.packs.push_back(std::move(stage));
    return scheduled;
  }

 private:
  // `dense` (a Func over a dense tensor of `shape`, outermost first) read as the same memory
  // of `view` shape.
  static Halide::Func reshaped(const Halide::Func& dense, const std::vector<int64_t>& shape,
                               const std::vector<int64_t>& view) {
    std::vector<Halide::Var> args;
    Halide::Expr flat = 0, stride = 1;
    for (size_t i = 0; i < view.size(); ++i) {  // innermost first
      args.emplace_back("v" + std::to_string(i));
      flat += args.back() * stride;
      stride *= static_cast<int>(view[view.size() - 1 - i]);
    }
    std::vector<Halide::Expr> at;
    for (size_t i = 0; i < shape.size(); ++i) {
      const int extent = static_cast<int>(shape[shape.size() - 1 - i]);
      at.push_back(i + 1 < shape.size() ? flat % extent : flat);
      flat = flat / extent;
    }
    Halide::Func result(dense.name() + "_reshaped");
    result(args) = dense(at);
    return result;
  }

  const DeconvDesc& as_deconv(const OpDesc& desc) const {
    const auto* deconv = dynamic_cast<const DeconvDesc*>(&desc);
    if (!deconv) throw InputError("template", name() + " schedules deconv, not " + desc.op());
    return *deconv;
  }

  ConvDesc forward_conv(const OpDesc& desc) const {
    const std::optional<ConvDesc> conv = forward_conv_of(as_deconv(desc));
    if (!conv) {
      throw InputError("template", name() + " needs stride 1 and pads within the kernel, not " +
                                       desc.to_string());
    }
    return *conv;
  }

  const Template& conv_;
  bool winograd_;
};

const std::vector<std::unique_ptr<Template>>& all_deconv_as_conv_templates() {
  static const std::vector<std::unique_ptr<Template>> templates = [] {
    std::vector<std::unique_ptr<Template>> list;
    for (const char* name : {"conv_direct_nhwc", "conv_direct_nchw"}) {
      list.push_back(std::make_unique<DeconvAsConv>(*find_conv_template(name), false));
    }
    list.push_back(
        std::make_unique<DeconvAsConv>(*find_gemm_template("conv_gemm_1x1_nhwc"), false));
    for (const char* name : {"conv_winograd_f2_nhwc", "conv_winograd_f4_nhwc",
                             "conv_winograd_f2_nchw_via_nhwc", "conv_winograd_f4_nchw_via_nhwc"}) {
      list.push_back(std::make_unique<DeconvAsConv>(*find_winograd_template(name), true));
    }
    return list;
  }();
  return templates;
}

}  // namespace

std::vector<const Template*> deconv_as_conv_templates_for(const DeconvDesc& desc) {
  std::vector<const Template*> result;
  for (const auto& t : all_deconv_as_conv_templates()) {
    if (t->applicable(desc)) result.push_back(t.get());
  }
  return result;
}

const Template* find_deconv_as_conv_template(const std::string& name) {
  for (const auto& t : all_deconv_as_conv_templates()) {
    if (t->name() == name) return t.get();
  }
  return nullptr;
}

}  // namespace kf
