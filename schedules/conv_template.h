// ConvTemplate: the typed base of convolution schedule templates. A template schedules the
// convolution algorithm (dsl/conv_algorithm.h) with Halide directives only; it never compiles or
// measures. The generic Template interface is implemented here once, by checking that the
// descriptor is a ConvDesc and forwarding to the typed methods.
#pragma once

#include <Halide.h>

#include <memory>
#include <string>
#include <vector>

#include "dsl/conv_algorithm.h"
#include "schedules/op_template.h"

namespace kf {

class ConvTemplate : public Template {
 public:
  /// True when this template can schedule `desc` (layout, rank, sizes).
  virtual bool applicable(const ConvDesc& desc) const = 0;
  /// The legal configurations for `desc` on `target`.
  virtual KnobSpace knob_space(const ConvDesc& desc, const Halide::Target& target) const = 0;
  /// A hand heuristic: what an engineer would write without tuning.
  virtual Config baseline(const ConvDesc& desc, const Halide::Target& target) const = 0;
  /// How the algorithm that `config` applies to declares its padded input (schedule_conv
  /// declares it so): the boundary condition unless the template stores the padding by copy.
  virtual PaddingForm padding_form(const ConvDesc& desc, const Config& config) const;
  /// Applies `config` (which must belong to knob_space(desc, target)) to `algorithm`, declared
  /// in padding_form(desc, config).
  virtual void apply(const ConvAlgorithm& algorithm, const Config& config,
                     const Halide::Target& target) const = 0;

  // Template, for any OpDesc: only ConvDesc applies.
  bool applicable(const OpDesc& desc) const final;
  KnobSpace knob_space(const OpDesc& desc, const Halide::Target& target) const final;
  Config baseline(const OpDesc& desc, const Halide::Target& target) const final;
  ScheduledPipeline build(const OpDesc& desc, const Config& config,
                          const Halide::Target& target) const final;
};

/// Every convolution template applicable to `desc`, best-first by expectation.
std::vector<const ConvTemplate*> conv_templates_for(const ConvDesc& desc);

/// The convolution template called `name`, or nullptr.
const ConvTemplate* find_conv_template(const std::string& name);

/// A scheduled convolution: the algorithm's handles as well as the pipeline.
struct ScheduledConv {
  ConvAlgorithm algorithm;
  Halide::Pipeline pipeline;
  std::vector<Halide::Argument> arguments;
};

/// Declares the algorithm for `desc` and applies `config` of `tmpl`. Throws InputError if the
/// config is not in the template's knob space for this workload and target.
ScheduledConv schedule_conv(const ConvDesc& desc, const ConvTemplate& tmpl, const Config& config,
                            const Halide::Target& target);

/// Factories of the built-in templates (one file each).
std::unique_ptr<ConvTemplate> make_conv_direct_nhwc_template();
std::unique_ptr<ConvTemplate> make_conv_direct_nchw_template();

}  // namespace kf
