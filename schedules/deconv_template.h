// DeconvTemplate: the typed base of transposed-convolution schedule templates. A template
// schedules the sub-pixel algorithm (dsl/deconv_algorithm.h) with Halide directives only; the
// generic Template interface is implemented once here by checking that the descriptor is a
// DeconvDesc and forwarding to the typed methods.
#pragma once

#include <Halide.h>

#include <memory>
#include <string>
#include <vector>

#include "dsl/deconv_algorithm.h"
#include "schedules/op_template.h"

namespace kf {

class DeconvTemplate : public Template {
 public:
  /// True when this template can schedule `desc` (layout, rank, sizes).
  virtual bool applicable(const DeconvDesc& desc) const = 0;
  /// The legal configurations for `desc` on `target`.
  virtual KnobSpace knob_space(const DeconvDesc& desc, const Halide::Target& target) const = 0;
  /// A hand heuristic: what an engineer would write without tuning.
  virtual Config baseline(const DeconvDesc& desc, const Halide::Target& target) const = 0;
  /// Where the pipeline scheduled with `config` reads its weights (a prepacked copy makes
  /// build() add a packing stage, which apply() schedules through algorithm.pack).
  virtual DeconvWeightSource weight_source(const Config& config) const {
    (void)config;
    return DeconvWeightSource::kUserLayout;
  }
  /// The layout the template computes in (padded input and phased accumulators); the
  /// conversion from and to the user's layout is then part of the kernel.
  virtual Layout compute_layout(const DeconvDesc& desc) const { return desc.layout; }
  /// Applies `config` (which must belong to knob_space(desc, target)) to `algorithm`.
  virtual void apply(const DeconvAlgorithm& algorithm, const Config& config,
                     const Halide::Target& target) const = 0;

  // Template, for any OpDesc: only DeconvDesc applies.
  bool applicable(const OpDesc& desc) const final;
  KnobSpace knob_space(const OpDesc& desc, const Halide::Target& target) const final;
  Config baseline(const OpDesc& desc, const Halide::Target& target) const final;
  ScheduledPipeline build(const OpDesc& desc, const Config& config,
                          const Halide::Target& target) const final;
};

/// Every deconvolution template applicable to `desc`, best-first by expectation.
std::vector<const DeconvTemplate*> deconv_templates_for(const DeconvDesc& desc);

/// The deconvolution template called `name`, or nullptr.
const DeconvTemplate* find_deconv_template(const std::string& name);

/// Factories of the built-in templates (one file each).
std::unique_ptr<DeconvTemplate> make_deconv_subpixel_nhwc_template();
std::unique_ptr<DeconvTemplate> make_deconv_subpixel_nchw_template();
/// NHWC tensors computed channels-first (pixels vectorised): for few output channels.
std::unique_ptr<DeconvTemplate> make_deconv_subpixel_nhwc_via_nchw_template();

}  // namespace kf
