// The measuring half of a tuning trial: a compiled candidate runs on copies of the workload's
// Problem and must match the reference within the template's tolerance; then it is timed at several
// placements of its tensors in memory. A kernel's speed can depend on where its tensors lie:
// an HWIO weight tensor whose rows are 4 KiB apart (1x1 layers with 1024 output channels)
// runs 1.2-1.5x slower at some allocations than at others of the same process. Timed at one
// placement, every candidate of such a layout would be ranked by the same draw, lucky or not.
#pragma once

#include "autotune/guarded_trial.h"
#include "autotune/measurer.h"
#include "autotune/problem.h"
#include "jit/op_kernel.h"

namespace kf {

/// Options of one placement's measurement when a trial's time is shared among `placements`:
/// the time caps and the sample cap divided among them (rounded down, so that the trial stays
/// within its caps), but at least 3 samples each (the agreement rule's best and third-best).
MeasureOptions per_placement_options(const MeasureOptions& trial_options, int placements);

/// What a trial reports from its placements' measurements: the mean of their fastest samples
/// (min_seconds) and of their medians (median_seconds). The mean, not the best: an application
/// gets one placement, drawn as ours were.
struct PlacementSummary {
  double min_seconds = 0;
  double median_seconds = 0;
};
PlacementSummary summarize_placements(const std::vector<Measurement>& measurements);

/// Checks and times `kernel` (compiled for `problem`'s op) at `placements` placements of its
/// tensors. Each placement copies the inputs into fresh memory with an output of its own
/// (ProblemPlacement), and every placement after the first gives the kernel's packed tensors
/// fresh memory (OpKernel::move_packed_tensors) and packs again; the Problem's own buffers are
/// never used, so no candidate shares a draw with another. At every placement the output is
/// poisoned, computed and checked against the reference before it is timed; all placements stay
/// allocated until the end, so each lies elsewhere. Returns kOk with the PlacementSummary's
/// times, kWrongResult (the placement and the error in the reason) or kCrash (the Halide error
/// code). `placements` must be at least 1.
TrialResult check_and_time(OpKernel& kernel, const Problem& problem, double tolerance,
                           const MeasureOptions& options, int placements);

}  // namespace kf
