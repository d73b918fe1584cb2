// Guarded trials: a candidate kernel that crashes, hangs or corrupts memory must never stop
// tuning or lose a result. run_guarded() runs one trial in a forked child process with a time
// limit; the parent (which owns the database) only reads the child's verdict from a pipe. A
// child killed by a signal becomes a kCrash trial naming the signal, one that outlives its
// limit is killed and becomes kTimeout.
//
// Forking rule: the parent must not have run a parallel kernel (the Halide runtime's worker
// threads do not survive fork); the tuner therefore compiles, checks and times every
// candidate inside the child, which inherits the JIT session, the problem's tensors and its
// reference by copy-on-write, and throws all of it away when it exits.
#pragma once

#include <functional>
#include <string>

#include "autotune/database.h"

namespace kf {

/// What one trial produced (the parts of a TuningRecord the trial itself decides).
struct TrialResult {
  TrialStatus status = TrialStatus::kOk;
  std::string failure_reason;  ///< empty when ok
  double max_error = 0;
  double min_seconds = 0;
  double median_seconds = 0;
};

/// Runs `trial` in a forked child and returns its result. The child must finish within
/// `timeout_seconds` (else it is killed: kTimeout); a child that dies (signal, abort, exit
/// without a result) yields kCrash with the reason. When no pipe or process can be created,
/// the trial runs in this process instead (unguarded) rather than being lost.
TrialResult run_guarded(const std::function<TrialResult()>& trial, double timeout_seconds);

/// Serialises `result` as one line of text (for the pipe; exposed for tests).
std::string encode_trial_result(const TrialResult& result);

/// Inverse of encode_trial_result; false when `text` is not a complete encoding.
bool decode_trial_result(const std::string& text, TrialResult* result);

}  // namespace kf
