// Running and recording the trials of one tuning run. A trial is one config of one template:
// compiled, checked against the reference and timed (autotune/trial_measurement.h), in a forked
// child unless told otherwise (autotune/guarded_batch.h), then committed to the database and
// reported. The search (tuner.cpp) decides what to try; the TrialRunner decides nothing, it
// measures and keeps the books: the run's records, trial indices and the outcome's totals.
#pragma once

#include <chrono>
#include <functional>
#include <vector>

#include "autotune/database.h"
#include "autotune/guarded_trial.h"
#include "autotune/problem.h"
#include "autotune/tuner.h"
#include "dsl/op_desc.h"
#include "jit/jit_session.h"
#include "schedules/op_template.h"

namespace kf {

/// One trial as the search sees it: the config it proposed and the record committed for it.
struct Trial {
  Config config;
  TuningRecord record;
};

/// Runs the trials of one tuning run of `desc` on one Problem (drawn from options.seed).
/// Every object passed by reference must outlive the runner.
class TrialRunner {
 public:
  /// `prototype` holds what every record of the run shares (workload, op, target, threads, tool
  /// versions, seed); `is_baseline` tells the hand baseline's records; `outcome` receives the
  /// running totals (trials, failures, best, baseline, elapsed time since `start`), and
  /// `on_trial` (may be empty) is called after each commit. Sets the session's thread count.
  TrialRunner(const OpDesc& desc, JitSession& session, Database& database,
              const TuneOptions& options, TuningRecord prototype,
              std::function<bool(const TuningRecord&)> is_baseline, const TrialCallback& on_trial,
              TuneOutcome& outcome, std::chrono::steady_clock::time_point start);

  /// Compiles `configs` of `tmpl` (configs of `space`) side by side, then checks and times each
  /// with nothing else running; commits each trial to the database, failures included, and
  /// reports it, in the order of `configs`. Returns the trials in that order.
  std::vector<Trial> run(const Template& tmpl, const KnobSpace& space,
                         const std::vector<Config>& configs);

  /// This run's records so far, in trial order.
  const std::vector<TuningRecord>& records() const { return records_; }

 private:
  std::vector<TrialResult> execute(const Template& tmpl, const std::vector<Config>& configs);
  TuningRecord commit(const Template& tmpl, const KnobSpace& space, const Config& config,
                      const TrialResult& result);

  const OpDesc& desc_;
  JitSession& session_;
  Database& database_;
  const TuneOptions& options_;
  const TuningRecord prototype_;
  const std::function<bool(const TuningRecord&)> is_baseline_;
  const TrialCallback& on_trial_;
  TuneOutcome& outcome_;
  const std::chrono::steady_clock::time_point start_;
  Problem problem_;
  std::vector<TuningRecord> records_;
  int next_trial_index_ = 0;
};

}  // namespace kf
