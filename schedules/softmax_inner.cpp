// softmax_inner: softmax whose axis is contiguous in memory (see softmax_template.h).
//
// One row = the axis at fixed other coordinates. Maximum and sum are vectorised along the axis
// by rfactor: `chunk` = lanes x unroll partial results per row, reduced to one at the end.
// exp() is either stored per row (store_exp) or recomputed for the output. Rows are fused into
// one loop and handed out in blocks of rows_per_task to threads.
#include <algorithm>

#include "schedules/schedule_helpers.h"
#include "schedules/softmax_template.h"

namespace kf {

namespace {

using Halide::TailStrategy;
using Halide::Var;

struct InnerKnobs {
  int lanes = 1;
  int unroll = 1;
  bool store_exp = false;
  int rows_per_task = 1;
};

const char* const kKnobNames[] = {"lanes", "unroll", "store_exp", "rows_per_task"};

InnerKnobs decode(const Config& config) {
  const auto& v = config.values;
  return InnerKnobs{v[0], v[1], v[2] != 0, v[3]};
}

class SoftmaxInner final : public SoftmaxTemplate {
 public:
  std::string name() const override { return "softmax_inner"; }
  int version() const override { return 1; }

  bool applicable(const SoftmaxDesc& desc) const override { return softmax_axis_contiguous(desc); }

  KnobSpace knob_space(const SoftmaxDesc& desc, const Halide::Target& target) const override {
    const int64_t length = desc.axis_size();
    const int natural = target.natural_vector_size<float>();
    std::vector<int> lanes = sizes_up_to({4, 8, 16}, std::min<int64_t>(natural, length));
    std::vector<Knob> knobs = {
        {kKnobNames[0], lanes, {}},
        {kKnobNames[1], {1, 2, 4}, {}},
        {kKnobNames[2], {0, 1}, {}},
        {kKnobNames[3], {1, 4, 16, 64}, {}},
    };
    return KnobSpace(std::move(knobs), [length](const Config& c) {
      const InnerKnobs k = decode(c);
      // Several partial vectors need whole chunks: Halide 14 miscompiles the guarded tail of an
      // unrolled rfactor (NaN results were observed), so tails use one partial vector.
      return k.unroll == 1 || length % (k.lanes * k.unroll) == 0;
    });
  }

  Config baseline(const SoftmaxDesc& desc, const Halide::Target& target) const override {
    // Widest vector, two partial vectors per reduction, exp stored, a few rows per task.
    const KnobSpace space = knob_space(desc, target);
    const int lanes = space.knobs()[0].values.back();
    const int unroll = desc.axis_size() % (lanes * 2) == 0 ? 2 : 1;
    return Config{{lanes, unroll, 1, 4}};
  }

  void apply(const SoftmaxAlgorithm& a, const Config& config,
             const Halide::Target&) const override {
    const InnerKnobs knobs = decode(config);
    Halide::Func output = a.output;
    const Var axis_var = a.args[a.axis_dim];
    Var task("task"), row("row");
    output.vectorize(axis_var, knobs.lanes);

    // Every other dim, innermost first, fused into the row loop; dims of extent 1 stay outside
    // the fusion (innermost), so the fused loop carries no division by 1.
    const std::vector<int64_t> shape = a.desc.physical_shape();
    std::vector<Halide::VarOrRVar> order;
    std::vector<Var> row_dims;
    for (int d = 0; d < static_cast<int>(a.args.size()); ++d) {
      if (d == a.axis_dim) continue;
      if (shape[shape.size() - 1 - d] == 1) {
        order.push_back(a.args[d]);
      } else {
        row_dims.push_back(a.args[d]);
      }
    }
    order.push_back(axis_var);
    order.insert(order.end(), row_dims.begin(), row_dims.end());
    output.reorder(order);
    Halide::LoopLevel at_row = Halide::LoopLevel::root();
    if (!row_dims.empty()) {
      const Var rows = fuse_loops(output, row_dims);
      output.split(rows, task, row, knobs.rows_per_task, TailStrategy::GuardWithIf).parallel(task);
      at_row = Halide::LoopLevel(output, row);
    }

    Halide::Func exp_values = a.exp_values, inverse_sum = a.inverse_sum;
    if (knobs.store_exp) exp_values.compute_at(at_row).vectorize(axis_var, knobs.lanes);
    inverse_sum.compute_at(at_row);
    const int chunk = knobs.lanes * knobs.unroll;
    for (Halide::Func reduced : {a.max_value, a.sum}) {
      reduced.compute_at(at_row);
      Halide::RVar outer(reduced.name() + "_ro"), inner(reduced.name() + "_ri");
      Var lane(reduced.name() + "_lane");
      Halide::Func partial =
          reduced.update().split(a.axis.x, outer, inner, chunk).rfactor(inner, lane);
      partial.compute_at(at_row);
      partial.vectorize(lane, knobs.lanes).unroll(lane);
      partial.update().reorder(lane, outer).vectorize(lane, knobs.lanes).unroll(lane);
    }
  }
};

}  // namespace

std::unique_ptr<SoftmaxTemplate> make_softmax_inner_template() {
  return std::make_unique<SoftmaxInner>();
}

}  // namespace kf
