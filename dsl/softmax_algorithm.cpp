// make_softmax_algorithm: the one definition of softmax that every softmax template schedules.
// Rank- and layout-generic: the axis is found in the physical shape and reduced with one RDom.
#include "dsl/softmax_algorithm.h"

namespace kf {

using Halide::Expr;
using Halide::Func;
using Halide::Var;

Expr softmax_exp(const Expr& x_in) {
  // exp(x) = 2^k * exp(r), k = round(x / ln 2), r = x - k ln 2 (ln 2 split in two for accuracy).
  const Expr x = Halide::clamp(x_in, -87.0f, 88.0f);
  const Expr k = Halide::floor(x * 1.44269504088896341f + 0.5f);
  Expr r = x - k * 0.693359375f;
  r = r - k * -2.12194440e-4f;
  const Expr z = r * r;
  Expr p = 1.9875691500e-4f;
  for (float c :
       {1.3981999507e-3f, 8.3334519073e-3f, 4.1665795894e-2f, 1.6666665459e-1f, 5.0000001201e-1f}) {
    p = p * r + c;
  }
  const Expr poly = p * z + r + 1.0f;
  const Expr scale = Halide::reinterpret(Halide::Float(32), (Halide::cast<int32_t>(k) + 127) << 23);
  return poly * scale;
}

SoftmaxAlgorithm make_softmax_algorithm(const SoftmaxDesc& desc, const std::string& prefix,
                                        SoftmaxSizes sizes) {
  SoftmaxAlgorithm a;
  a.desc = desc;
  const std::vector<int64_t> shape = desc.physical_shape();
  const int rank = desc.rank();
  a.input = Halide::ImageParam(Halide::Float(32), rank, prefix + "_input");

  // Var names follow the physical dims, innermost first: e.g. NHWC -> c, w, h, n.
  std::vector<std::string> names;
  static const char* const kSpatial[] = {"d", "h", "w"};
  names.push_back("n");
  if (rank >= 2) names.push_back("c");
  for (int i = 2; i < rank; ++i) names.push_back(kSpatial[kMaxSpatialRank - (rank - 2) + i - 2]);
  if (desc.layout == Layout::kNHWC && rank >= 3) {
    names.erase(names.begin() + 1);
    names.push_back("c");
  }
  for (int d = rank - 1; d >= 0; --d) a.args.push_back(Var(names[d]));
  a.axis_dim = rank - 1 - desc.physical_dim(desc.axis);
  for (int d = 0; d < rank; ++d) {
    if (d != a.axis_dim) a.row_args.push_back(a.args[d]);
  }
  const Expr axis_extent = sizes == SoftmaxSizes::kFixed ? Expr(static_cast<int>(desc.axis_size()))
                                                         : a.input.dim(a.axis_dim).extent();
  a.axis = Halide::RDom(0, axis_extent, prefix + "_r");

  // Coordinates of the input at the reduction index, the other dims from row_args.
  std::vector<Expr> at_r;
  for (int d = 0; d < rank; ++d) at_r.push_back(d == a.axis_dim ? Expr(a.axis.x) : Expr(a.args[d]));

  a.max_value = Func(prefix + "_max");
  a.max_value(a.row_args) = Halide::Float(32).min();
  a.max_value(a.row_args) = Halide::max(a.max_value(a.row_args), a.input(at_r));

  a.exp_values = Func(prefix + "_exp");
  a.exp_values(a.args) = softmax_exp(a.input(a.args) - a.max_value(a.row_args));

  a.sum = Func(prefix + "_sum");
  a.sum(a.row_args) = 0.0f;
  a.sum(a.row_args) += a.exp_values(at_r);

  a.inverse_sum = Func(prefix + "_inverse_sum");
  a.inverse_sum(a.row_args) = 1.0f / a.sum(a.row_args);

  a.output = Func(prefix + "_output");
  a.output(a.args) = a.exp_values(a.args) * a.inverse_sum(a.row_args);

  if (sizes == SoftmaxSizes::kRunTime) return a;
  // Shapes known at generation time: dense in the user's layout.
  auto constrain = [&shape, rank](Halide::OutputImageParam p) {
    int64_t stride = 1;
    for (int d = 0; d < rank; ++d) {
      const int64_t extent = shape[rank - 1 - d];
      p.dim(d).set_bounds(0, static_cast<int>(extent)).set_stride(static_cast<int>(stride));
      stride *= extent;
    }
  };
  constrain(a.input);
  constrain(a.output.output_buffer());
  return a;
}

}  // namespace kf
