// ConvTemplate: one way of scheduling the convolution algorithm (dsl/conv_algorithm.h), with
// its knob space and a hand-written baseline. Templates apply Halide directives only; they
// never compile or measure.
#pragma once

#include <Halide.h>

#include <memory>
#include <string>
#include <vector>

#include "dsl/conv_algorithm.h"
#include "schedules/knob_space.h"

namespace kf {

/// A schedule template for forward convolution.
class ConvTemplate {
 public:
  virtual ~ConvTemplate() = default;

  /// Stable name stored in the database, e.g. "conv_direct_nhwc".
  virtual std::string name() const = 0;
  /// Bumped whenever the meaning of a knob or the generated schedule changes, so that database
  /// records of an older version are not mistaken for this one.
  virtual int version() const = 0;
  /// True when this template can schedule `desc` (layout, rank, sizes).
  virtual bool applicable(const ConvDesc& desc) const = 0;
  /// The legal configurations for `desc` on `target`.
  virtual KnobSpace knob_space(const ConvDesc& desc, const Halide::Target& target) const = 0;
  /// A hand heuristic: what an engineer would write without tuning.
  virtual Config baseline(const ConvDesc& desc, const Halide::Target& target) const = 0;
  /// Applies `config` (which must belong to knob_space(desc, target)) to `algorithm`.
  virtual void apply(const ConvAlgorithm& algorithm, const Config& config,
                     const Halide::Target& target) const = 0;
};

/// Every template applicable to `desc`, best-first by expectation.
std::vector<const ConvTemplate*> conv_templates_for(const ConvDesc& desc);

/// The template called `name`, or nullptr.
const ConvTemplate* find_conv_template(const std::string& name);

/// A scheduled pipeline ready for compilation: the algorithm with a template's config applied.
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
