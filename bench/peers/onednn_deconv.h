// oneDNN as a peer for transposed convolution: dnnl::deconvolution_forward on the same workload,
// tensors and correctness check as KernelForge's own kernels.
//
// Main entry points: time_onednn_deconv() (build, check, time with kf::measure) and the
// OnednnDeconv class (a primitive bound to a Problem's tensors, for Google Benchmark loops).
// oneDNN picks its memory layouts (format_tag::any); the user's tensors (either activation layout,
// PyTorch or TensorFlow weights) are described by strides and reordered once, outside any timed
// call. Threads: OpenMP's count is set for each call and restored after (see onednn_conv.h).
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "autotune/measurer.h"
#include "autotune/problem.h"
#include "bench/peers/onednn_conv.h"
#include "dsl/deconv_desc.h"

namespace kf::peers {

/// A oneDNN forward-inference deconvolution bound to the tensors of a Problem of a DeconvDesc.
/// The Problem must outlive this object.
class OnednnDeconv {
 public:
  /// Builds the primitive with `threads` OpenMP threads, or returns nullptr when oneDNN has no
  /// implementation. Throws std::runtime_error when oneDNN rejects the descriptor itself.
  /// `algorithm`: kDirect (deconvolution_direct) or kWinograd (deconvolution_winograd, 3x3
  /// stride-1 2-D layers on some CPUs); kAuto is taken as kDirect (oneDNN has no automatic
  /// choice for deconvolution).
  static std::unique_ptr<OnednnDeconv> create(const DeconvDesc& desc, Problem& problem, int threads,
                                              OnednnAlgorithm algorithm = OnednnAlgorithm::kDirect);

  ~OnednnDeconv();
  OnednnDeconv(const OnednnDeconv&) = delete;
  OnednnDeconv& operator=(const OnednnDeconv&) = delete;

  /// Executes once with the configured thread count and waits; returns 0.
  int run();

  /// Poisons the problem's output, runs once, reorders the result into the problem's output
  /// buffer and returns Problem::max_error().
  double check();

  /// oneDNN's impl_info_str() of the chosen implementation.
  const std::string& implementation() const;

 private:
  struct State;
  explicit OnednnDeconv(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

/// oneDNN's implementation name for `desc` with `threads` threads and `algorithm`, or
/// std::nullopt when there is none. Builds the primitive descriptor only (no tensors).
std::optional<std::string> onednn_deconv_implementation(const DeconvDesc& desc, int threads,
                                                        OnednnAlgorithm algorithm);

/// Times oneDNN's deconvolution of `desc` with `threads` threads (kf::measure(options)), after
/// checking its output against the reference; std::nullopt when oneDNN has no implementation.
std::optional<PeerTiming> time_onednn_deconv(const DeconvDesc& desc, int threads,
                                             const MeasureOptions& options,
                                             OnednnAlgorithm algorithm = OnednnAlgorithm::kDirect);

}  // namespace kf::peers
