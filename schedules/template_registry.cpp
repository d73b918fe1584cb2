// templates_for / find_template over every op family, and schedule_op.
#include "dsl/input_error.h"
#include "schedules/conv_depthwise_template.h"
#include "schedules/conv_gemm_template.h"
#include "schedules/conv_layout_template.h"
#include "schedules/conv_packed_template.h"
#include "schedules/conv_partial_sums_template.h"
#include "schedules/conv_template.h"
#include "schedules/conv_winograd_template.h"
#include "schedules/deconv_as_conv_template.h"
#include "schedules/deconv_template.h"
#include "schedules/image_blob_template.h"
#include "schedules/norm_template.h"
#include "schedules/op_template.h"
#include "schedules/reorder_template.h"
#include "schedules/resize_conv_template.h"
#include "schedules/softmax_template.h"

namespace kf {

std::vector<const Template*> templates_for(const OpDesc& desc) {
  std::vector<const Template*> result;
  if (const auto* conv = dynamic_cast<const ConvDesc*>(&desc)) {
    for (const ConvTemplate* t : conv_templates_for(*conv)) result.push_back(t);
    if (depthwise_applicable(*conv)) result.push_back(&conv_depthwise_nhwc_template());
    for (const Template* t : winograd_templates_for(*conv)) result.push_back(t);
    for (const Template* t : layout_templates_for(*conv)) result.push_back(t);
    for (const Template* t : gemm_templates_for(*conv)) result.push_back(t);
    for (const Template* t : packed_weight_templates_for(*conv)) result.push_back(t);
    if (partial_sums_applicable(*conv)) result.push_back(&conv_partial_sums_nhwc_template());
  }
  if (const auto* deconv = dynamic_cast<const DeconvDesc*>(&desc)) {
    for (const DeconvTemplate* t : deconv_templates_for(*deconv)) result.push_back(t);
    for (const Template* t : deconv_as_conv_templates_for(*deconv)) result.push_back(t);
  }
  if (const auto* norm = dynamic_cast<const NormDesc*>(&desc)) {
    for (const NormTemplate* t : norm_templates_for(*norm)) result.push_back(t);
  }
  if (const auto* softmax = dynamic_cast<const SoftmaxDesc*>(&desc)) {
    for (const SoftmaxTemplate* t : softmax_templates_for(*softmax)) result.push_back(t);
  }
  if (const auto* reorder = dynamic_cast<const ReorderDesc*>(&desc)) {
    for (const ReorderTemplate* t : reorder_templates_for(*reorder)) result.push_back(t);
  }
  if (const auto* blob = dynamic_cast<const ImageBlobDesc*>(&desc)) {
    for (const ImageBlobTemplate* t : image_blob_templates_for(*blob)) result.push_back(t);
  }
  if (const auto* resize = dynamic_cast<const ResizeConvDesc*>(&desc)) {
    for (const ResizeConvTemplate* t : resize_conv_templates_for(*resize)) result.push_back(t);
  }
  return result;
}

const Template* find_template(const std::string& name) {
  if (const ConvTemplate* t = find_conv_template(name)) return t;
  if (name == conv_depthwise_nhwc_template().name()) return &conv_depthwise_nhwc_template();
  if (const Template* t = find_winograd_template(name)) return t;
  if (const Template* t = find_layout_template(name)) return t;
  if (const Template* t = find_gemm_template(name)) return t;
  if (const Template* t = find_packed_weight_template(name)) return t;
  if (name == conv_partial_sums_nhwc_template().name()) return &conv_partial_sums_nhwc_template();
  if (const DeconvTemplate* t = find_deconv_template(name)) return t;
  if (const Template* t = find_deconv_as_conv_template(name)) return t;
  if (const NormTemplate* t = find_norm_template(name)) return t;
  if (const SoftmaxTemplate* t = find_softmax_template(name)) return t;
  if (const ReorderTemplate* t = find_reorder_template(name)) return t;
  if (const ImageBlobTemplate* t = find_image_blob_template(name)) return t;
  if (const ResizeConvTemplate* t = find_resize_conv_template(name)) return t;
  return nullptr;
}

ScheduledPipeline schedule_op(const OpDesc& desc, const Template& tmpl, const Config& config,
                              const Halide::Target& target, OutputStores stores) {
  if (!tmpl.applicable(desc)) {
    throw InputError("template", tmpl.name() + " cannot schedule " + desc.to_string());
  }
  const KnobSpace space = tmpl.knob_space(desc, target);
  if (!space.contains(config)) {
    throw InputError("knobs", "config {" + space.encode(config) + "} is not in the knob space of " +
                                  tmpl.name() + " for this workload");
  }
  ScheduledPipeline scheduled = tmpl.build(desc, config, target);
  if (stores == OutputStores::kAsConfigured && tmpl.streams_output(desc, config)) {
    // Streaming stores are full-vector MOVNTPS only where the address is aligned to the
    // vector; Halide proves that per store from the buffer's declared host alignment (and
    // checks the alignment on entry, failing with halide_error_unaligned_host_ptr).
    for (Halide::Func output : scheduled.pipeline.outputs()) {
      output.output_buffer().set_host_alignment(kStreamingAlignment);
      scheduled.streaming_stores.push_back(output.name());
    }
    scheduled.output_alignment = kStreamingAlignment;
  }
  return scheduled;
}

}  // namespace kf
