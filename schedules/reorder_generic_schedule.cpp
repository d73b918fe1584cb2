// make_generic_reorder_pipeline: the run-time-size reorder algorithm and its one schedule.
#include "schedules/reorder_generic_schedule.h"

#include <vector>

namespace kf {

using Halide::TailStrategy;
using Halide::Var;

GenericReorderPipeline make_generic_reorder_pipeline(ReorderLayout src, ReorderLayout dst,
                                                     const Halide::Target& target) {
  // Only the layouts and the rank of the descriptor reach the run-time algorithm.
  ReorderDesc desc;
  desc.spatial_rank = 1;
  desc.mb = 1;
  desc.ic = 1;
  desc.in = {1, 0, 0};
  desc.src = src;
  desc.dst = dst;
  GenericReorderPipeline result{
      make_reorder_algorithm(desc, "generic_reorder", ReorderSizes::kRunTime), Halide::Pipeline()};
  const ReorderAlgorithm& a = result.algorithm;
  Halide::Func output = a.output;
  const std::vector<Var>& args = a.args;
  const Var rows("generic_rows");
  output.vectorize(args[0], target.natural_vector_size<float>(), TailStrategy::GuardWithIf)
      .fuse(args[args.size() - 2], args.back(), rows)
      .parallel(rows);
  result.pipeline = Halide::Pipeline(output);
  return result;
}

ReorderDesc flattened_view(const ReorderDesc& desc) {
  ReorderDesc view = desc;
  int64_t pixels = 1;
  for (int i = 0; i < desc.spatial_rank; ++i) pixels *= desc.in[i];
  view.spatial_rank = 1;
  view.in = {pixels, 0, 0};
  return view;
}

}  // namespace kf
