// softmax_strided: softmax whose axis has a stride in memory (see softmax_template.h).
//
// The innermost dim is cut into strips of lanes x vectors elements; for each strip (and fixed
// outer coordinates) the maximum and the sum run over the axis with whole vectors of the strip,
// so every load is contiguous. exp() is either stored for the strip (store_exp) or recomputed
// for the output. Strips and outer dims are fused into one loop handed out in blocks of
// rows_per_task to threads.
#include <algorithm>
#include <cmath>

#include "schedules/schedule_helpers.h"
#include "schedules/softmax_template.h"

namespace kf {

namespace {

using Halide::TailStrategy;
using Halide::Var;

struct StridedKnobs {
  int lanes = 1;
  int vectors = 1;
  bool store_exp = false;
  int rows_per_task = 1;
};

const char* const kKnobNames[] = {"lanes", "vectors", "store_exp", "rows_per_task"};

StridedKnobs decode(const Config& config) {
  const auto& v = config.values;
  return StridedKnobs{v[0], v[1], v[2] != 0, v[3]};
}

// Extent of the innermost physical dim.
int64_t inner_extent(const SoftmaxDesc& desc) { return desc.physical_shape().back(); }

/// What `k` costs on the canonical view `d` (outer, axis, inner; see StreamingCost in
/// schedules/cost_features.h): per strip of lanes x vectors inner elements (the last shifted
/// inwards) and outer index, a maximum pass over the axis with `vectors` independent chains, an
/// exp-and-sum pass and an output pass, exp stored or computed twice.
CostFeatures strided_cost(const SoftmaxDesc& d, const StridedKnobs& k, int natural) {
  namespace vc = vector_cycles;
  int64_t elements = 1;
  for (int64_t e : d.dims) elements *= e;
  const int64_t width = inner_extent(d), length = d.axis_size();
  const int64_t outer = elements / (width * length);
  const int64_t strip = int64_t{k.lanes} * k.vectors;
  const double strips = std::ceil(static_cast<double>(width) / strip) * outer;
  // A strip that does not divide the inner extent (its last one shifted inwards) ran every
  // pass about twice as slowly (448x16x28x28, inner 784: strips of 16 1.4-1.6 ms, of 32-256
  // 2.5-3.6 ms), more than the overlap explains; counted as twice the vectors.
  const double shifted = width % strip != 0 ? 2.0 : 1.0;
  const double vectors = strips * k.vectors * length * shifted;
  const double useful = elements;
  StreamingCost cost(natural);
  cost.pass(vectors, std::max(vc::kLoad + vc::kAlu, 3.0 / k.vectors), useful);
  cost.pass(vectors, vc::kLoad + 2 * vc::kAlu + vc::kExp + (k.store_exp ? vc::kStore : 0), useful);
  cost.pass(vectors, vc::kLoad + vc::kAlu + vc::kStore + (k.store_exp ? 0 : vc::kExp + vc::kAlu),
            useful);
  // Per strip: 1/sum of its vectors and the loop set-up of three passes.
  cost.overhead(strips * (k.vectors * 4 * vc::kAlu + 30));
  // A strip's column (strip x axis) is re-read from L1 when it fits, else once per pass.
  const double strip_bytes = 4.0 * strip * length * (k.store_exp ? 2 : 1);
  const double passes = strip_bytes <= 32 * 1024 ? 1 : (k.store_exp ? 2 : 3);
  const double bytes = 4.0 * elements * (passes + 2);
  return cost.features(std::ceil(strips / k.rows_per_task),
                       beyond_l2_bytes(bytes, 8.0 * elements, last_level_cache_bytes()));
}

class SoftmaxStrided final : public SoftmaxTemplate {
 public:
  std::string name() const override { return "softmax_strided"; }
  int version() const override { return 2; }

  bool applicable(const SoftmaxDesc& desc) const override { return !softmax_axis_contiguous(desc); }

  KnobSpace knob_space(const SoftmaxDesc& desc, const Halide::Target& target) const override {
    const int64_t width = inner_extent(desc);
    const int natural = target.natural_vector_size<float>();
    std::vector<Knob> knobs = {
        {kKnobNames[0], sizes_up_to({4, 8, 16}, std::min<int64_t>(natural, width)), {}},
        {kKnobNames[1], {1, 2, 4, 8, 16}, {}},
        {kKnobNames[2], {0, 1}, {}},
        {kKnobNames[3], {1, 2, 4, 8, 32}, {}},
    };
    return KnobSpace(std::move(knobs), [width](const Config& c) {
      const StridedKnobs k = decode(c);
      return k.vectors == 1 || k.lanes * k.vectors <= width;
    });
  }

  Config baseline(const SoftmaxDesc& desc, const Halide::Target& target) const override {
    // Widest vector, a strip of up to 4 vectors (a few KB per strip for ~20 classes), exp
    // stored, one strip per task.
    const KnobSpace space = knob_space(desc, target);
    const int lanes = space.knobs()[0].values.back();
    int vectors = 1;
    for (int v : {2, 4}) {
      if (lanes * v <= inner_extent(desc)) vectors = v;
    }
    return Config{{lanes, vectors, 1, 1}};
  }

  std::optional<CostFeatures> cost_features(const OpDesc& desc, const Config& config,
                                            const Halide::Target& target) const override {
    const auto* softmax = dynamic_cast<const SoftmaxDesc*>(&desc);
    if (!softmax) return std::nullopt;
    return strided_cost(canonical_view(*softmax), decode(config),
                        target.natural_vector_size<float>());
  }

  void apply(const SoftmaxAlgorithm& a, const Config& config,
             const Halide::Target&) const override {
    const StridedKnobs knobs = decode(config);
    const int strip = knobs.lanes * knobs.vectors;
    Halide::Func output = a.output;
    const Var inner = a.args[0];
    const Var axis_var = a.args[a.axis_dim];
    Var strip_outer("strip_outer"), strip_inner("strip_inner"), task("task"), row("row");
    output.split(inner, strip_outer, strip_inner, strip, TailStrategy::ShiftInwards);
    // Loops: strip_inner, axis, the other dims inside the axis, the strips, the outer dims.
    std::vector<Halide::VarOrRVar> order = {strip_inner, axis_var};
    std::vector<Var> rows;
    for (int d = 1; d < a.axis_dim; ++d) rows.push_back(a.args[d]);
    rows.push_back(strip_outer);
    for (int d = a.axis_dim + 1; d < static_cast<int>(a.args.size()); ++d) {
      rows.push_back(a.args[d]);
    }
    order.insert(order.end(), rows.begin(), rows.end());
    output.reorder(order);
    const Var fused = fuse_loops(output, rows);
    output.split(fused, task, row, knobs.rows_per_task, TailStrategy::GuardWithIf).parallel(task);
    output.vectorize(strip_inner, knobs.lanes).unroll(strip_inner);
    const Halide::LoopLevel at_row(output, row);

    Halide::Func exp_values = a.exp_values, inverse_sum = a.inverse_sum;
    if (knobs.store_exp) exp_values.compute_at(at_row).vectorize(inner, knobs.lanes);
    inverse_sum.compute_at(at_row).vectorize(inner, knobs.lanes);
    for (Halide::Func reduced : {a.max_value, a.sum}) {
      Var lane(reduced.name() + "_lane"), vector(reduced.name() + "_vector");
      reduced.compute_at(at_row).vectorize(inner, knobs.lanes);
      reduced.update()
          .split(inner, vector, lane, knobs.lanes, TailStrategy::GuardWithIf)
          .reorder(lane, vector, a.axis.x)
          .vectorize(lane)
          .unroll(vector);
    }
  }
};

}  // namespace

std::unique_ptr<SoftmaxTemplate> make_softmax_strided_template() {
  return std::make_unique<SoftmaxStrided>();
}

}  // namespace kf
