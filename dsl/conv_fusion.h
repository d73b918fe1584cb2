// Fusion helpers for inference graphs: folding a batch norm into the convolution before it.
#pragma once

#include <vector>

#include "dsl/conv_desc.h"

namespace kf {

/// The parameters of an inference batch norm over the convolution's output channels, each of
/// size oc: y = gamma * (x - mean) / sqrt(variance + epsilon) + beta.
struct BatchNormParams {
  std::vector<float> mean, variance, gamma, beta;
  float epsilon = 1e-5f;
};

/// A convolution with a batch norm folded in: the same shapes, bias always present.
struct FoldedConv {
  ConvDesc desc;               ///< the input descriptor with bias = true
  std::vector<float> weights;  ///< same layout as the input weights (OIHW or HWIO)
  std::vector<float> bias;     ///< [oc]
};

/// Folds `bn` into `desc`'s weights and bias (bias may be null when desc.bias is false):
/// w'[o] = w[o] * s[o] and b'[o] = (b[o] - mean[o]) * s[o] + beta[o] with
/// s[o] = gamma[o] / sqrt(variance[o] + epsilon). The fused activation of `desc` stays after
/// the folded batch norm, as in conv -> bn -> relu. Computed in double. Throws InputError when a
/// parameter has the wrong size, a variance is negative, or epsilon is not positive.
FoldedConv fold_batch_norm(const ConvDesc& desc, const float* weights, const float* bias,
                           const BatchNormParams& bn);

}  // namespace kf
