// The resize-convolution templates: the generic Template methods of ResizeConvTemplate and the
// list of resize-convolution templates (a function-local table, no static registration).
#include "dsl/input_error.h"
#include "schedules/resize_conv_template.h"

namespace kf {

namespace {

const std::vector<std::unique_ptr<ResizeConvTemplate>>& all_resize_conv_templates() {
  static const std::vector<std::unique_ptr<ResizeConvTemplate>> templates = [] {
    std::vector<std::unique_ptr<ResizeConvTemplate>> list;
    list.push_back(make_resize_conv_direct_nhwc_template());
    list.push_back(make_resize_conv_direct_nchw_template());
    return list;
  }();
  return templates;
}

const ResizeConvDesc& as_resize_conv(const OpDesc& desc, const std::string& template_name) {
  const auto* resize = dynamic_cast<const ResizeConvDesc*>(&desc);
  if (!resize) {
    throw InputError("template", template_name + " schedules resize_conv, not " + desc.op());
  }
  return *resize;
}

}  // namespace

bool ResizeConvTemplate::applicable(const OpDesc& desc) const {
  const auto* resize = dynamic_cast<const ResizeConvDesc*>(&desc);
  return resize && applicable(*resize);
}

KnobSpace ResizeConvTemplate::knob_space(const OpDesc& desc, const Halide::Target& target) const {
  return knob_space(as_resize_conv(desc, name()), target);
}

Config ResizeConvTemplate::baseline(const OpDesc& desc, const Halide::Target& target) const {
  return baseline(as_resize_conv(desc, name()), target);
}

ScheduledPipeline ResizeConvTemplate::build(const OpDesc& desc, const Config& config,
                                            const Halide::Target& target) const {
  const ResizeConvAlgorithm algorithm =
      make_resize_conv_algorithm(as_resize_conv(desc, name()), "kf");
  apply(algorithm, config, target);
  ScheduledPipeline scheduled;
  scheduled.pipeline = Halide::Pipeline(algorithm.conv.output);
  scheduled.arguments = algorithm.arguments();
  return scheduled;
}

std::vector<const ResizeConvTemplate*> resize_conv_templates_for(const ResizeConvDesc& desc) {
  std::vector<const ResizeConvTemplate*> result;
  for (const auto& t : all_resize_conv_templates()) {
    if (t->applicable(desc)) result.push_back(t.get());
  }
  return result;
}

const ResizeConvTemplate* find_resize_conv_template(const std::string& name) {
  for (const auto& t : all_resize_conv_templates()) {
    if (t->name() == name) return t.get();
  }
  return nullptr;
}

}  // namespace kf
