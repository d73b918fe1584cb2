// make_conv_algorithm: the one definition of forward convolution that every schedule template
// applies to. Rank-generic: spatial dims are built in a loop, innermost (w) first.
#include "dsl/conv_algorithm.h"

#include "dsl/dense_bounds.h"
#include "dsl/input_error.h"

namespace kf {

using Halide::Expr;
using Halide::Func;
using Halide::Var;

namespace {

// Halide dimension index (innermost first) of the channel dim and of spatial dim `i`
// (innermost first) for a tensor of `rank` spatial dims in `layout`.
int channel_dim(Layout layout, int rank) { return layout == Layout::kNHWC ? 0 : rank; }
int spatial_dim(Layout layout, int i) { return layout == Layout::kNHWC ? 1 + i : i; }

// Arranges (channel, spatial innermost first, batch) in the argument order of `layout`.
template <typename T>
std::vector<T> in_layout_order(Layout layout, const T& channel, const std::vector<T>& spatial,
                               const T& batch) {
  std::vector<T> out;
  if (layout == Layout::kNHWC) out.push_back(channel);
  out.insert(out.end(), spatial.begin(), spatial.end());
  if (layout == Layout::kNCHW) out.push_back(channel);
  out.push_back(batch);
  return out;
}

}  // namespace

std::vector<Halide::Argument> ConvAlgorithm::arguments() const {
  std::vector<Halide::Argument> result;
  if (input.defined()) result.push_back(input);
  result.push_back(weights);
  if (desc.bias) result.push_back(bias);
  return result;
}

namespace {

// The one definition behind the make_conv_algorithm* functions; `source` replaces the input
// ImageParam when given, `weight_block` > 0 packs the (NHWC) weights in blocks, and `padding`
// says how `padded` is declared.
ConvAlgorithm declare_conv(const ConvDesc& desc, const std::string& prefix, const Func* source,
                           int weight_block, PaddingForm padding) {
  const int rank = desc.spatial_rank;
  const Layout layout = desc.layout;
  ConvAlgorithm a;
  a.desc = desc;
  if (!source) a.input = Halide::ImageParam(Halide::Float(32), rank + 2, prefix + "_input");
  a.weights =
      Halide::ImageParam(Halide::Float(32), rank + (weight_block > 0 ? 3 : 2), prefix + "_weights");
  if (desc.bias) a.bias = Halide::ImageParam(Halide::Float(32), 1, prefix + "_bias");

  static const char* kSpatialNames[kMaxSpatialRank] = {"w", "h", "d"};
  static const char* kTapNames[kMaxSpatialRank] = {"r_kw", "r_kh", "r_kd"};
  a.k = Var("k");
  a.n = Var("n");
  for (int i = 0; i < rank; ++i) a.spatial.push_back(Var(kSpatialNames[i]));
  a.args = in_layout_order(layout, a.k, a.spatial, a.n);

  // Spatial dim i innermost first maps to desc index rank-1-i (desc arrays are outermost first).
  auto at = [rank](const std::array<int64_t, kMaxSpatialRank>& values, int i) {
    return static_cast<int>(values[rank - 1 - i]);
  };

  // Zero padding outside the spatial extent only; channel and batch stay unbounded.
  Halide::Region bounds(rank + 2);
  for (int i = 0; i < rank; ++i) bounds[spatial_dim(layout, i)] = {0, at(desc.in, i)};
  Func bounded = source ? Halide::BoundaryConditions::constant_exterior(*source, 0.0f, bounds)
                        : Halide::BoundaryConditions::constant_exterior(a.input, 0.0f, bounds);
  std::vector<Var> input_vars;
  for (int d = 0; d < rank + 2; ++d) input_vars.push_back(Var("i" + std::to_string(d)));
  a.padded = Func(prefix + "_padded");
  if (padding == PaddingForm::kBoundaryCondition) {
    a.padded(input_vars) = bounded(input_vars);
  } else {
    // Zeros everywhere, then the input over its spatial extent; channel and batch stay pure.
    Halide::Region extent;
    for (int i = 0; i < rank; ++i) extent.push_back({0, at(desc.in, i)});
    a.interior = Halide::RDom(extent, prefix + "_interior");
    std::vector<Expr> inside(input_vars.begin(), input_vars.end());
    for (int i = 0; i < rank; ++i) inside[spatial_dim(layout, i)] = a.interior[i];
    a.padded(input_vars) = 0.0f;
    a.padded(inside) = source ? (*source)(inside) : a.input(inside);
  }

  // Reduction: input channel within the group, then the kernel taps innermost first.
  const int channels_per_group = static_cast<int>(desc.ic / desc.groups);
  const int outputs_per_group = static_cast<int>(desc.oc / desc.groups);
  Halide::Region ranges = {{0, channels_per_group}};
  for (int i = 0; i < rank; ++i) ranges.push_back({0, at(desc.kernel, i)});
  a.reduction = Halide::RDom(ranges, prefix + "_r");
  const Halide::RVar r_c = a.reduction[0];

  // Input channel read by output channel k: its group's slice, no division when ungrouped.
  Expr in_channel =
      desc.groups == 1 ? Expr(r_c) : (a.k / outputs_per_group) * channels_per_group + r_c;
  std::vector<Expr> in_spatial, taps;
  for (int i = 0; i < rank; ++i) {
    Expr tap = a.reduction[1 + i];
    taps.push_back(tap);
    in_spatial.push_back(a.spatial[i] * at(desc.stride, i) + tap * at(desc.dilation, i) -
                         at(desc.pad_begin, i));
  }
  // Weights: NHWC pairs with HWIO (k, c, kw, kh...), NCHW with OIHW (kw, kh..., c, k).
  std::vector<Expr> weight_coords;
  if (weight_block > 0) {
    weight_coords = {a.k % weight_block, r_c};
    weight_coords.insert(weight_coords.end(), taps.begin(), taps.end());
    weight_coords.push_back(a.k / weight_block);
  } else if (layout == Layout::kNHWC) {
    weight_coords = {a.k, r_c};
    weight_coords.insert(weight_coords.end(), taps.begin(), taps.end());
  } else {
    weight_coords = taps;
    weight_coords.push_back(r_c);
    weight_coords.push_back(a.k);
  }

  a.conv = Func(prefix + "_accumulate");
  a.conv(a.args) = desc.bias ? a.bias(a.k) : Expr(0.0f);
  a.conv(a.args) += a.weights(weight_coords) *
                    a.padded(in_layout_order(layout, in_channel, in_spatial, Expr(a.n)));

  a.output = Func(prefix + "_output");
  Expr value = a.conv(a.args);
  if (desc.activation == Activation::kRelu) value = Halide::max(value, 0.0f);
  if (desc.activation == Activation::kClamp) {
    value = Halide::clamp(value, desc.clamp_min, desc.clamp_max);
  }
  a.output(a.args) = value;

  // Shapes known at generation time let Halide drop dynamic bounds arithmetic.
  const std::vector<int64_t> in_shape = desc.input_shape();
  const std::vector<int64_t> w_shape =
      weight_block > 0 ? packed_weight_shape(desc, weight_block) : desc.weight_shape();
  const std::vector<int64_t> out_shape = desc.output_shape();
  if (!source) constrain_dense(a.input, in_shape);
  constrain_dense(a.weights, w_shape);
  if (desc.bias) constrain_dense(a.bias, {desc.oc});
  constrain_dense(a.output.output_buffer(), out_shape);
  return a;
}

}  // namespace

ConvAlgorithm make_conv_algorithm(const ConvDesc& desc, const std::string& prefix,
                                  PaddingForm padding) {
  return declare_conv(desc, prefix, nullptr, 0, padding);
}

ConvAlgorithm make_conv_algorithm(const ConvDesc& desc, const std::string& prefix,
                                  const Func& source) {
  return declare_conv(desc, prefix, &source, 0, PaddingForm::kBoundaryCondition);
}

std::vector<int64_t> packed_weight_shape(const ConvDesc& desc, int block) {
  if (desc.layout != Layout::kNHWC) {
    throw InputError(
        "layout", "packed weight blocks are defined for NHWC convolutions, not " + to_string(desc));
  }
  if (block <= 0 || desc.oc % block != 0) {
    throw InputError("oc", "packed weight blocks of " + std::to_string(block) +
                               " channels need oc a multiple of the block; got oc " +
                               std::to_string(desc.oc));
  }
  std::vector<int64_t> shape = {desc.oc / block};
  shape.insert(shape.end(), desc.kernel.begin(), desc.kernel.begin() + desc.spatial_rank);
  shape.insert(shape.end(), {desc.ic / desc.groups, block});
  return shape;
}

ConvAlgorithm make_conv_algorithm_over_packed_weights(const ConvDesc& desc,
                                                      const std::string& prefix, int block,
                                                      PaddingForm padding) {
  (void)packed_weight_shape(desc, block);  // checks layout and divisibility
  return declare_conv(desc, prefix, nullptr, block, padding);
}

}  // namespace kf
