// oneDNN as a peer for the normalisation ops: the same workload, tensors and correctness check
// as KernelForge's own kernels. oneDNN 2.6.3 has batch normalisation (inference with given
// statistics: use_global_stats | use_scale | use_shift) and layer normalisation over the last
// dim only (use_scale | use_shift, statistics computed); it has no group, instance or RMS norm
// (group normalisation arrived in oneDNN 3.3, the RMS flag in 3.4), so those have no peer.
//
// Tensors stay in the user's layout (oneDNN's norms run on plain nchw/nhwc/tnc directly), so
// no reorder happens at all. Threading: OpenMP, set per call and restored (see onednn_conv.h).
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "autotune/measurer.h"
#include "autotune/problem.h"
#include "bench/peers/onednn_conv.h"
#include "dsl/norm_desc.h"

namespace kf::peers {

/// True when oneDNN 2.6.3 computes exactly `desc`: bnorm of any rank and layout, lnorm that
/// normalises only the last dim of a 2-5 dim tensor.
bool onednn_has_norm(const NormDesc& desc);

/// A oneDNN forward-inference normalisation primitive bound to the tensors of a Problem of a
/// NormDesc (which must outlive this object).
class OnednnNorm {
 public:
  /// Builds the primitive for `problem` (whose op must be a NormDesc with onednn_has_norm) with
  /// `threads` OpenMP threads; nullptr when oneDNN has no implementation.
  static std::unique_ptr<OnednnNorm> create(Problem& problem, int threads);

  ~OnednnNorm();
  OnednnNorm(const OnednnNorm&) = delete;
  OnednnNorm& operator=(const OnednnNorm&) = delete;

  /// Executes once with the configured thread count and waits; returns 0.
  int run();
  /// Poisons the problem's output, runs once and returns Problem::max_error().
  double check();
  /// oneDNN's impl_info_str(), e.g. "jit:avx512_core".
  const std::string& implementation() const;

 private:
  struct State;
  explicit OnednnNorm(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

/// Times oneDNN's `desc` with `threads` threads and kf::measure(options), after checking its
/// output against the reference; std::nullopt when oneDNN does not have the op.
std::optional<PeerTiming> time_onednn_norm(const NormDesc& desc, int threads,
                                           const MeasureOptions& options);

}  // namespace kf::peers
