// oneDNN convolution with its activation either fused (an eltwise post-op of the convolution
// primitive) or separate (the convolution, then a oneDNN eltwise primitive run in place over its
// output), for kf_epilogue_bench's fused-vs-separate comparison.
//
// Main type: OnednnConvEltwise, bound to a kf::ConvProblem whose descriptor has the activation
// (and usually the bias). The bias is always the convolution's own bias argument in both modes:
// oneDNN adds it while the accumulators are in registers, as every oneDNN user gets it. Layouts
// are oneDNN's choice (format_tag::any); the user's input and weights are reordered into them
// once, at creation, as bench/peers/onednn_conv.h does. Threads: OpenMP, set per call.
#pragma once

#include <memory>
#include <string>

#include "autotune/problem.h"
#include "dsl/conv_desc.h"

namespace kf::peers {

/// How the activation of the convolution runs.
enum class EltwiseMode {
  kFused,     ///< a post-op of the convolution primitive (one pass over the output)
  kSeparate,  ///< an eltwise_forward primitive after the convolution, in place (two passes)
};

/// "fused" or "separate".
std::string to_string(EltwiseMode mode);

/// A oneDNN convolution plus activation bound to a ConvProblem's tensors. The ConvProblem must
/// outlive this object; its descriptor must have an activation (ReLU or clamp).
class OnednnConvEltwise {
 public:
  /// Builds the primitives for `problem`'s workload with `threads` OpenMP threads and oneDNN's
  /// direct convolution, or returns nullptr when oneDNN has no implementation. Throws
  /// std::runtime_error when oneDNN rejects the descriptors or the descriptor has no activation.
  static std::unique_ptr<OnednnConvEltwise> create(ConvProblem& problem, int threads,
                                                   EltwiseMode mode);

  ~OnednnConvEltwise();
  OnednnConvEltwise(const OnednnConvEltwise&) = delete;
  OnednnConvEltwise& operator=(const OnednnConvEltwise&) = delete;

  /// Executes the convolution (and, when separate, the eltwise primitive) once and waits.
  /// Returns 0 (the kf::measure convention); oneDNN failures throw dnnl::error.
  int run();

  /// Executes only the eltwise primitive, in place over the current output (separate mode; in
  /// fused mode it does nothing). Returns 0. For timing the second pass on its own.
  int run_eltwise();

  /// Poisons the problem's output, runs once, reorders oneDNN's output into the problem's output
  /// buffer (the user's layout) and returns ConvProblem::max_error().
  double check();

  /// oneDNN's impl_info_str() of the convolution, plus " + eltwise:<impl>" when separate.
  const std::string& implementation() const;

 private:
  struct State;
  explicit OnednnConvEltwise(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

}  // namespace kf::peers
