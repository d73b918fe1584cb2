// The softmax templates: the generic Template methods of SoftmaxTemplate, the template list, and
// the small helpers the two templates share.
#include "dsl/input_error.h"
#include "schedules/softmax_template.h"

namespace kf {

namespace {

const std::vector<std::unique_ptr<SoftmaxTemplate>>& all_softmax_templates() {
  // A function-local table, not static registration: a static library may drop registrars.
  static const std::vector<std::unique_ptr<SoftmaxTemplate>> templates = [] {
    std::vector<std::unique_ptr<SoftmaxTemplate>> list;
    list.push_back(make_softmax_inner_template());
    list.push_back(make_softmax_strided_template());
    return list;
  }();
  return templates;
}

// The canonical view (dsl/softmax_desc.h) of `desc`, which every template sees.
SoftmaxDesc as_softmax(const OpDesc& desc, const std::string& template_name) {
  const auto* softmax = dynamic_cast<const SoftmaxDesc*>(&desc);
  if (!softmax) {
    throw InputError("template", template_name + " schedules softmax, not " + desc.op());
  }
  return canonical_view(*softmax);
}

}  // namespace

bool softmax_axis_contiguous(const SoftmaxDesc& desc) {
  const std::vector<int64_t> shape = desc.physical_shape();
  for (int i = desc.physical_dim(desc.axis) + 1; i < desc.rank(); ++i) {
    if (shape[i] != 1) return false;
  }
  return true;
}

Halide::Var fuse_loops(Halide::Func func, const std::vector<Halide::Var>& dims) {
  Halide::Var fused = dims.at(0);
  for (size_t i = 1; i < dims.size(); ++i) {
    Halide::Var next(fused.name() + "_" + dims[i].name());
    func.fuse(fused, dims[i], next);
    fused = next;
  }
  return fused;
}

bool SoftmaxTemplate::applicable(const OpDesc& desc) const {
  const auto* softmax = dynamic_cast<const SoftmaxDesc*>(&desc);
  return softmax && applicable(canonical_view(*softmax));
}

KnobSpace SoftmaxTemplate::knob_space(const OpDesc& desc, const Halide::Target& target) const {
  return knob_space(as_softmax(desc, name()), target);
}

Config SoftmaxTemplate::baseline(const OpDesc& desc, const Halide::Target& target) const {
  return baseline(as_softmax(desc, name()), target);
}

ScheduledPipeline SoftmaxTemplate::build(const OpDesc& desc, const Config& config,
                                         const Halide::Target& target) const {
  const SoftmaxDesc view = as_softmax(desc, name());
  const SoftmaxAlgorithm algorithm = make_softmax_algorithm(view, "kf");
  apply(algorithm, config, target);
  ScheduledPipeline scheduled{Halide::Pipeline(algorithm.output), algorithm.arguments()};
  if (view.physical_shape() != static_cast<const SoftmaxDesc&>(desc).physical_shape()) {
    scheduled.argument_views = {view.physical_shape(), view.physical_shape()};
  }
  return scheduled;
}

std::vector<const SoftmaxTemplate*> softmax_templates_for(const SoftmaxDesc& desc) {
  std::vector<const SoftmaxTemplate*> result;
  for (const auto& t : all_softmax_templates()) {
    if (static_cast<const Template&>(*t).applicable(desc)) result.push_back(t.get());
  }
  return result;
}

const SoftmaxTemplate* find_softmax_template(const std::string& name) {
  for (const auto& t : all_softmax_templates()) {
    if (t->name() == name) return t.get();
  }
  return nullptr;
}

}  // namespace kf
