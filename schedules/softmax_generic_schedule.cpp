// make_generic_softmax_pipeline: the run-time-size softmax algorithm and its one schedule.
#include "schedules/softmax_generic_schedule.h"

#include <vector>

namespace kf {

using Halide::TailStrategy;
using Halide::Var;

namespace {

// Any canonical-view descriptor: only its rank (3), layout and axis reach the algorithm.
SoftmaxDesc generic_view() {
  SoftmaxDesc desc;
  desc.dims = {1, 1, 1};
  desc.axis = 1;
  desc.layout = Layout::kNCHW;
  return desc;
}

void schedule_generic_softmax(const SoftmaxAlgorithm& a, const Halide::Target& target) {
  const int lanes = target.natural_vector_size<float>();
  Halide::Func output = a.output;
  const Var inner = a.args[0], axis = a.args[1], outer = a.args[2];
  const Var strip("generic_strip"), lane("generic_lane"), row("generic_row");
  output.split(inner, strip, lane, lanes, TailStrategy::GuardWithIf)
      .reorder(lane, axis, strip, outer)
      .fuse(strip, outer, row)
      .parallel(row);
  // A contiguous axis (inner extent 1): vectors along the axis instead.
  output.specialize(a.input.dim(0).extent() == 1).vectorize(axis, lanes, TailStrategy::GuardWithIf);
  output.vectorize(lane);
  const Halide::LoopLevel at_row(output, row);
  for (Halide::Func pointwise : {a.exp_values, a.inverse_sum}) {
    pointwise.compute_at(at_row).vectorize(inner, lanes, TailStrategy::GuardWithIf);
  }
  for (Halide::Func reduced : {a.max_value, a.sum}) {
    reduced.compute_at(at_row).vectorize(inner, lanes, TailStrategy::GuardWithIf);
    reduced.update().reorder(inner, a.axis.x).vectorize(inner, lanes, TailStrategy::GuardWithIf);
  }
}

}  // namespace

GenericSoftmaxPipeline make_generic_softmax_pipeline(const Halide::Target& target) {
  GenericSoftmaxPipeline result{
      make_softmax_algorithm(generic_view(), "generic_softmax", SoftmaxSizes::kRunTime),
      Halide::Pipeline()};
  schedule_generic_softmax(result.algorithm, target);
  result.pipeline = Halide::Pipeline(result.algorithm.output);
  return result;
}

std::vector<int64_t> generic_softmax_shape(const SoftmaxDesc& desc) {
  std::vector<int64_t> shape = canonical_view(desc).dims;
  if (shape.size() == 2) shape.push_back(1);
  return shape;
}

}  // namespace kf
