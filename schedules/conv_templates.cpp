// The convolution templates: the generic Template methods of ConvTemplate, the list of
// convolution templates, and schedule_conv(), which joins algorithm and schedule.
#include "dsl/input_error.h"
#include "schedules/conv_template.h"

namespace kf {

namespace {

const std::vector<std::unique_ptr<ConvTemplate>>& all_conv_templates() {
  // A function-local table, not static registration: a static library may drop registrars.
  static const std::vector<std::unique_ptr<ConvTemplate>> templates = [] {
    std::vector<std::unique_ptr<ConvTemplate>> list;
    list.push_back(make_conv_direct_nhwc_template());
    list.push_back(make_conv_direct_nchw_template());
    return list;
  }();
  return templates;
}

const ConvDesc& as_conv(const OpDesc& desc, const std::string& template_name) {
  const auto* conv = dynamic_cast<const ConvDesc*>(&desc);
  if (!conv) throw InputError("template", template_name + " schedules conv, not " + desc.op());
  return *conv;
}

}  // namespace

bool ConvTemplate::applicable(const OpDesc& desc) const {
  const auto* conv = dynamic_cast<const ConvDesc*>(&desc);
  return conv && applicable(*conv);
}

KnobSpace ConvTemplate::knob_space(const OpDesc& desc, const Halide::Target& target) const {
  return knob_space(as_conv(desc, name()), target);
}

Config ConvTemplate::baseline(const OpDesc& desc, const Halide::Target& target) const {
  return baseline(as_conv(desc, name()), target);
}

PaddingForm ConvTemplate::padding_form(const ConvDesc&, const Config&) const {
  return PaddingForm::kBoundaryCondition;
}

ScheduledPipeline ConvTemplate::build(const OpDesc& desc, const Config& config,
                                      const Halide::Target& target) const {
  ScheduledConv scheduled = schedule_conv(as_conv(desc, name()), *this, config, target);
  return ScheduledPipeline{scheduled.pipeline, scheduled.arguments};
}

std::vector<const ConvTemplate*> conv_templates_for(const ConvDesc& desc) {
  std::vector<const ConvTemplate*> result;
  for (const auto& t : all_conv_templates()) {
    if (t->applicable(desc)) result.push_back(t.get());
  }
  return result;
}

const ConvTemplate* find_conv_template(const std::string& name) {
  for (const auto& t : all_conv_templates()) {
    if (t->name() == name) return t.get();
  }
  return nullptr;
}

ScheduledConv schedule_conv(const ConvDesc& desc, const ConvTemplate& tmpl, const Config& config,
                            const Halide::Target& target) {
  if (!tmpl.applicable(desc)) {
    throw InputError("template", tmpl.name() + " cannot schedule " + to_string(desc));
  }
  const KnobSpace space = tmpl.knob_space(desc, target);
  if (!space.contains(config)) {
    throw InputError("knobs", "config {" + space.encode(config) + "} is not in the knob space of " +
                                  tmpl.name() + " for this workload");
  }
  ScheduledConv scheduled{
      make_conv_algorithm(desc, "kf", tmpl.padding_form(desc, config)), Halide::Pipeline(), {}};
  tmpl.apply(scheduled.algorithm, config, target);
  scheduled.pipeline = Halide::Pipeline(scheduled.algorithm.output);
  scheduled.arguments = scheduled.algorithm.arguments();
  return scheduled;
}

}  // namespace kf
