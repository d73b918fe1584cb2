// templates_for / find_template over every op family, and schedule_op.
#include "dsl/input_error.h"
#include "schedules/conv_template.h"
#include "schedules/op_template.h"

namespace kf {

std::vector<const Template*> templates_for(const OpDesc& desc) {
  std::vector<const Template*> result;
  if (const auto* conv = dynamic_cast<const ConvDesc*>(&desc)) {
    for (const ConvTemplate* t : conv_templates_for(*conv)) result.push_back(t);
  }
  return result;
}

const Template* find_template(const std::string& name) {
  if (const ConvTemplate* t = find_conv_template(name)) return t;
  return nullptr;
}

ScheduledPipeline schedule_op(const OpDesc& desc, const Template& tmpl, const Config& config,
                              const Halide::Target& target) {
  if (!tmpl.applicable(desc)) {
    throw InputError("template", tmpl.name() + " cannot schedule " + desc.to_string());
  }
  const KnobSpace space = tmpl.knob_space(desc, target);
  if (!space.contains(config)) {
    throw InputError("knobs", "config {" + space.encode(config) + "} is not in the knob space of " +
                                  tmpl.name() + " for this workload");
  }
  return tmpl.build(desc, config, target);
}

}  // namespace kf
