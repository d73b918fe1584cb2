// Convolution templates over packed weights: the NHWC direct schedule (conv_direct_nhwc's knobs,
// unchanged) applied to the algorithm declared over weights packed in blocks of one vector of
// output channels (dsl/conv_algorithm.h, make_conv_algorithm_over_packed_weights), which a
// packing stage writes once from the user's HWIO weights. With HWIO weights a register tile's
// reduction over input channels reads one short piece of a different weight row per channel,
// oc * 4 bytes apart (8 KiB on ResNet-50's res5 layers), so each step starts on a new page and
// the hardware prefetchers lose the stream; packed, the same reads are one contiguous stream
// per channel vector. It matters where weights come from beyond L2: layers with megabytes of
// weights and few pixels.
#pragma once

#include <string>
#include <vector>

#include "dsl/conv_desc.h"
#include "schedules/op_template.h"

namespace kf {

/// Every packed-weight template applicable to `desc`: conv_direct_packed_nhwc for NHWC layers
/// with a multiple of 16 output channels, and conv_gemm_1x1_packed_nhwc (the 1x1 GEMM over the
/// fused pixels, as conv_gemm_1x1_nhwc) for such layers that are 1x1, stride 1 and unpadded.
std::vector<const Template*> packed_weight_templates_for(const ConvDesc& desc);

/// The packed-weight template called `name`, or nullptr.
const Template* find_packed_weight_template(const std::string& name);

}  // namespace kf
