// The schedule of conv_direct_nhwc as a function, for the templates that apply it to another
// declaration of the same convolution (packed weights: conv_packed_template.h).
#pragma once

#include <Halide.h>

#include "dsl/conv_algorithm.h"
#include "schedules/knob_space.h"

namespace kf {

/// The PaddingForm in which conv_direct_nhwc's `config` wants `desc` declared: the zero fill
/// and copy when it stores the padded image (pad_at=image) and there is padding.
PaddingForm direct_nhwc_padding_form(const ConvDesc& desc, const Config& config);

/// Applies conv_direct_nhwc's `config` (in its knob space for a.desc) to `a`. `k_tasks` > 1
/// also cuts the output-channel tiles into that many chunks, which threads take separately
/// (fused with the blocks of rows), so that each thread reads only its chunk's weights: on
/// layers with few rows of pixels and many weights (7x7 images) the rows alone give two threads
/// an uneven split and each the whole weight matrix. k_tasks = 1 is conv_direct_nhwc exactly.
void schedule_direct_nhwc(const ConvAlgorithm& a, const Config& config, int k_tasks,
                          const Halide::Target& target);

}  // namespace kf
