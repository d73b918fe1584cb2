// The Halide algorithm of the normalisation ops (bnorm, gnorm, inorm, lnorm, rmsnorm), any rank
// and layout. It states what is computed and calls no scheduling directive; templates in
// schedules/ decide how through the handles below.
#pragma once

#include <Halide.h>

#include <string>
#include <vector>

#include "dsl/norm_desc.h"
#include "dsl/welford_statistics.h"

namespace kf {

/// How mean and variance are computed: two passes (the sum, then the sum of squared deviations
/// from the mean) or one pass of Welford updates per partition of the slice, combined by Chan's
/// formula (dsl/welford_statistics.h). Both are stable when the mean is large against the
/// spread. RMS norm has no mean and always sums squares in one pass.
enum class NormStatistics { kTwoPass = 0, kWelford = 1 };

/// Handles of one normalisation's algorithm. Halide dimensions are innermost first:
///   lnorm/rmsnorm: input(i0, ..., ik) with the normalised dims first (`inner`), then `outer`.
///   channel ops NHWC: input(c, w, h, d, n); NCHW: input(w, h, d, c, n) (absent dims dropped).
struct NormAlgorithm {
  NormDesc desc;
  NormStatistics statistics = NormStatistics::kTwoPass;
  int welford_partitions = 1;  ///< running partitions of Welford statistics
  Halide::ImageParam input;
  std::vector<Halide::ImageParam> params;  ///< in the order of NormDesc::inputs() after input

  std::vector<Halide::Var> args;  ///< argument order of `output`
  // lnorm / rmsnorm
  std::vector<Halide::Var> inner;  ///< normalised dims, innermost first
  std::vector<Halide::Var> outer;  ///< row dims, innermost first (may be empty)
  // channel ops
  Halide::Var c{"c"}, n{"n"}, g{"g"};
  std::vector<Halide::Var> spatial;  ///< innermost first (w, h, d)

  /// Reduction over one statistic's elements (lnorm/rmsnorm: the normalised dims innermost
  /// first; gnorm/inorm: the spatial dims innermost first). Undefined for bnorm.
  Halide::RDom reduction;
  /// gnorm/inorm: reduction over the channels of a group, combining the per-channel sums.
  Halide::RDom group_reduction;
  /// First reduction: sum of x (per row, or per (c, n) for gnorm). Undefined for rmsnorm and
  /// bnorm. With Welford statistics, welford.sum (a combination of partitions).
  Halide::Func sum;
  /// Second reduction: sum of (x - mean)^2 (rmsnorm: of x^2). With Welford statistics, rows:
  /// welford.m2; gnorm/inorm: a channel's m2 moved to its group's mean (no update stage).
  Halide::Func sum_sq;
  /// Welford statistics (lnorm, gnorm, inorm with NormStatistics::kWelford): the partitions'
  /// running means and m2 over (partition, rows...) that `sum` and `sum_sq` combine.
  WelfordStatistics welford;
  /// gnorm/inorm: sum and sum_sq combined over a group's channels, (g, n).
  Halide::Func group_sum, group_sum_sq;
  /// Statistics: mean (not for rmsnorm) and 1 / sqrt(var + eps), per row or per (g, n); bnorm's
  /// come from its inputs.
  Halide::Func mean, inv_std;
  /// Channel ops: per-channel affine of the output, scale(c[, n]) and shift(c[, n]).
  Halide::Func scale, shift;
  /// The pipeline output, in the user's layout.
  Halide::Func output;

  /// With run-time sizes (NormSizes::kRunTime): epsilon, and the group count of gnorm/inorm,
  /// as parameters; the sizes come from the buffers.
  bool runtime_sizes = false;
  Halide::Param<float> epsilon{"norm_epsilon", 1.0f / 16};
  Halide::Param<int32_t> group_count{"norm_groups", 1};

  /// The pipeline's arguments in the order of NormDesc::inputs(), then (run-time sizes)
  /// epsilon and the group count.
  std::vector<Halide::Argument> arguments() const;
};

/// Where the sizes come from: the descriptor (tuned kernels: buffers constrained to its dense
/// shapes, epsilon and counts folded) or the buffers, epsilon and group count at run time (the
/// shape-agnostic kernel of emitted libraries; the descriptor's kind, layout and ranks count).
enum class NormSizes { kFixed, kRunTime };

/// Declares the normalisation of `desc` (which must be valid). `prefix` names every Func.
/// Welford statistics split the innermost reduced dim into `welford_partitions` running
/// partitions (rows: the normalised dims; gnorm/inorm: the spatial dims) and need fixed sizes.
NormAlgorithm make_norm_algorithm(const NormDesc& desc,
                                  NormStatistics statistics = NormStatistics::kTwoPass,
                                  const std::string& prefix = "norm",
                                  NormSizes sizes = NormSizes::kFixed, int welford_partitions = 1);

}  // namespace kf
