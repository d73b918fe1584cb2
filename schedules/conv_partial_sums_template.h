// conv_partial_sums_nhwc: the convolution template for layers with few outputs and a long
// reduction, such as a classifier's 1x1 convolution at one pixel (MobileNet's conv11: 1024 input
// channels, 5 outputs). Its input channels are dealt round-robin to independent partial sums
// (Halide's rfactor), which are added at the end: several FMA chains in flight where the direct
// template's register tile has one accumulator per output vector, each FMA waiting for the last.
#pragma once

#include "dsl/conv_desc.h"
#include "schedules/op_template.h"

namespace kf {

/// True when conv_partial_sums_nhwc applies: NHWC, one group, at most kPartialSumsMaxOutputs
/// outputs per image (pixels x output channels) and a reduction (input channels x taps) of at
/// least kPartialSumsMinReduction steps.
bool partial_sums_applicable(const ConvDesc& desc);
constexpr int64_t kPartialSumsMaxOutputs = 128;
constexpr int64_t kPartialSumsMinReduction = 64;

/// The template (schedules/conv_partial_sums.cpp).
const Template& conv_partial_sums_nhwc_template();

}  // namespace kf
