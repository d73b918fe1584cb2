// make_generic_conv_algorithm: forward convolution over run-time sizes and parameters.
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

std::vector<int64_t> with_three_spatial_dims(std::vector<int64_t> shape, int rank,
                                             int first_spatial) {
  shape.insert(shape.begin() + first_spatial, kGenericSpatialRank - rank, 1);
  return shape;
}

std::vector<Halide::Argument> GenericConvAlgorithm::arguments() const {
  std::vector<Halide::Argument> result;
  if (input.defined()) result.push_back(input);
  result.insert(result.end(), {weights, bias});
  for (const auto* list : {&stride, &dilation, &pad}) {
    for (const Halide::Param<int32_t>& p : *list) result.push_back(p);
  }
  result.insert(result.end(), {groups, has_bias, activation, clamp_min, clamp_max});
  return result;
}

namespace {

// The one definition behind both overloads; `source` and `extents` replace the input
// ImageParam when given.
GenericConvAlgorithm declare_generic_conv(Layout layout, const Func* source,
                                          const std::vector<Expr>* extents) {
  GenericConvAlgorithm a;
  a.layout = layout;
  if (!source) a.input = Halide::ImageParam(Halide::Float(32), kRank + 2, "generic_input");
  a.weights = Halide::ImageParam(Halide::Float(32), kRank + 2, "generic_weights");
  a.bias = Halide::ImageParam(Halide::Float(32), 1, "generic_bias");
  static const char* kNames[kRank] = {"w", "h", "d"};
  for (int i = 0; i < kRank; ++i) {
    a.stride.emplace_back(std::string("generic_stride_") + kNames[i], 1);
    a.dilation.emplace_back(std::string("generic_dilation_") + kNames[i], 1);
    a.pad.emplace_back(std::string("generic_pad_") + kNames[i], 0);
    a.spatial.push_back(Var(std::string("g") + kNames[i]));
  }
  a.args.clear();
  if (layout == Layout::kNHWC) a.args.push_back(a.k);
  a.args.insert(a.args.end(), a.spatial.begin(), a.spatial.end());
  if (layout == Layout::kNCHW) a.args.push_back(a.k);
  a.args.push_back(a.n);

  // Zero padding outside the input's spatial extents; channel and batch stay unbounded.
  Halide::Region bounds(kRank + 2);
  for (int i = 0; i < kRank; ++i) {
    const int dim = spatial_dim(layout, i);
    bounds[dim] = source ? Halide::Range(0, (*extents)[i])
                         : Halide::Range(a.input.dim(dim).min(), a.input.dim(dim).extent());
  }
  Func bounded = source ? Halide::BoundaryConditions::constant_exterior(*source, 0.0f, bounds)
                        : Halide::BoundaryConditions::constant_exterior(a.input, 0.0f, bounds);
  std::vector<Var> input_vars;
  for (int d = 0; d < kRank + 2; ++d) input_vars.push_back(Var("gi" + std::to_string(d)));
  a.padded = Func("generic_padded");
  a.padded(input_vars) = bounded(input_vars);

  // Weight dims: NDHWC's DHWIO is (k, c, kw, kh, kd); NCDHW's OIDHW is (kw, kh, kd, c, k).
  const bool nhwc = layout == Layout::kNHWC;
  const int weight_c = nhwc ? 1 : kRank;
  const int weight_k = nhwc ? 0 : kRank + 1;
  auto weight_tap = [nhwc](int i) { return nhwc ? 2 + i : i; };
  const Expr channels_per_group = a.weights.dim(weight_c).extent();
  const Expr outputs_per_group = a.weights.dim(weight_k).extent() / a.groups;
  Halide::Region ranges = {{0, channels_per_group}};
  for (int i = 0; i < kRank; ++i) ranges.push_back({0, a.weights.dim(weight_tap(i)).extent()});
  a.reduction = Halide::RDom(ranges, "generic_r");

  const Expr group = a.k / outputs_per_group;
  const Expr channel = group * channels_per_group + a.reduction[0];
  std::vector<Expr> input_at(kRank + 2), weight_at(kRank + 2);
  input_at[channel_dim(layout)] = channel;
  input_at[kRank + 1] = a.n;
  for (int i = 0; i < kRank; ++i) {
    input_at[spatial_dim(layout, i)] =
        a.spatial[i] * a.stride[i] - a.pad[i] + a.reduction[1 + i] * a.dilation[i];
    weight_at[weight_tap(i)] = a.reduction[1 + i];
  }
  weight_at[weight_c] = a.reduction[0];
  weight_at[weight_k] = a.k;

  const Expr last_bias = a.bias.dim(0).extent() - 1;
  a.conv = Func("generic_conv");
  a.conv(a.args) = select(a.has_bias, a.bias(clamp(a.k, 0, last_bias)), 0.0f);
  a.conv(a.args) += a.padded(input_at) * a.weights(weight_at);

  const Expr value = a.conv(a.args);
  a.output = Func("generic_output");
  a.output(a.args) = select(a.activation == 1, max(value, 0.0f), a.activation == 2,
                            clamp(value, a.clamp_min, a.clamp_max), value);
  return a;
}

}  // namespace

GenericConvAlgorithm make_generic_conv_algorithm(Layout layout) {
  return declare_generic_conv(layout, nullptr, nullptr);
}

GenericConvAlgorithm make_generic_conv_algorithm(Layout layout, const Func& source,
                                                 const std::vector<Expr>& extents) {
  return declare_generic_conv(layout, &source, &extents);
}

std::vector<int64_t> generic_input_shape(const ConvDesc& desc) {
  return with_three_spatial_dims(desc.input_shape(), desc.spatial_rank,
                                 desc.layout == Layout::kNHWC ? 1 : 2);
}

std::vector<int64_t> generic_weight_shape(const ConvDesc& desc) {
  return with_three_spatial_dims(desc.weight_shape(), desc.spatial_rank,
                                 desc.layout == Layout::kNHWC ? 0 : 2);
}

std::vector<int64_t> generic_output_shape(const ConvDesc& desc) {
  return with_three_spatial_dims(desc.output_shape(), desc.spatial_rank,
                                 desc.layout == Layout::kNHWC ? 1 : 2);
}

}  // namespace kf
