// The weights of the forward convolution that computes a stride-1 transposed convolution
// (dsl/deconv_as_conv.h), as a Halide Func over the user's deconvolution weights: the taps
// reversed and the channels re-indexed into the convolution's layout. Packing stages realise it
// once, ahead of the calls; Winograd's weight transform reads it directly.
#pragma once

#include <Halide.h>

#include <string>

#include "dsl/deconv_desc.h"

namespace kf {

/// The weights of forward_conv_of(desc) read from `weights`, the user's deconvolution weights
/// (an ImageParam of rank spatial_rank + 2 over desc.weight_shape(), either DeconvWeights
/// layout). The Func's arguments follow the convolution's weight layout for desc.layout, in
/// Halide order (innermost first): NHWC, HWIO: (k, c, kw[, kh[, kd]]); NCHW, OIHW:
/// (kw[, kh[, kd]], c, k), with k the output channel and c the input channel within its group.
/// `desc` must be a stride-1 deconvolution (forward_conv_of(desc) has a value).
Halide::Func conv_weights_of(const DeconvDesc& desc, const Halide::ImageParam& weights,
                             const std::string& name);

}  // namespace kf
