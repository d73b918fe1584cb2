// TuneProgress: what `kforge tune` tells its user while and after it tunes.
//
// Three outputs, each switched on by the setup:
//  - live (stderr is a terminal): one line per workload, rewritten after each trial with trials
//    done/budget, best GFLOP/s and % of peak, elapsed time and an ETA (the earlier end of the
//    trial budget and the time budget), then left as the workload's final line (tuned or from
//    the database, trials, failures, best, whether the patience rule stopped it early). Without a
//    terminal only the final line is written, and with --json not even that.
//  - JSON lines (--json) on stdout: {"event":"trial",...} after each trial,
//    {"event":"workload",...} per finished workload (after the last pass) and one
//    {"event":"summary",...} at the end.
//    Members are always present (null where there is no value); see tune_progress.cpp.
//  - the comparison table on stdout at the end (without --json).
#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>

#include "autotune/tuner.h"
#include "tools/text_table.h"

namespace kf {

/// The winner recompiled and checked against the reference once more after tuning.
struct BestCheck {
  std::optional<double> max_error;  ///< empty when the kernel could not be compiled or run
  bool within_tolerance = false;
  std::string problem;  ///< why there is no error figure
};

/// One finished workload, as reported.
struct WorkloadReport {
  std::string layer;  ///< layer name from the shape file, or "layer<i>"
  const TuneOutcome* outcome = nullptr;
  std::optional<double> onednn_seconds;  ///< when oneDNN was timed
  std::optional<BestCheck> check;        ///< when there is a best kernel
};

class TuneProgress {
 public:
  struct Setup {
    size_t workloads = 0;       ///< how many workloads will be tuned
    int passes = 1;             ///< searches of the whole list (kforge tune --passes)
    int budget_trials = 0;      ///< TuneOptions::budget_trials
    double budget_seconds = 0;  ///< TuneOptions::budget_seconds
    int patience = 0;           ///< TuneOptions::patience (0 = off)
    double peak_gflops = 0;     ///< FMA peak with the tuning thread count
    bool live = false;          ///< rewrite a progress line on stderr after each trial
    bool json = false;          ///< JSON lines on stdout instead of the table
  };
  explicit TuneProgress(const Setup& setup);
  /// Ends a live line left open (tuning stopped by an error), so that a message starts afresh.
  ~TuneProgress();
  TuneProgress(const TuneProgress&) = delete;
  TuneProgress& operator=(const TuneProgress&) = delete;

  /// A workload's search starts (index and pass count from 0): the live line shows it.
  void start_workload(size_t index, int pass, const std::string& layer, const OpDesc& desc);
  /// After each committed trial of the current workload (a kf::TrialCallback).
  void trial(const TuningRecord& trial, const TuneOutcome& so_far);
  /// The search of the current workload ended: writes its final line on stderr.
  void searched(const TuneOutcome& outcome);
  /// Records the workload's result (after the comparison and the check, once, after the last
  /// pass): a table row, or a workload event with --json.
  void report(const WorkloadReport& report);
  /// Writes the table, or the summary event with --json.
  void finish(int threads, const std::string& target, const std::string& database);

 private:
  /// Rewrites the live line with `text`, blanking what is left of a longer previous line.
  void rewrite_live_line(const std::string& text);
  /// "[i/n] layer" of the current workload.
  std::string prefix() const;

  Setup setup_;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
  size_t index_ = 0;
  int pass_ = 0;
  std::string layer_;
  std::string workload_key_;
  size_t live_length_ = 0;  ///< characters of the live line now on the terminal
  TextTable table_;
  // Totals for the summary.
  int tuned_ = 0, from_database_ = 0, without_kernel_ = 0, trials_ = 0, failures_ = 0;
  int stopped_early_ = 0;
};

}  // namespace kf
