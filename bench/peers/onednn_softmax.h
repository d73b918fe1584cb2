// oneDNN as a peer for softmax over an axis: dnnl::softmax_forward (Debian libdnnl 2.6.3, the
// v1 API: one memory descriptor for source and destination, the axis in logical dims) on the
// tensors of a kf::Problem, in the user's layout (abx for nchw, axb for nhwc), with no reorder.
//
// Threading as in onednn_conv.h: OpenMP's thread count is set per call and restored after.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "autotune/measurer.h"
#include "autotune/problem.h"
#include "bench/peers/onednn_conv.h"
#include "dsl/softmax_desc.h"

namespace kf::peers {

/// A oneDNN forward-inference softmax bound to a Problem's input and output buffers. The
/// Problem must outlive this object and describe a SoftmaxDesc.
class OnednnSoftmax {
 public:
  /// Builds the primitive for `desc` on `problem`'s tensors with `threads` OpenMP threads, or
  /// returns nullptr when oneDNN has no implementation.
  static std::unique_ptr<OnednnSoftmax> create(const SoftmaxDesc& desc, Problem& problem,
                                               int threads);
  ~OnednnSoftmax();
  OnednnSoftmax(const OnednnSoftmax&) = delete;
  OnednnSoftmax& operator=(const OnednnSoftmax&) = delete;

  /// Executes once with the configured thread count and waits; returns 0.
  int run();
  /// Poisons the output, runs once and returns Problem::max_error().
  double check();
  /// oneDNN's impl_info_str(), e.g. "jit:avx512_common".
  const std::string& implementation() const;

 private:
  struct State;
  explicit OnednnSoftmax(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

/// Times oneDNN softmax of `desc` with `threads` threads (kf::measure(options)) and checks its
/// output against the reference; std::nullopt when oneDNN has no implementation.
std::optional<PeerTiming> time_onednn_softmax(const SoftmaxDesc& desc, int threads,
                                              const MeasureOptions& options);

}  // namespace kf::peers
