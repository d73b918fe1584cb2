// Convolution templates that compute in an internal layout other than the user's, with the
// conversions inside the pipeline (so the measured time counts them): the layout dimension of
// the search space. Today: NCHW workloads computed in NHWC (conv_nchw_via_nhwc).
#pragma once

#include <string>
#include <vector>

#include "dsl/conv_desc.h"
#include "schedules/op_template.h"

namespace kf {

/// Every internal-layout template applicable to `desc`.
std::vector<const Template*> layout_templates_for(const ConvDesc& desc);

/// The internal-layout template called `name` ("conv_nchw_via_nhwc"), or nullptr.
const Template* find_layout_template(const std::string& name);

}  // namespace kf
