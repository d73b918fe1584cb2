// The reorder templates: the generic Template methods of ReorderTemplate and the template list.
#include "dsl/input_error.h"
#include "schedules/reorder_template.h"

namespace kf {

namespace {

const std::vector<std::unique_ptr<ReorderTemplate>>& all_reorder_templates() {
  // A function-local table, not static registration: a static library may drop registrars.
  static const std::vector<std::unique_ptr<ReorderTemplate>> templates = [] {
    std::vector<std::unique_ptr<ReorderTemplate>> list;
    list.push_back(make_reorder_tiled_template());
    return list;
  }();
  return templates;
}

const ReorderDesc& as_reorder(const OpDesc& desc, const std::string& template_name) {
  const auto* reorder = dynamic_cast<const ReorderDesc*>(&desc);
  if (!reorder) {
    throw InputError("template", template_name + " schedules reorder, not " + desc.op());
  }
  return *reorder;
}

}  // namespace

bool ReorderTemplate::applicable(const OpDesc& desc) const {
  const auto* reorder = dynamic_cast<const ReorderDesc*>(&desc);
  return reorder && applicable(*reorder);
}

KnobSpace ReorderTemplate::knob_space(const OpDesc& desc, const Halide::Target& target) const {
  return knob_space(as_reorder(desc, name()), target);
}

Config ReorderTemplate::baseline(const OpDesc& desc, const Halide::Target& target) const {
  return baseline(as_reorder(desc, name()), target);
}

ScheduledPipeline ReorderTemplate::build(const OpDesc& desc, const Config& config,
                                         const Halide::Target& target) const {
  const ReorderAlgorithm algorithm = make_reorder_algorithm(as_reorder(desc, name()), "kf");
  apply(algorithm, config, target);
  return ScheduledPipeline{Halide::Pipeline(algorithm.output), algorithm.arguments()};
}

std::vector<const ReorderTemplate*> reorder_templates_for(const ReorderDesc& desc) {
  std::vector<const ReorderTemplate*> result;
  for (const auto& t : all_reorder_templates()) {
    if (t->applicable(desc)) result.push_back(t.get());
  }
  return result;
}

const ReorderTemplate* find_reorder_template(const std::string& name) {
  for (const auto& t : all_reorder_templates()) {
    if (t->name() == name) return t.get();
  }
  return nullptr;
}

}  // namespace kf
