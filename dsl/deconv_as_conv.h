// A stride-1 transposed convolution is a forward convolution: every input pixel i scatters to
// output o = i - pad_begin + t * d, so o gathers from i = o + pad_begin - t * d, which is the
// forward convolution with the taps reversed (t' = K - 1 - t) and padding
// pad' = (K - 1) * d - pad on each side. The input and output channels keep their roles; only
// the weights are re-indexed (flipped taps, and the (ic, oc) order of the convolution's layout).
//
// This lets the forward-convolution algorithms (Winograd, the direct and GEMM micro-kernels)
// compute stride-1 deconvolutions; their weights are flipped by a packing stage, once, ahead of
// the calls (dsl/deconv_as_conv_weights.h).
#pragma once

#include <optional>

#include "dsl/conv_desc.h"
#include "dsl/deconv_desc.h"

namespace kf {

/// The forward convolution that computes `desc` (which must be valid), in the same activation
/// layout, with the same bias, ReLU, batch, groups and name: std::nullopt when there is none,
/// that is when a stride is not 1 or a pad would become negative (pad_begin or pad_end larger
/// than the dilated kernel minus one: the deconvolution crops more than the taps reach).
std::optional<ConvDesc> forward_conv_of(const DeconvDesc& desc);

}  // namespace kf
