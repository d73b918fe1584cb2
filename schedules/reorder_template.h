// ReorderTemplate: the typed base of layout-conversion schedule templates
// (dsl/reorder_algorithm.h), and the list of them. reorder_tiled covers every conversion: a
// tile of (destination-innermost x source-innermost) elements per step, vectorised along either
// side, the source tile optionally staged so that both loads and stores are contiguous.
#pragma once

#include <Halide.h>

#include <memory>
#include <string>
#include <vector>

#include "dsl/reorder_algorithm.h"
#include "schedules/op_template.h"

namespace kf {

class ReorderTemplate : public Template {
 public:
  /// True when this template can schedule `desc`.
  virtual bool applicable(const ReorderDesc& desc) const = 0;
  /// The legal configurations for `desc` on `target`.
  virtual KnobSpace knob_space(const ReorderDesc& desc, const Halide::Target& target) const = 0;
  /// A hand heuristic: what an engineer would write without tuning.
  virtual Config baseline(const ReorderDesc& desc, const Halide::Target& target) const = 0;
  /// Applies `config` (which must belong to knob_space(desc, target)) to `algorithm`.
  virtual void apply(const ReorderAlgorithm& algorithm, const Config& config,
                     const Halide::Target& target) const = 0;

  // Template, for any OpDesc: only ReorderDesc applies.
  bool applicable(const OpDesc& desc) const final;
  KnobSpace knob_space(const OpDesc& desc, const Halide::Target& target) const final;
  Config baseline(const OpDesc& desc, const Halide::Target& target) const final;
  ScheduledPipeline build(const OpDesc& desc, const Config& config,
                          const Halide::Target& target) const final;
};

/// Every reorder template applicable to `desc`.
std::vector<const ReorderTemplate*> reorder_templates_for(const ReorderDesc& desc);

/// The reorder template called `name`, or nullptr.
const ReorderTemplate* find_reorder_template(const std::string& name);

std::unique_ptr<ReorderTemplate> make_reorder_tiled_template();

}  // namespace kf
