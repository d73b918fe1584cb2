// The Winograd convolution templates: F(2x2,3x3) and F(4x4,3x3) for 2-D 3x3 stride-1 NHWC
// convolutions (dsl/conv_winograd_algorithm.h), for NHWC, NCHW and blocked NCHW16c workloads. They
// schedule a different algorithm of the same op as the direct templates, so they implement Template
// directly rather than ConvTemplate, and they trade accuracy for speed: tolerance() declares each
// variant's expected error.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "dsl/conv_desc.h"
#include "dsl/conv_winograd_algorithm.h"
#include "schedules/op_template.h"

namespace kf {

/// Every Winograd template applicable to `desc` (F(2x2) first, the more accurate).
std::vector<const Template*> winograd_templates_for(const ConvDesc& desc);

/// The Winograd template called `name` ("conv_winograd_f2_nhwc", "conv_winograd_f4_nhwc",
/// "conv_winograd_f2_nchw_via_nhwc", "conv_winograd_f4_nchw_via_nhwc",
/// "conv_winograd_f2_nchw16c", "conv_winograd_f4_nchw16c"), or nullptr.
const Template* find_winograd_template(const std::string& name);

/// Builds `winograd` (one of the templates above, applicable to `desc`, `config` in its knob
/// space; InputError otherwise) with the weight transform reading `source` instead of the
/// convolution's weights: the packing stage then takes source.param (input 1 of the op).
ScheduledPipeline build_winograd(const Template& winograd, const ConvDesc& desc,
                                 const Config& config, const Halide::Target& target,
                                 const WinogradWeightSource& source);

/// The template for output tile m (2 or 4) and workloads in `layout` (NCHW ones are computed
/// in NHWC, converted inside the pipeline: "conv_winograd_f<m>_nchw_via_nhwc"; NCHW16c ones
/// in their blocks: "conv_winograd_f<m>_nchw16c").
std::unique_ptr<Template> make_conv_winograd_template(int m, Layout layout);

}  // namespace kf
