// Guarded batches: several candidates compiled at once (compiling is single-threaded and takes
// 0.1-0.6 s per kernel, so two cores compile two), each still measured alone, with nothing
// compiling beside it. Every trial runs
// in its own forked child, as with run_guarded (autotune/guarded_trial.h): a crash or overrun in
// either phase becomes that trial's failed result and the others go on.
#pragma once

#include <functional>
#include <optional>
#include <vector>

#include "autotune/guarded_trial.h"

namespace kf {

/// One trial in two phases, both run in the same child process.
struct StagedTrial {
  /// May run next to other trials' phases: compiles. Returns a result to end the trial there
  /// (a compile error), or std::nullopt to go on to `measure`.
  std::function<std::optional<TrialResult>()> prepare;
  /// Runs while no other trial of the batch measures: checks and times.
  std::function<TrialResult()> measure;
};

/// Runs `trials`, each in a forked child, at most `parallel` children at once, alternating
/// between preparing (up to `parallel` side by side) and measuring: a measure phase runs alone,
/// with no other child measuring or preparing (the lowest-numbered ready one first), and no
/// child starts while another waits to measure. Each phase
/// must end within `timeout_seconds` of its start, else the child is killed (kTimeout). Returns
/// the results in the order of `trials`. The caller must not have runtime worker threads alive
/// (JitSession::stop_worker_threads). Falls back to one trial at a time when processes or pipes
/// run out.
std::vector<TrialResult> run_guarded_batch(const std::vector<StagedTrial>& trials, int parallel,
                                           double timeout_seconds);

}  // namespace kf
