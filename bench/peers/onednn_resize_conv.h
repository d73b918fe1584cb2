// oneDNN as a peer for resize-convolution, done the way a oneDNN user would: a resampling
// primitive (dnnl::resampling_forward, algorithm resampling_nearest or resampling_linear) into
// an upsampled tensor, then the convolution primitive reading it. Both primitives run in the
// timed call; the upsampled tensor is in the layout the convolution chose (format_tag::any), so
// no reorder sits between them. oneDNN's linear resampling uses half-pixel centres with the
// source index clamped into the input, the same rule as PyTorch's align_corners=False
// (tests/peers/onednn_resize_conv_test.cpp checks it against our reference).
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "autotune/measurer.h"
#include "autotune/problem.h"
#include "bench/peers/onednn_common.h"
#include "dsl/resize_conv_desc.h"

namespace kf::peers {

/// oneDNN resampling + convolution bound to the tensors of a Problem of a ResizeConvDesc. The
/// user's input and weights are reordered into oneDNN's layouts once, at creation. The Problem
/// must outlive this object.
class OnednnResizeConv {
 public:
  /// Builds both primitives with `threads` OpenMP threads, or returns nullptr when oneDNN has
  /// no implementation. Throws std::runtime_error when oneDNN rejects a descriptor.
  static std::unique_ptr<OnednnResizeConv> create(const ResizeConvDesc& desc, Problem& problem,
                                                  int threads);

  ~OnednnResizeConv();
  OnednnResizeConv(const OnednnResizeConv&) = delete;
  OnednnResizeConv& operator=(const OnednnResizeConv&) = delete;

  /// Executes resampling then convolution once and waits; returns 0.
  int run();

  /// Poisons the problem's output, runs once, reorders the result into the problem's output
  /// buffer and returns Problem::max_error().
  double check();

  /// "<resampling impl> + <convolution impl>" as oneDNN's impl_info_str() names them.
  const std::string& implementation() const;

 private:
  struct State;
  explicit OnednnResizeConv(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

/// Times oneDNN's resampling + convolution of `desc` with `threads` threads (kf::measure), after
/// checking the output against the reference; std::nullopt when oneDNN has no implementation.
std::optional<PeerTiming> time_onednn_resize_conv(const ResizeConvDesc& desc, int threads,
                                                  const MeasureOptions& options);

}  // namespace kf::peers
