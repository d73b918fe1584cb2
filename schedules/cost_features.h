// CostFeatures: what a template can say about one config without compiling it, for the
// analytical cost model (autotune/cost_model.h): how much work the config does, how much of it
// is useful, how well the register tile feeds the FMA units, how evenly the parallel loop
// splits, and how many bytes it moves beyond the caches.
#pragma once

namespace kf {

struct CostFeatures {
  double flops = 0;            ///< arithmetic of the algorithm variant (useful work)
  double useful_fraction = 1;  ///< useful / computed lanes and pixels (tails, overlaps)
  double accumulators = 8;     ///< vector accumulators of the innermost register tile
  double loads_per_step = 1;   ///< vector loads and broadcasts per reduction step
  double parallel_tasks = 1;   ///< iterations of the outermost parallel loop
  double memory_bytes = 0;     ///< bytes expected from beyond L2 per call
  double overhead_flops = 0;   ///< work outside the main loop nest (transforms, copies)
};

}  // namespace kf
