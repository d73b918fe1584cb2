// make_resize_conv_algorithm: the upsampling as a Func, handed to make_conv_algorithm as its
// source. Integer arithmetic gives PyTorch's half-pixel rule exactly: for upsampled index u and
// factor f, the source coordinate (u + 0.5) / f - 0.5 equals num / (2f) with num = 2u + 1 - f,
// so i0 = floor(num / 2f) (Halide's integer division rounds down) and lambda = (num - 2f i0) / 2f.
// Clamping i0 and i0 + 1 into [0, in - 1] reproduces PyTorch's clamp of the coordinate at 0 and
// of i1 at in - 1 (both indices then read the same element).
#include "dsl/resize_conv_algorithm.h"

namespace kf {

using Halide::Expr;
using Halide::Func;
using Halide::Var;

std::vector<Halide::Argument> ResizeConvAlgorithm::arguments() const {
  std::vector<Halide::Argument> result = {input};
  for (const Halide::Argument& a : conv.arguments()) result.push_back(a);
  return result;
}

Func upsample(const Halide::ImageParam& input, Layout layout, int rank, ResizeMode mode,
              const std::vector<Expr>& factors, const std::vector<Expr>& small,
              const std::vector<Var>& args, const std::string& name) {
  const bool nhwc = layout == Layout::kNHWC;
  const Var c = nhwc ? args.front() : args[rank];
  const Var n = args.back();
  std::vector<Var> u;
  for (int i = 0; i < rank; ++i) u.push_back(args[nhwc ? 1 + i : i]);
  // Input coordinates in layout order from spatial coordinates innermost first.
  auto input_at = [&](const std::vector<Expr>& spatial) {
    std::vector<Expr> coords;
    if (nhwc) coords.push_back(c);
    coords.insert(coords.end(), spatial.begin(), spatial.end());
    if (!nhwc) coords.push_back(c);
    coords.push_back(n);
    return input(coords);
  };
  Func upsampled(name);
  if (mode == ResizeMode::kNearest) {
    std::vector<Expr> source;
    for (int i = 0; i < rank; ++i) {
      source.push_back(Halide::Internal::is_const_one(factors[i]) ? Expr(u[i]) : u[i] / factors[i]);
    }
    upsampled(args) = input_at(source);
    return upsampled;
  }
  // Per dim: the two clamped source indices and the weight of the second.
  std::vector<Expr> lo, hi, lambda;
  for (int i = 0; i < rank; ++i) {
    const Expr f = factors[i];
    Expr num = 2 * u[i] + (1 - f);
    Expr i0 = num / (2 * f);
    lambda.push_back(Halide::cast<float>(num - 2 * f * i0) / Halide::cast<float>(2 * f));
    lo.push_back(Halide::clamp(i0, 0, small[i] - 1));
    hi.push_back(Halide::clamp(i0 + 1, 0, small[i] - 1));
  }
  // Tensor product of the 1D rules: a sum over the 2^rank corners.
  Expr value;
  for (int corner = 0; corner < (1 << rank); ++corner) {
    std::vector<Expr> at;
    Expr weight;
    for (int i = 0; i < rank; ++i) {
      const bool upper = (corner >> i) & 1;
      at.push_back(upper ? hi[i] : lo[i]);
      Expr w = upper ? lambda[i] : 1.0f - lambda[i];
      weight = weight.defined() ? weight * w : w;
    }
    Expr term = weight * input_at(at);
    value = value.defined() ? value + term : term;
  }
  upsampled(args) = value;
  return upsampled;
}

ResizeConvAlgorithm make_resize_conv_algorithm(const ResizeConvDesc& desc,
                                               const std::string& prefix) {
  const ConvDesc& cd = desc.conv;
  const int rank = cd.spatial_rank;
  const bool nhwc = cd.layout == Layout::kNHWC;
  ResizeConvAlgorithm a;
  a.desc = desc;
  a.input = Halide::ImageParam(Halide::Float(32), rank + 2, prefix + "_input");

  static const char* kNames[kMaxSpatialRank] = {"u_w", "u_h", "u_d"};
  Var c("c"), n("n");
  std::vector<Var> u;
  for (int i = 0; i < rank; ++i) u.push_back(Var(kNames[i]));
  if (nhwc) a.upsampled_args.push_back(c);
  a.upsampled_args.insert(a.upsampled_args.end(), u.begin(), u.end());
  if (!nhwc) a.upsampled_args.push_back(c);
  a.upsampled_args.push_back(n);

  std::vector<Expr> factors, small;
  for (int i = 0; i < rank; ++i) {
    factors.push_back(static_cast<int>(desc.factor));
    small.push_back(static_cast<int>(desc.input_size(rank - 1 - i)));
  }
  a.upsampled = upsample(a.input, cd.layout, rank, desc.mode, factors, small, a.upsampled_args,
                         prefix + "_upsampled");

  a.conv = make_conv_algorithm(cd, prefix, a.upsampled);

  // The small input is dense with the shape known at generation time.
  const std::vector<int64_t> shape = desc.input_shape();
  int64_t stride = 1;
  for (int d = 0; d < rank + 2; ++d) {
    const int64_t extent = shape[rank + 1 - d];
    a.input.dim(d).set_bounds(0, static_cast<int>(extent)).set_stride(static_cast<int>(stride));
    stride *= extent;
  }
  return a;
}

}  // namespace kf
