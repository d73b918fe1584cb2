// oneDNN as a peer for layout conversion: dnnl::reorder (Debian libdnnl 2.6.3) between the
// format tags of a kf::ReorderDesc (nchw/nhwc/nChw16c and their 1D/3D kin) on the tensors of a
// kf::Problem. oneDNN keeps the padded channels of a blocked tensor zero, as we do.
//
// Threading as in onednn_conv.h: OpenMP's thread count is set per call and restored after.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "autotune/measurer.h"
#include "autotune/problem.h"
#include "bench/peers/onednn_conv.h"
#include "dsl/reorder_desc.h"

namespace kf::peers {

/// A oneDNN reorder primitive bound to a Problem's input and output buffers. The
/// Problem must outlive this object and describe a ReorderDesc.
class OnednnReorder {
 public:
  /// Builds the primitive for `desc` on `problem`'s tensors with `threads` OpenMP threads, or
  /// returns nullptr when oneDNN has no implementation.
  static std::unique_ptr<OnednnReorder> create(const ReorderDesc& desc, Problem& problem,
                                               int threads);
  ~OnednnReorder();
  OnednnReorder(const OnednnReorder&) = delete;
  OnednnReorder& operator=(const OnednnReorder&) = delete;

  /// Executes once with the configured thread count and waits; returns 0.
  int run();
  /// Poisons the output, runs once and returns Problem::max_error().
  double check();
  /// oneDNN's impl_info_str(), e.g. "jit:uni".
  const std::string& implementation() const;

 private:
  struct State;
  explicit OnednnReorder(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

/// Times oneDNN reorder of `desc` with `threads` threads (kf::measure(options)) and checks its
/// output against the reference; std::nullopt when oneDNN has no implementation.
std::optional<PeerTiming> time_onednn_reorder(const ReorderDesc& desc, int threads,
                                              const MeasureOptions& options);

}  // namespace kf::peers
