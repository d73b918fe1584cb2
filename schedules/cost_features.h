// CostFeatures: what a template can say about one config without compiling it, for the
// analytical cost model (autotune/cost_model.h): how much work the config does, how much of it
// is useful, how well the register tile feeds the FMA units, how evenly the parallel loop
// splits, and how many bytes it moves beyond the caches.
//
// StreamingCost builds them for memory-bound templates (softmax, norms, reorders, image
// pre-processing), whose time is loads, stores and a few operations per element rather than FMA
// chains: each loop over the data is a pass of vectors with a cost in cycles per vector; lanes
// that compute nothing useful (narrow vectors, tails, overlapping shifted-inwards vectors)
// lower useful_fraction; per-row and per-task bookkeeping is overhead; and the bytes that come
// from beyond L2 are weighted by how far away they live (memory_bytes).
#pragma once

#include <algorithm>

namespace kf {

struct CostFeatures {
  double flops = 0;            ///< arithmetic of the algorithm variant (useful work)
  double useful_fraction = 1;  ///< useful / computed lanes and pixels (tails, overlaps)
  double accumulators = 8;     ///< vector accumulators of the innermost register tile
  double loads_per_step = 1;   ///< vector loads and broadcasts per reduction step
  double parallel_tasks = 1;   ///< iterations of the outermost parallel loop
  double memory_bytes = 0;     ///< bytes expected from beyond L2 per call
  double overhead_flops = 0;   ///< work outside the main loop nest (transforms, copies)
  /// Share of the shorter of compute and memory time that the other does not hide: 0 when
  /// they overlap (FMA-bound loop nests, whose loads prefetch far ahead), 1 when they add up
  /// (streaming kernels, a few operations per loaded element: one core's loop waits on its
  /// loads).
  double exposed_fraction = 0;
};

/// Cycles per natural vector of the operations memory-bound kernels are made of (one core of
/// this machine class: two loads, one store and two vector ALU operations per cycle).
namespace vector_cycles {
constexpr double kLoad = 0.5;
constexpr double kStore = 1.0;
constexpr double kAlu = 0.5;        ///< add, multiply, FMA, max, convert
constexpr double kExp = 8.0;        ///< a polynomial exp: about 16 ALU operations
constexpr double kReduce = 4.0;     ///< a horizontal reduction of one vector (shuffle tree)
constexpr double kStridedLoad = 8;  ///< a vector gathered from a stride (one element a cycle
                                    ///< for 16 lanes, half of it hidden)
constexpr double kTask = 150;       ///< one task of a parallel loop (thread-pool call)
}  // namespace vector_cycles

/// `bytes` moved at the level of the memory hierarchy where tensors of `footprint` bytes live
/// between calls, in DRAM-equivalent bytes: nothing while they stay in L2 (up to 1 MiB, as
/// conv_direct_nhwc counts weights), an eighth from the last-level cache (L3 streams
/// about 8x the DRAM bandwidth of one core: bnorm ran at 117 GB/s on L3-resident tensors against
/// 16 GB/s from DRAM), all of them beyond it.
inline double beyond_l2_bytes(double bytes, double footprint, double llc_bytes) {
  constexpr double kL2Bytes = 1 << 20;
  if (footprint <= kL2Bytes) return 0.0;
  return footprint <= llc_bytes ? bytes / 8 : bytes;
}

/// Accumulates the passes of a memory-bound kernel (see the file comment) into CostFeatures.
class StreamingCost {
 public:
  /// `natural_lanes`: f32 lanes of the target's vectors (16 for AVX-512).
  explicit StreamingCost(int natural_lanes) : natural_(std::max(1, natural_lanes)) {}

  /// A loop of `vectors` vectors, `cycles` per vector, of which `useful` elements are needed
  /// (the other lanes are tails, overlaps or lanes narrower vectors leave idle).
  void pass(double vectors, double cycles, double useful) {
    actual_ += vectors * cycles;
    ideal_ += std::min(useful / natural_, vectors) * cycles;
  }
  /// Cycles outside the vector loops (per-row reductions, divisions, loop set-up, tasks).
  void overhead(double cycles) { overhead_ += cycles; }

  /// The features: useful cycles as FMA-peak FLOPs (2 ports x 2 FLOPs x natural lanes a cycle),
  /// their share of the computed ones, `tasks` parallel tasks each paying kTask cycles (0: no
  /// parallel loop), `memory_bytes` DRAM-equivalent bytes, compute and memory time adding up.
  CostFeatures features(double tasks, double memory_bytes) const {
    const double flops_per_cycle = 4.0 * natural_;
    CostFeatures f;
    f.flops = std::max(1.0, ideal_) * flops_per_cycle;
    f.useful_fraction = actual_ > 0 ? std::min(1.0, ideal_ / actual_) : 1.0;
    f.parallel_tasks = std::max(1.0, tasks);
    f.overhead_flops = (overhead_ + vector_cycles::kTask * std::max(0.0, tasks)) * flops_per_cycle;
    f.memory_bytes = memory_bytes;
    f.exposed_fraction = 1;
    return f;
  }

 private:
  double natural_;
  double actual_ = 0, ideal_ = 0, overhead_ = 0;
};

}  // namespace kf
