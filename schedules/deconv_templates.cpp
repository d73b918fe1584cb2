// The transposed-convolution templates: the generic Template methods of DeconvTemplate and the
// list of deconvolution templates (a function-local table, no static registration).
#include <algorithm>

#include "dsl/input_error.h"
#include "schedules/deconv_template.h"

namespace kf {

namespace {

const std::vector<std::unique_ptr<DeconvTemplate>>& all_deconv_templates() {
  static const std::vector<std::unique_ptr<DeconvTemplate>> templates = [] {
    std::vector<std::unique_ptr<DeconvTemplate>> list;
    list.push_back(make_deconv_subpixel_nhwc_template());
    list.push_back(make_deconv_subpixel_nchw_template());
    list.push_back(make_deconv_subpixel_nhwc_via_nchw_template());
    return list;
  }();
  return templates;
}

const DeconvDesc& as_deconv(const OpDesc& desc, const std::string& template_name) {
  const auto* deconv = dynamic_cast<const DeconvDesc*>(&desc);
  if (!deconv) throw InputError("template", template_name + " schedules deconv, not " + desc.op());
  return *deconv;
}

}  // namespace

bool DeconvTemplate::applicable(const OpDesc& desc) const {
  const auto* deconv = dynamic_cast<const DeconvDesc*>(&desc);
  return deconv && applicable(*deconv);
}

KnobSpace DeconvTemplate::knob_space(const OpDesc& desc, const Halide::Target& target) const {
  return knob_space(as_deconv(desc, name()), target);
}

Config DeconvTemplate::baseline(const OpDesc& desc, const Halide::Target& target) const {
  return baseline(as_deconv(desc, name()), target);
}

ScheduledPipeline DeconvTemplate::build(const OpDesc& desc, const Config& config,
                                        const Halide::Target& target) const {
  const DeconvDesc& deconv = as_deconv(desc, name());
  DeconvAlgorithm algorithm =
      make_deconv_algorithm(deconv, "kf", weight_source(config), compute_layout(deconv));
  apply(algorithm, config, target);
  ScheduledPipeline scheduled{Halide::Pipeline(algorithm.output), algorithm.arguments(), {}};
  if (algorithm.pack.defined()) {
    PackStage stage;
    stage.input_index = 1;  // inputs(): input, weights, [bias]
    stage.pipeline = Halide::Pipeline(algorithm.pack);
    stage.arguments = {algorithm.weights};
    stage.packed_shape = algorithm.packed_shape();
    stage.packed_layout = "[phase...][tap...][ic/groups][oc] (sub-pixel phase-major panels)";
    scheduled.packs.push_back(std::move(stage));
  }
  return scheduled;
}

std::vector<const DeconvTemplate*> deconv_templates_for(const DeconvDesc& desc) {
  std::vector<const DeconvTemplate*> result;
  for (const auto& t : all_deconv_templates()) {
    if (t->applicable(desc)) result.push_back(t.get());
  }
  // Fewer output channels than a (16-lane) vector: channel vectors would be mostly empty, so
  // the channels-first computation (pixels in the vectors) is expected to win.
  if (desc.layout == Layout::kNHWC && desc.oc < 16) {
    std::stable_partition(result.begin(), result.end(), [&](const DeconvTemplate* t) {
      return t->compute_layout(desc) == Layout::kNCHW;
    });
  }
  return result;
}

const DeconvTemplate* find_deconv_template(const std::string& name) {
  for (const auto& t : all_deconv_templates()) {
    if (t->name() == name) return t.get();
  }
  return nullptr;
}

}  // namespace kf
