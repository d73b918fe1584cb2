// make_norm_algorithm: the one definition of every normalisation op that the templates schedule.
// Row-wise ops (lnorm, rmsnorm) reduce over the innermost dims; channel ops (gnorm, inorm)
// reduce per channel over space and then over the channels of a group; bnorm reads its
// statistics. All end in the same shape: output = x * scale + shift, or its row-wise kin.
#include "dsl/norm_algorithm.h"

#include <stdexcept>

#include "dsl/dense_bounds.h"

namespace kf {

using Halide::Expr;
using Halide::Func;
using Halide::Var;

namespace {

// Extent of Halide dim `dim` of the input: `fixed` with fixed sizes, else the buffer's.
Expr extent_of(const NormAlgorithm& a, int dim, int64_t fixed) {
  return a.runtime_sizes ? a.input.dim(dim).extent() : Expr(static_cast<int>(fixed));
}

// Epsilon: the descriptor's, or the run-time parameter.
Expr epsilon_of(const NormAlgorithm& a) {
  return a.runtime_sizes ? Expr(a.epsilon) : Expr(static_cast<float>(a.desc.epsilon));
}

std::vector<Expr> as_exprs(const std::vector<Var>& vars) {
  return std::vector<Expr>(vars.begin(), vars.end());
}

void define_rows(NormAlgorithm& a, const std::string& prefix) {
  const NormDesc& d = a.desc;
  const int rank = static_cast<int>(d.dims.size());
  const int nd = d.norm_dims;
  Halide::Region ranges;
  for (int i = 0; i < rank; ++i) {
    const std::string index = std::to_string(i);
    if (i < nd) {
      a.inner.push_back(Var("x" + index));
      ranges.push_back({0, extent_of(a, i, d.dims[rank - 1 - i])});
    } else {
      a.outer.push_back(Var("row" + std::to_string(i - nd)));
    }
  }
  a.args = a.inner;
  a.args.insert(a.args.end(), a.outer.begin(), a.outer.end());
  a.reduction = Halide::RDom(ranges, prefix + "_r");
  std::vector<Expr> at_r;
  for (int i = 0; i < nd; ++i) at_r.push_back(a.reduction[i]);
  for (const Var& v : a.outer) at_r.push_back(v);
  const Expr x_r = a.input(at_r);
  Expr count = static_cast<float>(d.reduction_size());
  if (a.runtime_sizes) {
    Expr elements = 1;
    for (int i = 0; i < nd; ++i) elements *= a.input.dim(i).extent();
    count = Halide::cast<float>(elements);
  }
  const std::vector<Expr> row = as_exprs(a.outer);

  a.sum_sq = Func(prefix + "_sum_sq");
  a.inv_std = Func(prefix + "_inv_std");
  a.output = Func(prefix + "_output");
  const Expr x = a.input(a.args);
  const Expr eps = epsilon_of(a);
  if (d.kind == NormKind::kRms) {
    a.sum_sq(row) = 0.0f;
    a.sum_sq(row) += x_r * x_r;
    a.inv_std(row) = 1.0f / Halide::sqrt(a.sum_sq(row) / count + eps);
    a.output(a.args) = x * a.inv_std(row) * a.params[0](as_exprs(a.inner));
    return;
  }
  a.mean = Func(prefix + "_mean");
  if (a.statistics == NormStatistics::kWelford) {
    std::vector<int64_t> others;  // the normalised dims after the innermost, innermost first
    for (int i = 1; i < nd; ++i) others.push_back(d.dims[rank - 1 - i]);
    const std::vector<Var> outer = a.outer;
    const Halide::ImageParam input = a.input;
    auto element = [input, outer](const Expr& along, const std::vector<Expr>& rest) {
      std::vector<Expr> at = {along};
      at.insert(at.end(), rest.begin(), rest.end());
      at.insert(at.end(), outer.begin(), outer.end());
      return input(at);
    };
    a.welford = make_welford_statistics(prefix, element, d.dims.back(), others, a.outer,
                                        a.welford_partitions);
    a.sum = a.welford.sum;
    a.sum_sq = a.welford.m2;
    a.mean(row) = a.sum(row) / count;
  } else {
    a.sum = Func(prefix + "_sum");
    a.sum(row) = 0.0f;
    a.sum(row) += x_r;
    a.mean(row) = a.sum(row) / count;
    const Expr deviation = x_r - a.mean(row);
    a.sum_sq(row) = 0.0f;
    a.sum_sq(row) += deviation * deviation;
  }
  const Expr variance = a.sum_sq(row) / count;
  a.inv_std(row) = 1.0f / Halide::sqrt(variance + eps);
  const std::vector<Expr> at_inner = as_exprs(a.inner);
  a.output(a.args) =
      (x - a.mean(row)) * a.inv_std(row) * a.params[0](at_inner) + a.params[1](at_inner);
}

void define_channels(NormAlgorithm& a, const std::string& prefix) {
  const NormDesc& d = a.desc;
  const int rank = d.spatial_rank;
  static const char* kNames[kMaxNormSpatialRank] = {"w", "h", "d"};
  for (int i = 0; i < rank; ++i) a.spatial.push_back(Var(kNames[i]));
  // Arguments in layout order for channel `c`, spatial (innermost first) and batch `n`.
  auto layout_order = [&](Expr c, const std::vector<Expr>& space, Expr n) {
    std::vector<Expr> out;
    if (d.layout == NormLayout::kNHWC) out.push_back(c);
    out.insert(out.end(), space.begin(), space.end());
    if (d.layout == NormLayout::kNCHW) out.push_back(c);
    out.push_back(n);
    return out;
  };
  if (d.layout == NormLayout::kNHWC) a.args.push_back(a.c);
  a.args.insert(a.args.end(), a.spatial.begin(), a.spatial.end());
  if (d.layout == NormLayout::kNCHW) a.args.push_back(a.c);
  a.args.push_back(a.n);
  a.scale = Func(prefix + "_scale");
  a.shift = Func(prefix + "_shift");
  a.output = Func(prefix + "_output");
  const Expr eps = epsilon_of(a);
  const Expr x = a.input(a.args);
  if (d.kind == NormKind::kBatch) {
    const auto& p = a.params;  // mean, variance, gamma, beta
    a.scale(a.c) = p[2](a.c) / Halide::sqrt(p[1](a.c) + eps);
    a.shift(a.c) = p[3](a.c) - p[0](a.c) * a.scale(a.c);
    a.output(a.args) = x * a.scale(a.c) + a.shift(a.c);
    return;
  }
  Halide::Region ranges;
  // Halide dims: NHWC (c, w, h, d, n), NCHW (w, h, d, c, n).
  const int first_spatial = d.layout == NormLayout::kNHWC ? 1 : 0;
  const int channel_dim = d.layout == NormLayout::kNHWC ? 0 : rank;
  for (int i = 0; i < rank; ++i) {
    ranges.push_back({0, extent_of(a, first_spatial + i, d.spatial[rank - 1 - i])});
  }
  if (rank == 0) ranges.push_back({0, 1});  // one element per channel: a single step
  a.reduction = Halide::RDom(ranges, prefix + "_r");
  std::vector<Expr> space_r;
  for (int i = 0; i < rank; ++i) space_r.push_back(a.reduction[i]);
  const Expr x_r = a.input(layout_order(a.c, space_r, a.n));
  Expr per_group = static_cast<int>(d.ic / d.groups);
  Expr count = static_cast<float>(d.reduction_size());
  if (a.runtime_sizes) {
    per_group = a.input.dim(channel_dim).extent() / a.group_count;
    Expr elements = per_group;
    for (int i = 0; i < rank; ++i) elements *= a.input.dim(first_spatial + i).extent();
    count = Halide::cast<float>(elements);
  }
  a.group_reduction = Halide::RDom({{0, per_group}}, prefix + "_rc");
  const Expr channel_of_group = a.g * per_group + a.group_reduction.x;
  const Expr group_of_c = !a.runtime_sizes && d.ic == d.groups ? Expr(a.c) : a.c / per_group;

  a.sum = Func(prefix + "_sum");
  a.mean = Func(prefix + "_mean");
  a.sum_sq = Func(prefix + "_sum_sq");
  if (a.statistics == NormStatistics::kWelford) {
    // Partitions along the innermost spatial dim (NCHW: contiguous; NHWC: one partition, the
    // channels are the vectors), the other spatial dims as runs.
    const int64_t width = rank > 0 ? d.spatial[rank - 1] : 1;
    std::vector<int64_t> others;
    for (int i = 1; i < rank; ++i) others.push_back(d.spatial[rank - 1 - i]);
    const Halide::ImageParam input = a.input;
    const Var c = a.c, n = a.n;
    auto element = [input, layout_order, c, n, rank](const Expr& along,
                                                     const std::vector<Expr>& rest) {
      std::vector<Expr> space;
      if (rank > 0) space.push_back(along);
      space.insert(space.end(), rest.begin(), rest.end());
      return input(layout_order(c, space, n));
    };
    a.welford =
        make_welford_statistics(prefix, element, width, others, {a.c, a.n}, a.welford_partitions);
    a.sum = a.welford.sum;
  } else {
    a.sum(a.c, a.n) = 0.0f;
    a.sum(a.c, a.n) += x_r;
  }
  a.group_sum = Func(prefix + "_group_sum");
  a.group_sum(a.g, a.n) = 0.0f;
  a.group_sum(a.g, a.n) += a.sum(channel_of_group, a.n);
  a.mean(a.g, a.n) = a.group_sum(a.g, a.n) / count;
  if (a.statistics == NormStatistics::kWelford) {
    // The channel's squared deviations from its own mean, moved to the group's mean.
    const Expr channel_count = static_cast<float>(a.welford.count);
    const Expr offset = a.sum(a.c, a.n) / channel_count - a.mean(group_of_c, a.n);
    a.sum_sq(a.c, a.n) = a.welford.m2(a.c, a.n) + channel_count * offset * offset;
  } else {
    const Expr deviation = x_r - a.mean(group_of_c, a.n);
    a.sum_sq(a.c, a.n) = 0.0f;
    a.sum_sq(a.c, a.n) += deviation * deviation;
  }
  a.group_sum_sq = Func(prefix + "_group_sum_sq");
  a.group_sum_sq(a.g, a.n) = 0.0f;
  a.group_sum_sq(a.g, a.n) += a.sum_sq(channel_of_group, a.n);
  const Expr variance = a.group_sum_sq(a.g, a.n) / count;
  a.inv_std = Func(prefix + "_inv_std");
  a.inv_std(a.g, a.n) = 1.0f / Halide::sqrt(variance + eps);
  a.scale(a.c, a.n) = a.params[0](a.c) * a.inv_std(group_of_c, a.n);
  a.shift(a.c, a.n) = a.params[1](a.c) - a.mean(group_of_c, a.n) * a.scale(a.c, a.n);
  a.output(a.args) = x * a.scale(a.c, a.n) + a.shift(a.c, a.n);
}

}  // namespace

std::vector<Halide::Argument> NormAlgorithm::arguments() const {
  std::vector<Halide::Argument> result = {input};
  for (const Halide::ImageParam& p : params) result.push_back(p);
  if (runtime_sizes) {
    result.push_back(epsilon);
    result.push_back(group_count);
  }
  return result;
}

NormAlgorithm make_norm_algorithm(const NormDesc& desc, NormStatistics statistics,
                                  const std::string& prefix, NormSizes sizes,
                                  int welford_partitions) {
  NormAlgorithm a;
  a.desc = desc;
  a.runtime_sizes = sizes == NormSizes::kRunTime;
  a.statistics = desc.kind == NormKind::kRms ? NormStatistics::kTwoPass : statistics;
  a.welford_partitions = welford_partitions;
  if (a.runtime_sizes && a.statistics == NormStatistics::kWelford) {
    throw std::logic_error("make_norm_algorithm: Welford statistics need fixed sizes");
  }
  const std::vector<TensorSpec> specs = desc.inputs();
  a.input = Halide::ImageParam(Halide::Float(32), static_cast<int>(specs[0].shape.size()),
                               prefix + "_input");
  if (!a.runtime_sizes) constrain_dense(a.input, specs[0].shape);
  for (size_t i = 1; i < specs.size(); ++i) {
    a.params.push_back(Halide::ImageParam(
        Halide::Float(32), static_cast<int>(specs[i].shape.size()), prefix + "_" + specs[i].role));
    if (!a.runtime_sizes) constrain_dense(a.params.back(), specs[i].shape);
  }
  if (desc.row_wise()) {
    define_rows(a, prefix);
  } else {
    define_channels(a, prefix);
  }
  if (!a.runtime_sizes) constrain_dense(a.output.output_buffer(), desc.output().shape);
  return a;
}

}  // namespace kf
