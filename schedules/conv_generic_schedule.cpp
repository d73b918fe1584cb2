// schedule_generic_conv: guarded vectors along the contiguous dim, one row of accumulators at a
// time, rows in parallel.
#include "schedules/conv_generic_schedule.h"

#include <vector>

namespace kf {

using Halide::TailStrategy;
using Halide::Var;
using Halide::VarOrRVar;

void schedule_generic_conv(const GenericConvAlgorithm& a, const Halide::Target& target) {
  const int lanes = target.natural_vector_size<float>();
  Halide::Func output = a.output;
  Halide::Func conv = a.conv;
  const Var w = a.spatial[0], h = a.spatial[1], d = a.spatial[2];
  std::vector<VarOrRVar> update_order;
  Var vector_dim = a.k;
  if (a.layout == Layout::kNHWC) {
    // Output (k, w, h, d, n): a row is one (h, d, n); each pixel's channels accumulate in a
    // vector-wide buffer, the reduction outside the channel vectors.
    const Var hd("g_hd"), row("g_row");
    output.fuse(h, d, hd).fuse(hd, a.n, row).parallel(row);
    output.vectorize(a.k, lanes, TailStrategy::GuardWithIf);
    conv.compute_at(output, w).vectorize(a.k, lanes, TailStrategy::GuardWithIf);
    update_order.push_back(a.k);
  } else {
    // Output (w, h, d, k, n): a row is one (h, d, k, n); its columns accumulate together.
    const Var hd("g_hd"), hdk("g_hdk"), row("g_row");
    output.fuse(h, d, hd).fuse(hd, a.k, hdk).fuse(hdk, a.n, row).parallel(row);
    output.vectorize(w, lanes, TailStrategy::GuardWithIf);
    conv.compute_at(output, row).vectorize(w, lanes, TailStrategy::GuardWithIf);
    update_order.push_back(w);
    vector_dim = w;
  }
  for (int i = 0; i < a.reduction.dimensions(); ++i) update_order.push_back(a.reduction[i]);
  conv.update().reorder(update_order);
  conv.update().vectorize(vector_dim, lanes, TailStrategy::GuardWithIf);
}

GenericConvPipeline make_generic_conv_pipeline(Layout layout, const Halide::Target& target) {
  GenericConvPipeline result{make_generic_conv_algorithm(layout), Halide::Pipeline()};
  schedule_generic_conv(result.algorithm, target);
  result.pipeline = Halide::Pipeline(result.algorithm.output);
  return result;
}

}  // namespace kf
