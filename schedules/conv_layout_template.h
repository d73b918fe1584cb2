// Convolution templates that compute in an internal layout other than the user's, with the
// conversions inside the pipeline (so the measured time counts them): the layout dimension of
// the search space: NCHW workloads computed in NHWC (conv_nchw_via_nhwc) or in nChw16c blocks
// (conv_nchw_via_nchw16c), and the direct template of declared-blocked workloads
// (conv_direct_nchw16c), which needs no conversion.
#pragma once

#include <string>
#include <vector>

#include "dsl/conv_desc.h"
#include "schedules/op_template.h"

namespace kf {

/// Every internal-layout template applicable to `desc` (both families below).
std::vector<const Template*> layout_templates_for(const ConvDesc& desc);

/// The templates computing on nChw16c blocks applicable to `desc`
/// (schedules/conv_direct_nchw16c.cpp).
std::vector<const Template*> blocked_templates_for(const ConvDesc& desc);

/// The internal-layout or blocked template called `name` ("conv_nchw_via_nhwc",
/// "conv_direct_nchw16c", ...), or nullptr.
const Template* find_layout_template(const std::string& name);

}  // namespace kf
