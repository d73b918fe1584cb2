// SoftmaxTemplate: the typed base of softmax schedule templates (dsl/softmax_algorithm.h), and
// the list of them. Two templates cover every axis and layout:
//   softmax_inner    the axis is contiguous in memory (NHWC channels, NCHW's W, NC's C, or any
//                    axis whose inner dims all have extent 1): reductions vectorised along the
//                    axis with rfactor, rows of the other dims in parallel
//   softmax_strided  the axis has a stride (NCHW channels, NHWC's H, ...): vectorised along the
//                    innermost dim, a strip of it reduced over the axis at a time
#pragma once

#include <Halide.h>

#include <memory>
#include <string>
#include <vector>

#include "dsl/softmax_algorithm.h"
#include "schedules/op_template.h"

namespace kf {

/// The typed methods take the canonical view of the user's softmax (canonical_view in
/// dsl/softmax_desc.h: (outer, axis[, inner])); the Template methods convert, and build() gives
/// the pipeline argument_views when the view's shape differs from the user's.
class SoftmaxTemplate : public Template {
 public:
  // Template, for any OpDesc: only SoftmaxDesc applies.
  bool applicable(const OpDesc& desc) const final;
  KnobSpace knob_space(const OpDesc& desc, const Halide::Target& target) const final;
  Config baseline(const OpDesc& desc, const Halide::Target& target) const final;
  ScheduledPipeline build(const OpDesc& desc, const Config& config,
                          const Halide::Target& target) const final;

  // The typed methods, on the canonical view only (the Template methods above convert).
  // Protected so that no caller hands them the user's descriptor.
 protected:
  /// True when this template can schedule `desc`.
  virtual bool applicable(const SoftmaxDesc& desc) const = 0;
  /// The legal configurations for `desc` on `target`.
  virtual KnobSpace knob_space(const SoftmaxDesc& desc, const Halide::Target& target) const = 0;
  /// A hand heuristic: what an engineer would write without tuning.
  virtual Config baseline(const SoftmaxDesc& desc, const Halide::Target& target) const = 0;
  /// Applies `config` (which must belong to knob_space(desc, target)) to `algorithm`.
  virtual void apply(const SoftmaxAlgorithm& algorithm, const Config& config,
                     const Halide::Target& target) const = 0;
};

/// Every softmax template applicable to `desc` (exactly one: inner or strided).
std::vector<const SoftmaxTemplate*> softmax_templates_for(const SoftmaxDesc& desc);

/// The softmax template called `name`, or nullptr.
const SoftmaxTemplate* find_softmax_template(const std::string& name);

/// True when the axis of `desc` is contiguous in memory (every dim inside it has extent 1).
bool softmax_axis_contiguous(const SoftmaxDesc& desc);

/// Fuses `dims` of `func` (innermost first, already adjacent in its loop order) into one loop
/// and returns it; returns dims[0] unchanged when there is one.
Halide::Var fuse_loops(Halide::Func func, const std::vector<Halide::Var>& dims);

std::unique_ptr<SoftmaxTemplate> make_softmax_inner_template();
std::unique_ptr<SoftmaxTemplate> make_softmax_strided_template();

}  // namespace kf
