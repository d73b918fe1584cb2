// fold_batch_norm: per-output-channel scaling of the weights and shift of the bias.
#include "dsl/conv_fusion.h"

#include <cmath>
#include <string>

#include "dsl/input_error.h"

namespace kf {

namespace {

void check_size(const std::vector<float>& values, const char* name, int64_t oc) {
  if (static_cast<int64_t>(values.size()) != oc) {
    throw InputError(
        std::string("batch norm ") + name,
        "must have oc = " + std::to_string(oc) + " values, got " + std::to_string(values.size()));
  }
}

}  // namespace

FoldedConv fold_batch_norm(const ConvDesc& desc, const float* weights, const float* bias,
                           const BatchNormParams& bn) {
  validate(desc);
  for (const auto& [values, name] :
       {std::pair{&bn.mean, "mean"}, std::pair{&bn.variance, "variance"},
        std::pair{&bn.gamma, "gamma"}, std::pair{&bn.beta, "beta"}}) {
    check_size(*values, name, desc.oc);
  }
  if (!(bn.epsilon > 0)) {
    throw InputError("batch norm epsilon", "must be positive, got " + std::to_string(bn.epsilon));
  }
  std::vector<double> scale(desc.oc);
  for (int64_t o = 0; o < desc.oc; ++o) {
    if (!(bn.variance[o] >= 0)) {
      throw InputError("batch norm variance",
                       "channel " + std::to_string(o) +
                           " is negative or NaN: " + std::to_string(bn.variance[o]));
    }
    scale[o] = bn.gamma[o] / std::sqrt(static_cast<double>(bn.variance[o]) + bn.epsilon);
  }

  FoldedConv folded{desc, {}, std::vector<float>(desc.oc)};
  folded.desc.bias = true;
  const int64_t count = desc.weight_elements();
  folded.weights.resize(count);
  // OIHW (NCHW and NCHW16c): the output channel is the outermost dim; HWIO: the innermost.
  const int64_t per_output = count / desc.oc;
  for (int64_t i = 0; i < count; ++i) {
    const int64_t o = desc.layout != Layout::kNHWC ? i / per_output : i % desc.oc;
    folded.weights[i] = static_cast<float>(weights[i] * scale[o]);
  }
  for (int64_t o = 0; o < desc.oc; ++o) {
    const double b = desc.bias ? bias[o] : 0.0;
    folded.bias[o] = static_cast<float>((b - bn.mean[o]) * scale[o] + bn.beta[o]);
  }
  return folded;
}

}  // namespace kf
