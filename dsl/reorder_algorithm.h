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

  std::vector<Halide::Argument> arguments() const { return {input}; }
};

/// Declares the reorder described by `desc` (which must be valid); `prefix` names every Func.
ReorderAlgorithm make_reorder_algorithm(const ReorderDesc& desc,
                                        const std::string& prefix = "reorder");

}  // namespace kf
