// make_generic_norm_pipeline: the run-time-size normalisation algorithm and its one schedule.
#include "schedules/norm_generic_schedule.h"

#include <vector>

namespace kf {

using Halide::TailStrategy;
using Halide::Var;

namespace {

// A descriptor of `kind` and `layout` in the canonical rank (only they reach the algorithm).
NormDesc canonical_desc(NormKind kind, NormLayout layout) {
  NormDesc desc;
  desc.kind = kind;
  if (desc.row_wise()) {
    desc.dims = {1, 1};
    desc.norm_dims = 1;
  } else {
    desc.mb = 1;
    desc.ic = 1;
    desc.groups = 1;
    desc.spatial_rank = 1;
    desc.spatial = {1, 0, 0};
    desc.layout = layout;
  }
  return desc;
}

void schedule_rows(const NormAlgorithm& a, int lanes) {
  // Output (x, row): statistics of a row, then its elements in vectors; rows in parallel.
  Halide::Func output = a.output;
  const Var x = a.inner[0], row = a.outer[0];
  output.vectorize(x, lanes, TailStrategy::GuardWithIf).parallel(row);
  for (Halide::Func f : {a.sum, a.mean, a.sum_sq, a.inv_std}) {
    if (f.defined()) f.compute_at(output, row);
  }
}

void schedule_channels(const NormAlgorithm& a, int lanes) {
  Halide::Func output = a.output;
  const bool nhwc = a.desc.layout == NormLayout::kNHWC;
  const Var w = a.spatial[0];
  const Var vector_dim = nhwc ? a.c : w;
  output.vectorize(vector_dim, lanes, TailStrategy::GuardWithIf);
  if (a.desc.kind == NormKind::kBatch) {
    // Per-channel scale and shift once; the output row by row (NHWC: pixels; NCHW: channels).
    const Var rows("generic_rows");
    output.fuse(nhwc ? w : a.c, a.n, rows).parallel(rows);
    for (Halide::Func f : {a.scale, a.shift}) f.compute_root();
    return;
  }
  // gnorm: the statistics of a sample (its channels' sums, then the groups'), then its output;
  // samples in parallel.
  output.parallel(a.n);
  for (Halide::Func f : {a.sum, a.group_sum, a.mean, a.sum_sq, a.group_sum_sq, a.inv_std}) {
    f.compute_at(output, a.n);
  }
  for (Halide::Func f : {a.scale, a.shift}) {
    f.compute_at(output, a.n).vectorize(a.c, lanes, TailStrategy::GuardWithIf);
  }
}

}  // namespace

GenericNormPipeline make_generic_norm_pipeline(NormKind kind, NormLayout layout,
                                               const Halide::Target& target) {
  GenericNormPipeline result{
      make_norm_algorithm(canonical_desc(kind, layout), NormStatistics::kTwoPass, "generic_norm",
                          NormSizes::kRunTime),
      Halide::Pipeline()};
  const int lanes = target.natural_vector_size<float>();
  if (result.algorithm.desc.row_wise()) {
    schedule_rows(result.algorithm, lanes);
  } else {
    schedule_channels(result.algorithm, lanes);
  }
  result.pipeline = Halide::Pipeline(result.algorithm.output);
  return result;
}

std::vector<int64_t> generic_norm_input_shape(const NormDesc& desc) {
  if (desc.row_wise()) {
    int64_t rows = 1, inner = 1;
    const int rank = static_cast<int>(desc.dims.size());
    for (int i = 0; i < rank; ++i) (i < rank - desc.norm_dims ? rows : inner) *= desc.dims[i];
    return {rows, inner};
  }
  int64_t pixels = 1;
  for (int i = 0; i < desc.spatial_rank; ++i) pixels *= desc.spatial[i];
  if (desc.layout == NormLayout::kNHWC) return {desc.mb, pixels, desc.ic};
  return {desc.mb, desc.ic, pixels};
}

}  // namespace kf
