// make_generic_deconv_pipeline: guarded vectors along the contiguous dim, one row of
// accumulators at a time, rows in parallel.
#include "schedules/deconv_generic_schedule.h"

#include <vector>

namespace kf {

using Halide::TailStrategy;
using Halide::Var;
using Halide::VarOrRVar;

GenericDeconvPipeline make_generic_deconv_pipeline(Layout layout, DeconvWeights weight_layout,
                                                   const Halide::Target& target) {
  GenericDeconvPipeline result{make_generic_deconv_algorithm(layout, weight_layout),
                               Halide::Pipeline()};
  const GenericDeconvAlgorithm& a = result.algorithm;
  const int lanes = target.natural_vector_size<float>();
  Halide::Func output = a.output, accumulate = a.accumulate;
  const Var w = a.spatial[0], h = a.spatial[1], d = a.spatial[2];
  const Var hd("gd_hd"), row("gd_row");
  std::vector<VarOrRVar> update_order;
  if (layout == Layout::kNHWC) {
    // Output (k, w, h, d, n): each pixel's channels accumulate in a vector-wide buffer; the
    // taps' where() does not depend on the channel, so the update is a plain vector loop.
    output.fuse(h, d, hd).fuse(hd, a.n, row).parallel(row);
    output.vectorize(a.k, lanes, TailStrategy::GuardWithIf);
    accumulate.compute_at(output, w).vectorize(a.k, lanes, TailStrategy::GuardWithIf);
    update_order.push_back(a.k);
    for (int i = 0; i < a.reduction.dimensions(); ++i) update_order.push_back(a.reduction[i]);
    accumulate.update().reorder(update_order).vectorize(a.k, lanes, TailStrategy::GuardWithIf);
  } else {
    // Output (w, h, d, k, n): a row of columns per (h, d, k, n); which taps land depends on
    // the column, so the update runs column by column.
    const Var hdk("gd_hdk");
    output.fuse(h, d, hd).fuse(hd, a.k, hdk).fuse(hdk, a.n, row).parallel(row);
    output.vectorize(w, lanes, TailStrategy::GuardWithIf);
    accumulate.compute_at(output, row).vectorize(w, lanes, TailStrategy::GuardWithIf);
    accumulate.update().unscheduled();
  }
  result.pipeline = Halide::Pipeline(output);
  return result;
}

}  // namespace kf
