// The Halide algorithm of softmax over one axis, for any rank and either layout. It states what
// is computed (maximum, shifted exponentials, their sum, the scaled output) and calls no
// scheduling directive; templates in schedules/ decide how.
#pragma once

#include <Halide.h>

#include <string>
#include <vector>

#include "dsl/softmax_desc.h"

namespace kf {

/// Handles of one softmax's algorithm. Halide dims are the physical shape reversed (innermost
/// first): NCHW -> (w, h, c, n), NHWC -> (c, w, h, n), NC -> (c, n).
struct SoftmaxAlgorithm {
  SoftmaxDesc desc;
  Halide::ImageParam input;

  std::vector<Halide::Var> args;      ///< argument order of exp_values and output
  std::vector<Halide::Var> row_args;  ///< args without the axis var: the args of max and sum
  int axis_dim = 0;                   ///< Halide dim index of the axis within args
  Halide::RDom axis;                  ///< the reduction over the axis

  /// Maximum over the axis (pure: -inf; update: max with input at the axis index).
  Halide::Func max_value;
  /// exp(input - max_value), exp by a vectorisable polynomial (Cephes expf, about 1 ulp).
  Halide::Func exp_values;
  /// Sum of exp_values over the axis (pure: 0; update: +=).
  Halide::Func sum;
  /// 1 / sum.
  Halide::Func inverse_sum;
  /// exp_values * inverse_sum, in the user's layout.
  Halide::Func output;

  /// The pipeline's arguments: input (the output is appended by Halide).
  std::vector<Halide::Argument> arguments() const { return {input}; }
};

/// Where the algorithm's sizes come from: fixed by the descriptor (the tuned kernels: buffers
/// constrained to its dense shape), or from the buffers at run time (the shape-agnostic kernel
/// of emitted libraries: only the rank, layout and axis position of the descriptor count; the
/// buffers may have any sizes and strides).
enum class SoftmaxSizes { kFixed, kRunTime };

/// Declares the softmax described by `desc` (which must be valid); `prefix` names every Func.
SoftmaxAlgorithm make_softmax_algorithm(const SoftmaxDesc& desc,
                                        const std::string& prefix = "softmax",
                                        SoftmaxSizes sizes = SoftmaxSizes::kFixed);

/// exp(x) for x <= 0 by range reduction and a degree-5 polynomial (Cephes expf), with x clamped
/// below at -87 so the result never underflows into a denormal or garbage; vectorises in Halide.
Halide::Expr softmax_exp(const Halide::Expr& x);

}  // namespace kf
