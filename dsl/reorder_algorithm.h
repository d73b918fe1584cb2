// The Halide algorithm of a layout conversion (reorder) between NCHW, NHWC and blocked nChw16c,
// for 1D, 2D and 3D spatial ranks. It calls no scheduling directive; templates in schedules/
// decide how.
#pragma once

#include <Halide.h>

#include <string>
#include <vector>

#include "dsl/reorder_desc.h"

namespace kf {

/// Handles of one reorder's algorithm. Halide dims are innermost first:
///   channels first  (w, h, [d], c, n)
///   channels last   (c, w, h, [d], n)
///   blocked         (c_lane, w, h, [d], c_block, n), channel = c_block * 16 + c_lane
struct ReorderAlgorithm {
  ReorderDesc desc;
  Halide::ImageParam input;

  /// Argument order of `output` (the destination layout's dims, innermost first).
  std::vector<Halide::Var> args;
  /// Positions in `args` of the destination's innermost dim (0) and of the dim that is innermost
  /// in the source (the transpose partner; equal to 0 when both layouts share it).
  int dst_inner_dim = 0;
  int src_inner_dim = 0;
  /// Positions in `args` of the dims outside both inner dims, innermost first (the row loops).
  std::vector<int> outer_dims;

  /// The source read at logical coordinates (channel, spatial innermost first..., batch); for a
  /// blocked destination, zero for channels at or past ic.
  Halide::Func source;
  /// The converted tensor in the destination layout.
  Halide::Func output;

  /// With run-time sizes: the real channel count (a blocked destination reads zero at or past
  /// it; a blocked source holds ceil(channels / 16) blocks).
  Halide::Param<int32_t> channels{"reorder_channels", 1};
  bool runtime_sizes = false;

  /// The pipeline's arguments: input, then (run-time sizes) channels.
  std::vector<Halide::Argument> arguments() const {
    if (runtime_sizes) return {input, channels};
    return {input};
  }
};

/// Where the sizes come from: the descriptor (tuned kernels: buffers constrained to its dense
/// shapes) or the buffers and the `channels` parameter at run time (the shape-agnostic kernel
/// of emitted libraries; only the layouts and the spatial rank of the descriptor count).
enum class ReorderSizes { kFixed, kRunTime };

/// Declares the reorder described by `desc` (which must be valid); `prefix` names every Func.
ReorderAlgorithm make_reorder_algorithm(const ReorderDesc& desc,
                                        const std::string& prefix = "reorder",
                                        ReorderSizes sizes = ReorderSizes::kFixed);

}  // namespace kf
