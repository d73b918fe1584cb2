// Stride-1 transposed convolutions scheduled by forward-convolution templates
// (dsl/deconv_as_conv.h): "deconv_as_<conv template>" adapts the Winograd F(2x2)/F(4x4)
// templates (whose weight transform then reads the flipped weights directly) and the direct and
// 1x1-GEMM templates (whose weights a packing stage flips once, ahead of the calls). Knobs,
// baseline, tolerance and cost features are those of the convolution template on the
// equivalent convolution; the sub-pixel algorithm stays the only one for stride > 1.
#pragma once

#include <string>
#include <vector>

#include "dsl/deconv_desc.h"
#include "schedules/op_template.h"

namespace kf {

/// Every adapter applicable to `desc` (a stride-1 deconvolution the adapted convolution
/// template accepts), direct before GEMM before Winograd.
std::vector<const Template*> deconv_as_conv_templates_for(const DeconvDesc& desc);

/// The adapter called `name` (e.g. "deconv_as_conv_winograd_f4_nhwc"), or nullptr.
const Template* find_deconv_as_conv_template(const std::string& name);

}  // namespace kf
