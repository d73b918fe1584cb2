// make_generic_deconv_algorithm: transposed convolution in gather form over run-time sizes.
#include "dsl/deconv_generic_algorithm.h"

#include <string>

#include "dsl/conv_generic_algorithm.h"

namespace kf {

using Halide::Expr;
using Halide::Func;
using Halide::Var;

namespace {

constexpr int kRank = kGenericSpatialRank;
int channel_dim(Layout layout) { return generic_channel_dim(layout); }
int spatial_dim(Layout layout, int i) { return generic_spatial_dim(layout, i); }

}  // namespace

std::vector<Halide::Argument> GenericDeconvAlgorithm::arguments() const {
  std::vector<Halide::Argument> result = {input, weights, bias};
  for (const auto* list : {&stride, &dilation, &pad}) {
    for (const Halide::Param<int32_t>& p : *list) result.push_back(p);
  }
  result.insert(result.end(), {groups, has_bias, relu});
  return result;
}

GenericDeconvAlgorithm make_generic_deconv_algorithm(Layout layout, DeconvWeights weight_layout) {
  GenericDeconvAlgorithm a;
  a.layout = layout;
  a.weight_layout = weight_layout;
  a.input = Halide::ImageParam(Halide::Float(32), kRank + 2, "generic_deconv_input");
  a.weights = Halide::ImageParam(Halide::Float(32), kRank + 2, "generic_deconv_weights");
  a.bias = Halide::ImageParam(Halide::Float(32), 1, "generic_deconv_bias");
  static const char* kNames[kRank] = {"w", "h", "d"};
  for (int i = 0; i < kRank; ++i) {
    a.stride.emplace_back(std::string("generic_deconv_stride_") + kNames[i], 1);
    a.dilation.emplace_back(std::string("generic_deconv_dilation_") + kNames[i], 1);
    a.pad.emplace_back(std::string("generic_deconv_pad_") + kNames[i], 0);
    a.spatial.push_back(Var(std::string("gd") + kNames[i]));
  }
  if (layout == Layout::kNHWC) a.args.push_back(a.k);
  a.args.insert(a.args.end(), a.spatial.begin(), a.spatial.end());
  if (layout == Layout::kNCHW) a.args.push_back(a.k);
  a.args.push_back(a.n);

  // Weight dims of the channels and of tap i (innermost first).
  const bool pytorch = weight_layout == DeconvWeights::kPyTorch;
  const int weight_in = pytorch ? kRank + 1 : 0;
  const int weight_out = pytorch ? kRank : 1;
  auto weight_tap = [pytorch](int i) { return pytorch ? i : 2 + i; };
  const Expr in_channels = a.input.dim(channel_dim(layout)).extent();
  const Expr in_per_group = in_channels / a.groups;
  // PyTorch weights hold oc / groups outputs; TensorFlow's all oc (groups 1).
  const Expr out_per_group = pytorch ? Expr(a.weights.dim(weight_out).extent())
                                     : a.weights.dim(weight_out).extent() / a.groups;

  Halide::Region ranges = {{0, in_per_group}};
  for (int i = 0; i < kRank; ++i) ranges.push_back({0, a.weights.dim(weight_tap(i)).extent()});
  a.reduction = Halide::RDom(ranges, "generic_deconv_r");

  // The input pixel each tap reads: (o + pad - t * dilation) / stride when that divides
  // exactly and lands inside the input.
  std::vector<Expr> input_at(kRank + 2), weight_at(kRank + 2);
  Expr lands = Halide::Internal::const_true();
  for (int i = 0; i < kRank; ++i) {
    const Expr reach = a.spatial[i] + a.pad[i] - a.reduction[1 + i] * a.dilation[i];
    const Expr pixel = reach / a.stride[i];
    const int dim = spatial_dim(layout, i);
    lands = lands && reach >= 0 && reach % a.stride[i] == 0 && pixel < a.input.dim(dim).extent();
    input_at[dim] = Halide::clamp(pixel, 0, a.input.dim(dim).extent() - 1);
    weight_at[weight_tap(i)] = a.reduction[1 + i];
  }
  a.reduction.where(lands);
  const Expr group = a.k / out_per_group;
  input_at[channel_dim(layout)] = group * in_per_group + a.reduction[0];
  input_at[kRank + 1] = a.n;
  weight_at[weight_in] = group * in_per_group + a.reduction[0];
  weight_at[weight_out] = pytorch ? a.k % out_per_group : Expr(a.k);

  const Expr last_bias = a.bias.dim(0).extent() - 1;
  a.accumulate = Func("generic_deconv_accumulate");
  a.accumulate(a.args) = select(a.has_bias, a.bias(clamp(a.k, 0, last_bias)), 0.0f);
  a.accumulate(a.args) += a.input(input_at) * a.weights(weight_at);

  const Expr value = a.accumulate(a.args);
  a.output = Func("generic_deconv_output");
  a.output(a.args) = select(a.relu, max(value, 0.0f), value);
  return a;
}

std::vector<int64_t> generic_deconv_input_shape(const DeconvDesc& desc) {
  return with_three_spatial_dims(desc.input_shape(), desc.spatial_rank,
                                 desc.layout == Layout::kNHWC ? 1 : 2);
}

std::vector<int64_t> generic_deconv_weight_shape(const DeconvDesc& desc) {
  return with_three_spatial_dims(desc.weight_shape(), desc.spatial_rank,
                                 desc.weights == DeconvWeights::kPyTorch ? 2 : 0);
}

std::vector<int64_t> generic_deconv_output_shape(const DeconvDesc& desc) {
  return with_three_spatial_dims(desc.output_shape(), desc.spatial_rank,
                                 desc.layout == Layout::kNHWC ? 1 : 2);
}

}  // namespace kf
