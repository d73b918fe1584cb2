// The image_blob templates: the generic Template methods of ImageBlobTemplate and the list.
#include "dsl/input_error.h"
#include "schedules/image_blob_template.h"

namespace kf {

namespace {

const std::vector<std::unique_ptr<ImageBlobTemplate>>& all_image_blob_templates() {
  // A function-local table, not static registration: a static library may drop registrars.
  static const std::vector<std::unique_ptr<ImageBlobTemplate>> templates = [] {
    std::vector<std::unique_ptr<ImageBlobTemplate>> list;
    list.push_back(make_image_blob_rows_template());
    return list;
  }();
  return templates;
}

const ImageBlobDesc& as_image_blob(const OpDesc& desc, const std::string& template_name) {
  const auto* blob = dynamic_cast<const ImageBlobDesc*>(&desc);
  if (!blob)
    throw InputError("template", template_name + " schedules image_blob, not " + desc.op());
  return *blob;
}

}  // namespace

bool ImageBlobTemplate::applicable(const OpDesc& desc) const {
  const auto* blob = dynamic_cast<const ImageBlobDesc*>(&desc);
  return blob && applicable(*blob);
}

KnobSpace ImageBlobTemplate::knob_space(const OpDesc& desc, const Halide::Target& target) const {
  return knob_space(as_image_blob(desc, name()), target);
}

Config ImageBlobTemplate::baseline(const OpDesc& desc, const Halide::Target& target) const {
  return baseline(as_image_blob(desc, name()), target);
}

ScheduledPipeline ImageBlobTemplate::build(const OpDesc& desc, const Config& config,
                                           const Halide::Target& target) const {
  const ImageBlobAlgorithm algorithm = make_image_blob_algorithm(as_image_blob(desc, name()), "kf");
  apply(algorithm, config, target);
  ScheduledPipeline scheduled;
  scheduled.pipeline = Halide::Pipeline(algorithm.output);
  scheduled.arguments = algorithm.arguments();
  return scheduled;
}

std::vector<const ImageBlobTemplate*> image_blob_templates_for(const ImageBlobDesc& desc) {
  std::vector<const ImageBlobTemplate*> result;
  for (const auto& t : all_image_blob_templates()) {
    if (t->applicable(desc)) result.push_back(t.get());
  }
  return result;
}

const ImageBlobTemplate* find_image_blob_template(const std::string& name) {
  for (const auto& t : all_image_blob_templates()) {
    if (t->name() == name) return t.get();
  }
  return nullptr;
}

}  // namespace kf
