// Ranking a workload's schedules by their trials. A schedule (template, version, knobs) may have
// several ok trials: re-tunes measure the recorded best again, and the tuner re-measures its
// finalists (TuneOptions::finalists). Ranking each schedule by its fastest trial would reward
// the luckiest of many near-equal measurements; a schedule's time here is the median of its
// trials' min_seconds, so one lucky trial moves a schedule only until it is measured again.
#pragma once

#include <optional>
#include <vector>

#include "autotune/tuning_record.h"

namespace kf {

/// One schedule of a workload and what its ok trials say.
struct RankedSchedule {
  /// The trial whose min_seconds is the schedule's time (with the median: the trial at the
  /// median; the upper middle of an even count, so two trials count as the slower one).
  TuningRecord trial;
  double seconds = 0;  ///< == trial.min_seconds
  int trials = 0;      ///< ok trials of the schedule
};

/// The schedules of `records` (ok ones; failures are ignored), fastest first. `records` must
/// belong to one workload, target and thread count. Ties keep the schedule seen first.
std::vector<RankedSchedule> rank_schedules(const std::vector<TuningRecord>& records);

/// The trial that represents the fastest schedule of `records` (rank_schedules' first), or
/// std::nullopt when no record is ok. With one trial per schedule: the fastest ok record.
std::optional<TuningRecord> select_best(const std::vector<TuningRecord>& records);

}  // namespace kf
