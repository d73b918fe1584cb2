// TemplateScheduler: warm-up rounds in order, then the lowest optimistic time (see header).
#include "autotune/template_scheduler.h"

#include <cmath>
#include <set>
#include <string>

#include "dsl/input_error.h"

namespace kf {

TemplateScheduler::TemplateScheduler(int templates, std::vector<int> warm_up_order,
                                     double exploration)
    : state_(templates > 0 ? templates : 0),
      warm_up_order_(std::move(warm_up_order)),
      exploration_(exploration) {
  if (templates <= 0) {
    throw InputError("templates",
                     "a tuning run needs at least one template, got " + std::to_string(templates));
  }
  if (!(exploration >= 0 && exploration < 1)) {
    throw InputError("exploration", "must be in [0, 1), got " + std::to_string(exploration));
  }
  std::set<int> listed(warm_up_order_.begin(), warm_up_order_.end());
  if (static_cast<int>(warm_up_order_.size()) != templates || listed.size() != state_.size() ||
      *listed.begin() < 0 || *listed.rbegin() >= templates) {
    throw InputError("warm_up_order",
                     "must list each template index 0.." + std::to_string(templates - 1) + " once");
  }
}

double TemplateScheduler::optimistic_seconds(const TemplateState& s) const {
  return *s.best_seconds * (1.0 - exploration_ / std::sqrt(static_cast<double>(s.rounds)));
}

int TemplateScheduler::cold() const {
  int count = 0;
  for (const TemplateState& s : state_) count += s.rounds == 0 && !s.exhausted;
  return count;
}

std::optional<int> TemplateScheduler::next() const {
  for (int t : warm_up_order_) {
    if (state_[t].rounds == 0 && !state_[t].exhausted) return t;
  }
  // After the warm-up every open template has run at least one round.
  std::optional<int> chosen;
  auto better = [&](int a, int b) {  // is template a a better choice than template b?
    const TemplateState& x = state_[a];
    const TemplateState& y = state_[b];
    if (x.best_seconds.has_value() != y.best_seconds.has_value()) return x.best_seconds.has_value();
    if (x.best_seconds) {
      const double ox = optimistic_seconds(x);
      const double oy = optimistic_seconds(y);
      if (ox != oy) return ox < oy;
    }
    return x.rounds < y.rounds;  // and on a full tie the lower index, seen first
  };
  for (int t = 0; t < static_cast<int>(state_.size()); ++t) {
    if (state_[t].exhausted) continue;
    if (!chosen || better(t, *chosen)) chosen = t;
  }
  return chosen;
}

void TemplateScheduler::record_round(int t, std::optional<double> round_best) {
  TemplateState& s = state_.at(t);
  ++s.rounds;
  if (round_best && (!s.best_seconds || *round_best < *s.best_seconds)) s.best_seconds = round_best;
}

void TemplateScheduler::mark_exhausted(int t) { state_.at(t).exhausted = true; }

}  // namespace kf
