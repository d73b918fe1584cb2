// Convolution templates that compute a convolution as a matrix product over a reshaped view of
// the same memory (ScheduledPipeline::argument_views): the GEMM algorithm variants of the search
// space. 1x1 convolutions with stride 1 and no padding, whose spatial dims fuse into one pixel
// dim (conv_gemm_1x1_nhwc, conv_gemm_1x1_nchw); every other NHWC convolution of one group over
// its patch matrix (conv_im2col_nhwc).
#pragma once

#include <string>
#include <vector>

#include "dsl/conv_desc.h"
#include "schedules/op_template.h"

namespace kf {

/// True when `desc` is a pointwise convolution whose spatial dims can fuse: every kernel size
/// 1, stride 1, no padding (out == in), and more than one spatial dim.
bool fusable_pointwise(const ConvDesc& desc);

/// The 1-D convolution over the fused pixels of a fusable pointwise `desc` (in = out = the
/// product of the spatial sizes): the same arithmetic on the same dense tensors.
ConvDesc fused_pixels_view(const ConvDesc& desc);

/// True when conv_im2col_nhwc applies: NHWC, one group, and not a fusable pointwise
/// convolution (those are already a GEMM over their own memory).
bool im2col_applicable(const ConvDesc& desc);

/// The pointwise convolution over the output grid that multiplies the patch matrix of `desc`
/// ([n][out...][taps x ic]) by its HWIO weights seen as [1...][taps x ic][oc].
ConvDesc im2col_view(const ConvDesc& desc);

/// The im2col template (schedules/conv_im2col.cpp).
const Template& conv_im2col_nhwc_template();

/// Every GEMM template applicable to `desc`.
std::vector<const Template*> gemm_templates_for(const ConvDesc& desc);

/// The GEMM template called `name` ("conv_gemm_1x1_nhwc", ...), or nullptr.
const Template* find_gemm_template(const std::string& name);

}  // namespace kf
