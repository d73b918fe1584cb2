// Naive reference convolution: the independent oracle every schedule is checked against.
#pragma once

#include "dsl/conv_desc.h"

namespace kf {

/// Computes `desc` directly from its definition, accumulating in double, on tensors in the user's
/// layout (see ConvDesc::input_shape/weight_shape/output_shape). `bias` may be null when
/// desc.bias is false. Any spatial rank, groups, stride, dilation, asymmetric padding. The
/// blocked layout is computed in NCHW between naive conversions (padded output lanes zero).
void conv_reference(const ConvDesc& desc, const float* input, const float* weights,
                    const float* bias, float* output);

}  // namespace kf
