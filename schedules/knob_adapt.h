// Carrying a schedule tuned on one CPU target to another without measuring there: a Config
// legal in a template's knob space for the host becomes one legal in the knob space for a
// foreign target (another x86 vector width, or arm-64-linux). Knobs are matched by name; vector
// widths scale with the targets' natural vector widths; every other value that the target does
// not allow moves to its nearest legal value.
#pragma once

#include <Halide.h>

#include <string>
#include <vector>

#include "dsl/op_desc.h"
#include "schedules/knob_space.h"
#include "schedules/op_template.h"

namespace kf {

/// What adapt_config made of a host config.
struct AdaptedConfig {
  /// The template of the result: the one given, or the first template applicable to the
  /// workload when the given one is not.
  const Template* tmpl = nullptr;
  /// A config in tmpl->knob_space(desc, to).
  Config config;
  /// True when the host config could not be carried over and `config` is the target's
  /// baseline; `reason` then says why.
  bool baseline = false;
  std::string reason;
  /// The knobs whose value changed, as "name old->new" (empty for a baseline).
  std::vector<std::string> changes;
};

/// True for knobs that are a vector width in elements (the knobs called "lanes"): adapt_config
/// scales them by the ratio of the targets' natural vector widths (16 floats on AVX-512, 8 on
/// AVX2, 4 on NEON).
bool is_vector_width_knob(const Knob& knob);

/// The legal value of `knob` nearest to `wanted`; the smaller of two equally near ones (fewer
/// registers and shorter tails). `knob` must have at least one value.
int nearest_legal_value(const Knob& knob, double wanted);

/// Maps `config`, legal in tmpl.knob_space(desc, from), to a config legal in
/// tmpl.knob_space(desc, to):
///  - knobs are matched by name; a knob space whose names differ on the two targets, a
///    template that cannot schedule `desc`, or a config outside the host space gives the
///    target's baseline (of the first applicable template when `tmpl` is not applicable);
///  - vector-width knobs (is_vector_width_knob) are scaled by natural_vector_size<float>(to) /
///    natural_vector_size<float>(from) and then rounded to the nearest legal value;
///  - other numeric knobs keep their value when it is legal on `to`, and take the nearest legal
///    value otherwise; enumerated knobs (with labels) take the target baseline's value when
///    theirs is not legal;
///  - when the result breaks the space's joint constraint, the single-knob change nearest to it
///    that satisfies the constraint is taken, and failing that the knobs are set to the target
///    baseline's values one by one (in knob order) until it holds.
/// Throws InputError (field "template") when no template can schedule `desc`.
AdaptedConfig adapt_config(const OpDesc& desc, const Template& tmpl, const Config& config,
                           const Halide::Target& from, const Halide::Target& to);

}  // namespace kf
