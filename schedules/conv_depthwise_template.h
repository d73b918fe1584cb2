// conv_depthwise_nhwc: the convolution template for channels-last depthwise layers (one input
// and one output channel per group, such as MobileNet's 3x3 dw layers). There is no reduction
// over channels: each output vector of channels is a sum over the kernel taps of input vectors
// times weight vectors, one FMA per tap and two loads. The direct template broadcasts nothing
// here and spends its knob space on reduction orders that do not exist; this one unrolls the
// whole tap window over a register tile of pixels, so that an input vector loaded once serves
// every output pixel of the tile whose window covers it (a stride-1 row of w pixels and a
// 3-wide kernel loads w + 2 input vectors per kernel row, not 3w), pads inline (a padded copy
// costs as much as the convolution here), and tunes only the tile, whether the window is
// unrolled whole, the order of channel and pixel tiles and the blocks of rows per task.
#pragma once

#include "dsl/conv_desc.h"
#include "schedules/op_template.h"

namespace kf {

/// True when conv_depthwise_nhwc applies: NHWC, groups == input channels == output channels
/// (more than one group), any spatial rank.
bool depthwise_applicable(const ConvDesc& desc);

/// Kernel windows of at most this many taps are unrolled whole (7x7 = 49); larger ones unroll
/// only their innermost dim.
constexpr int64_t kDepthwiseMaxUnrolledTaps = 49;

/// The template (schedules/conv_depthwise_nhwc.cpp).
const Template& conv_depthwise_nhwc_template();

}  // namespace kf
