// ResizeConvTemplate: the typed base of resize-convolution schedule templates. A template
// schedules the fused algorithm (dsl/resize_conv_algorithm.h) with Halide directives only; the
// generic Template interface is implemented once here by checking that the descriptor is a
// ResizeConvDesc and forwarding to the typed methods.
#pragma once

#include <Halide.h>

#include <memory>
#include <string>
#include <vector>

#include "dsl/resize_conv_algorithm.h"
#include "schedules/op_template.h"

namespace kf {

class ResizeConvTemplate : public Template {
 public:
  /// True when this template can schedule `desc` (layout, rank, sizes).
  virtual bool applicable(const ResizeConvDesc& desc) const = 0;
  /// The legal configurations for `desc` on `target`.
  virtual KnobSpace knob_space(const ResizeConvDesc& desc, const Halide::Target& target) const = 0;
  /// A hand heuristic: what an engineer would write without tuning.
  virtual Config baseline(const ResizeConvDesc& desc, const Halide::Target& target) const = 0;
  /// Applies `config` (which must belong to knob_space(desc, target)) to `algorithm`.
  virtual void apply(const ResizeConvAlgorithm& algorithm, const Config& config,
                     const Halide::Target& target) const = 0;

  // Template, for any OpDesc: only ResizeConvDesc applies.
  bool applicable(const OpDesc& desc) const final;
  KnobSpace knob_space(const OpDesc& desc, const Halide::Target& target) const final;
  Config baseline(const OpDesc& desc, const Halide::Target& target) const final;
  ScheduledPipeline build(const OpDesc& desc, const Config& config,
                          const Halide::Target& target) const final;
};

/// Every resize-convolution template applicable to `desc`, best-first by expectation.
std::vector<const ResizeConvTemplate*> resize_conv_templates_for(const ResizeConvDesc& desc);

/// The resize-convolution template called `name`, or nullptr.
const ResizeConvTemplate* find_resize_conv_template(const std::string& name);

/// Factories of the built-in templates: direct convolution over the fused upsampling, for
/// channels-last and channels-first tensors (schedules/resize_conv_direct.cpp).
std::unique_ptr<ResizeConvTemplate> make_resize_conv_direct_nhwc_template();
std::unique_ptr<ResizeConvTemplate> make_resize_conv_direct_nchw_template();

}  // namespace kf
