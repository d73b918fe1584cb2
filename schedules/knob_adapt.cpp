// adapt_config: a host-tuned config carried to another target's knob space.
#include "schedules/knob_adapt.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "dsl/input_error.h"

namespace kf {

namespace {

bool is_legal(const Knob& knob, int value) {
  return std::find(knob.values.begin(), knob.values.end(), value) != knob.values.end();
}

std::vector<std::string> knob_names(const KnobSpace& space) {
  std::vector<std::string> names;
  for (const Knob& knob : space.knobs()) names.push_back(knob.name);
  return names;
}

// The target's baseline of `tmpl`, or of the first applicable template when `tmpl` cannot
// schedule `desc`, with the reason it is used.
AdaptedConfig target_baseline(const OpDesc& desc, const Template& tmpl, const Halide::Target& to,
                              std::string reason) {
  const Template* chosen = &tmpl;
  if (!tmpl.applicable(desc)) {
    const std::vector<const Template*> templates = templates_for(desc);
    if (templates.empty()) {
      throw InputError("template", "no template can schedule " + desc.op() + " " + desc.key());
    }
    chosen = templates.front();
  }
  AdaptedConfig result;
  result.tmpl = chosen;
  result.config = chosen->baseline(desc, to);
  result.baseline = true;
  result.reason = std::move(reason);
  return result;
}

// Relative distance between two knob values (so that tile sizes and vector widths compare).
double relative_distance(int value, int wanted) {
  return std::abs(static_cast<double>(value) - wanted) / std::max(1.0, std::abs(1.0 * wanted));
}

// Repairs `config` (each value legal) until `space`'s joint constraint holds: the nearest
// single-knob change, else the target baseline's values knob by knob.
Config satisfy_constraint(const KnobSpace& space, Config config, const Config& baseline) {
  if (space.contains(config)) return config;
  const auto& knobs = space.knobs();
  double best_distance = std::numeric_limits<double>::infinity();
  Config best;
  for (size_t i = 0; i < knobs.size(); ++i) {
    for (int value : knobs[i].values) {
      if (value == config.values[i]) continue;
      const double distance = relative_distance(value, config.values[i]);
      if (distance >= best_distance) continue;
      Config candidate = config;
      candidate.values[i] = value;
      if (space.contains(candidate)) {
        best_distance = distance;
        best = std::move(candidate);
      }
    }
  }
  if (!best.values.empty()) return best;
  for (size_t i = 0; i < knobs.size(); ++i) {
    config.values[i] = baseline.values[i];
    if (space.contains(config)) return config;
  }
  return baseline;
}

}  // namespace

bool is_vector_width_knob(const Knob& knob) { return knob.name == "lanes"; }

int nearest_legal_value(const Knob& knob, double wanted) {
  int best = knob.values.at(0);
  for (int value : knob.values) {
    const double distance = std::abs(value - wanted), best_distance = std::abs(best - wanted);
    if (distance < best_distance || (distance == best_distance && value < best)) best = value;
  }
  return best;
}

AdaptedConfig adapt_config(const OpDesc& desc, const Template& tmpl, const Config& config,
                           const Halide::Target& from, const Halide::Target& to) {
  if (!tmpl.applicable(desc)) {
    return target_baseline(desc, tmpl, to, tmpl.name() + " cannot schedule " + desc.key());
  }
  const KnobSpace host_space = tmpl.knob_space(desc, from);
  if (!host_space.contains(config)) {
    return target_baseline(
        desc, tmpl, to,
        "the config is not in " + tmpl.name() + "'s knob space on " + from.to_string());
  }
  const KnobSpace space = tmpl.knob_space(desc, to);
  if (knob_names(space) != knob_names(host_space)) {
    // Matched by name: a different order would still do, a different set would not.
    std::vector<std::string> host_names = knob_names(host_space), names = knob_names(space);
    std::sort(host_names.begin(), host_names.end());
    std::sort(names.begin(), names.end());
    if (names != host_names) {
      return target_baseline(
          desc, tmpl, to,
          tmpl.name() + " has other knobs on " + to.to_string() + " than on " + from.to_string());
    }
  }

  const Config baseline = tmpl.baseline(desc, to);
  const double width_ratio =
      static_cast<double>(to.natural_vector_size<float>()) / from.natural_vector_size<float>();
  Config adapted;
  adapted.values.resize(space.knobs().size());
  for (size_t i = 0; i < space.knobs().size(); ++i) {
    const Knob& knob = space.knobs()[i];
    const int host_value = config.values[host_space.index_of(knob.name)];
    int value = host_value;
    if (is_vector_width_knob(knob)) {
      value = nearest_legal_value(knob, host_value * width_ratio);
    } else if (!is_legal(knob, value)) {
      value = knob.labels.empty() ? nearest_legal_value(knob, host_value) : baseline.values[i];
    }
    adapted.values[i] = value;
  }
  adapted = satisfy_constraint(space, adapted, baseline);

  AdaptedConfig result;
  result.tmpl = &tmpl;
  result.config = adapted;
  for (size_t i = 0; i < space.knobs().size(); ++i) {
    const Knob& knob = space.knobs()[i];
    const int host_value = config.values[host_space.index_of(knob.name)];
    if (adapted.values[i] != host_value) {
      result.changes.push_back(
          knob.name + " " + host_space.knobs()[host_space.index_of(knob.name)].format(host_value) +
          "->" + knob.format(adapted.values[i]));
    }
  }
  return result;
}

}  // namespace kf
