// One-pass mean and sum of squared deviations (Welford's update, combined across partitions by
// Chan's formula) as Halide Funcs. The normalisation algorithm uses it for its one-pass
// statistics variant: unlike the sum-of-squares shortcut (E[x^2] - E[x]^2, which cancels to
// noise when the mean is large against the spread), it is as stable as two passes and reads
// each element once.
#pragma once

#include <Halide.h>

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace kf {

/// Reads one element of the reduced slice: `along` indexes the split (innermost, contiguous)
/// dim, `others` the remaining reduced dims innermost first. The row vars of the statistics are
/// captured by the caller's lambda.
using WelfordElement =
    std::function<Halide::Expr(const Halide::Expr& along, const std::vector<Halide::Expr>& others)>;

/// The Funcs of one Welford reduction per row. The innermost reduced dim (extent `width`) is
/// split into `steps` steps of `partitions` consecutive elements: partition p accumulates
/// elements step * partitions + p (one vector lane per partition when scheduled), every
/// partition with the same count, so the update's 1 / count is one scalar per step. The last
/// `width % partitions` elements of each run go to tail partitions with their own count.
/// Partitions then combine by Chan's formula into `sum` and `m2`.
struct WelfordStatistics {
  int partitions = 1;
  int64_t steps = 0;              ///< full steps per run of the innermost dim
  int64_t tail = 0;               ///< elements per run left to the tail partitions (< partitions)
  int64_t count = 0;              ///< elements per row
  Halide::Var partition;          ///< first argument of `partials` and `tail_partials`
  std::vector<Halide::Var> rows;  ///< the other arguments of every Func here
  Halide::RDom updates;           ///< (step, other reduced dims innermost first)
  Halide::RDom tail_updates;      ///< (other reduced dims); undefined when tail == 0
  /// (partition, rows...) -> Tuple(mean, m2) of the partition's elements.
  Halide::Func partials;
  /// (partition, rows...) -> Tuple(mean, m2) of the tail elements; undefined when tail == 0.
  Halide::Func tail_partials;
  Halide::RDom combine;       ///< over the partitions
  Halide::RDom tail_combine;  ///< over the tail partitions; undefined when tail == 0
  /// (rows...) -> sum of the row's elements (count x mean, by partition).
  Halide::Func sum;
  /// (rows...) -> sum over the row of (x - sum / count)^2.
  Halide::Func m2;
};

/// Declares the Welford statistics of every row in `rows` over a slice whose innermost reduced
/// dim has extent `width` and whose other reduced dims have extents `others` (innermost first),
/// read through `element`. `partitions` is clamped to [1, width]. Names start with `prefix`.
WelfordStatistics make_welford_statistics(const std::string& prefix, const WelfordElement& element,
                                          int64_t width, const std::vector<int64_t>& others,
                                          const std::vector<Halide::Var>& rows, int partitions);

}  // namespace kf
