// Template: one way of scheduling one op family, as the tuner, database and emitter see it —
// a name and version, a knob space with a hand baseline, and a function that declares the op's
// algorithm and applies a config. Op families implement it through a typed base (ConvTemplate
// for convolutions) so that their schedules work with concrete descriptors and algorithms.
#pragma once

#include <Halide.h>

#include <string>
#include <vector>

#include "dsl/op_desc.h"
#include "schedules/knob_space.h"

namespace kf {

/// A pipeline with a schedule applied, ready for compilation. `arguments` are the inputs in the
/// order of OpDesc::inputs(); the output comes last in the generated function.
struct ScheduledPipeline {
  Halide::Pipeline pipeline;
  std::vector<Halide::Argument> arguments;
};

class Template {
 public:
  virtual ~Template() = default;

  /// Stable name stored in the database, e.g. "conv_direct_nhwc".
  virtual std::string name() const = 0;
  /// Bumped whenever the meaning of a knob or the generated schedule changes, so that database
  /// records of an older version are not mistaken for this one.
  virtual int version() const = 0;
  /// True when this template can schedule `desc` (op, layout, rank, sizes).
  virtual bool applicable(const OpDesc& desc) const = 0;
  /// The legal configurations for `desc` on `target`.
  virtual KnobSpace knob_space(const OpDesc& desc, const Halide::Target& target) const = 0;
  /// A hand heuristic: what an engineer would write without tuning.
  virtual Config baseline(const OpDesc& desc, const Halide::Target& target) const = 0;
  /// Declares the algorithm of `desc` and applies `config` (assumed in the knob space).
  virtual ScheduledPipeline build(const OpDesc& desc, const Config& config,
                                  const Halide::Target& target) const = 0;
};

/// Every template applicable to `desc`, best-first by expectation.
std::vector<const Template*> templates_for(const OpDesc& desc);

/// The template called `name`, or nullptr.
const Template* find_template(const std::string& name);

/// Checks that `tmpl` applies to `desc` and that `config` is in its knob space (InputError with
/// field "template" or "knobs" otherwise), then builds the scheduled pipeline.
ScheduledPipeline schedule_op(const OpDesc& desc, const Template& tmpl, const Config& config,
                              const Halide::Target& target);

}  // namespace kf
