// oneDNN as a peer for forward convolution: the same workload, tensors and correctness check as
// KernelForge's own kernels, run through oneDNN's best implementation for this CPU.
//
// Main entry points: time_onednn_conv() (one call: build, check, time with kf::measure) and the
// OnednnConv class (a primitive bound to a ConvProblem's tensors, for callers that time it
// themselves, such as Google Benchmark loops). oneDNN picks its own memory layouts
// (format_tag::any); the user's tensors are reordered into them once, outside any timed call,
// so the timings exclude layout conversion.
//
// Threading: the Debian libdnnl 2.6 build uses OpenMP (libgomp). The thread count is set with
// omp_set_num_threads for the duration of each call and the caller's value is restored after.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "autotune/measurer.h"
#include "autotune/problem.h"
#include "bench/peers/onednn_common.h"
#include "dsl/conv_desc.h"

namespace kf::peers {

/// Which of oneDNN's convolution algorithms to ask for.
enum class OnednnAlgorithm {
  kDirect,    ///< algorithm::convolution_direct
  kWinograd,  ///< algorithm::convolution_winograd (3x3, stride 1 layers only)
  kAuto,      ///< algorithm::convolution_auto (oneDNN chooses)
};

/// "direct", "winograd" or "auto".
std::string to_string(OnednnAlgorithm algorithm);

/// A oneDNN forward-inference convolution primitive bound to the tensors of a ConvProblem.
/// Input, weights and bias are reordered from the problem's user layout into the layouts oneDNN
/// chose when the object is created; run() computes into oneDNN's own output tensor, and
/// check() reorders that back into the problem's output buffer and compares it with the
/// reference. The ConvProblem must outlive this object.
class OnednnConv {
 public:
  /// Builds the primitive for `problem`'s workload with `threads` OpenMP threads, or returns
  /// nullptr when oneDNN has no implementation of `algorithm` for it. Throws std::runtime_error
  /// when oneDNN rejects the descriptor itself (a bug: validated descriptors are accepted).
  static std::unique_ptr<OnednnConv> create(ConvProblem& problem, int threads,
                                            OnednnAlgorithm algorithm);

  ~OnednnConv();
  OnednnConv(const OnednnConv&) = delete;
  OnednnConv& operator=(const OnednnConv&) = delete;

  /// Executes the convolution once with the configured thread count and waits for it.
  /// Returns 0 (the kf::measure convention); oneDNN failures throw dnnl::error.
  int run();

  /// Poisons the problem's output, runs once, reorders the result into the problem's output
  /// buffer (the user's layout) and returns ConvProblem::max_error().
  double check();

  /// oneDNN's impl_info_str() of the chosen implementation, e.g. "brg:avx512_core".
  const std::string& implementation() const;

  int threads() const;

 private:
  struct State;
  explicit OnednnConv(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

/// oneDNN's implementation name for `desc` with `threads` threads and `algorithm`, or
/// std::nullopt when there is none. Builds the primitive descriptor only (no tensors).
std::optional<std::string> onednn_conv_implementation(const ConvDesc& desc, int threads,
                                                      OnednnAlgorithm algorithm);

/// Times oneDNN forward convolution of `desc` (f32, format_tag::any for src/weights/dst so the
/// library picks its layout, user tensors in desc.layout reordered into oneDNN's layouts outside
/// the timed loop, bias and fused ReLU post-op when desc has them), with `threads` threads, timed
/// with kf::measure(options). Checks oneDNN's output (reordered back to the user's layout)
/// against kf::ConvProblem's reference and reports max_error. Returns std::nullopt when oneDNN
/// has no implementation for it (e.g. Winograd on a non-3x3 layer). `implementation` is
/// oneDNN's impl_info_str().
std::optional<PeerTiming> time_onednn_conv(const ConvDesc& desc, int threads,
                                           const MeasureOptions& options,
                                           OnednnAlgorithm algorithm = OnednnAlgorithm::kDirect);

}  // namespace kf::peers
