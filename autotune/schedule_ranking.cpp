// rank_schedules and select_best (see schedule_ranking.h).
#include "autotune/schedule_ranking.h"

#include <algorithm>
#include <map>
#include <string>
#include <tuple>

namespace kf {

std::vector<RankedSchedule> rank_schedules(const std::vector<TuningRecord>& records) {
  // Ok trials per schedule, the schedules in the order they first appear.
  using Key = std::tuple<std::string, int, std::string>;
  std::map<Key, size_t> index_of;
  std::vector<std::vector<const TuningRecord*>> trials;
  for (const TuningRecord& r : records) {
    if (r.status != TrialStatus::kOk) continue;
    auto [it, inserted] =
        index_of.try_emplace(Key{r.template_name, r.template_version, r.knobs}, trials.size());
    if (inserted) trials.emplace_back();
    trials[it->second].push_back(&r);
  }
  std::vector<RankedSchedule> ranked;
  ranked.reserve(trials.size());
  for (std::vector<const TuningRecord*>& of_schedule : trials) {
    // Stable: among equal times the earlier trial represents the schedule.
    std::stable_sort(of_schedule.begin(), of_schedule.end(),
                     [](const TuningRecord* a, const TuningRecord* b) {
                       return a->min_seconds < b->min_seconds;
                     });
    const TuningRecord& median = *of_schedule[of_schedule.size() / 2];
    ranked.push_back(
        RankedSchedule{median, median.min_seconds, static_cast<int>(of_schedule.size())});
  }
  std::stable_sort(
      ranked.begin(), ranked.end(),
      [](const RankedSchedule& a, const RankedSchedule& b) { return a.seconds < b.seconds; });
  return ranked;
}

std::optional<TuningRecord> select_best(const std::vector<TuningRecord>& records) {
  std::vector<RankedSchedule> ranked = rank_schedules(records);
  if (ranked.empty()) return std::nullopt;
  return std::move(ranked.front().trial);
}

}  // namespace kf
