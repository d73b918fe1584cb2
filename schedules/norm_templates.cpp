// The norm templates: NormTemplate's generic Template methods, the list of norm templates, and
// the scheduling helpers they share (see schedules/norm_template.h).
#include <algorithm>

#include "dsl/input_error.h"
#include "schedules/norm_template.h"

namespace kf {

namespace {

using Halide::TailStrategy;
using Halide::Var;

const std::vector<std::unique_ptr<NormTemplate>>& all_norm_templates() {
  // A function-local table, not static registration: a static library may drop registrars.
  static const std::vector<std::unique_ptr<NormTemplate>> templates = [] {
    std::vector<std::unique_ptr<NormTemplate>> list;
    list.push_back(make_norm_affine_template());
    list.push_back(make_norm_rows_template());
    list.push_back(make_norm_groups_template());
    return list;
  }();
  return templates;
}

const NormDesc& as_norm(const OpDesc& desc, const std::string& template_name) {
  const auto* norm = dynamic_cast<const NormDesc*>(&desc);
  if (!norm) throw InputError("template", template_name + " schedules norms, not " + desc.op());
  return *norm;
}

}  // namespace

bool NormTemplate::applicable(const OpDesc& desc) const {
  const auto* norm = dynamic_cast<const NormDesc*>(&desc);
  return norm && applicable(*norm);
}

KnobSpace NormTemplate::knob_space(const OpDesc& desc, const Halide::Target& target) const {
  return knob_space(as_norm(desc, name()), target);
}

Config NormTemplate::baseline(const OpDesc& desc, const Halide::Target& target) const {
  return baseline(as_norm(desc, name()), target);
}

ScheduledPipeline NormTemplate::build(const OpDesc& desc, const Config& config,
                                      const Halide::Target& target) const {
  const NormDesc& norm = as_norm(desc, name());
  const NormAlgorithm algorithm = make_norm_algorithm(
      norm, statistics(config), "kf", NormSizes::kFixed, welford_partitions(norm, config));
  apply(algorithm, config, target);
  return ScheduledPipeline{Halide::Pipeline(algorithm.output), algorithm.arguments()};
}

std::vector<const NormTemplate*> norm_templates_for(const NormDesc& desc) {
  std::vector<const NormTemplate*> result;
  for (const auto& t : all_norm_templates()) {
    if (t->applicable(desc)) result.push_back(t.get());
  }
  return result;
}

const NormTemplate* find_norm_template(const std::string& name) {
  for (const auto& t : all_norm_templates()) {
    if (t->name() == name) return t.get();
  }
  return nullptr;
}

std::vector<int> norm_lane_choices(const Halide::Target& target) {
  std::vector<int> lanes;
  for (int l = 4; l <= std::max(4, target.natural_vector_size<float>()); l *= 2) lanes.push_back(l);
  return lanes;
}

int dividing_lanes(int lanes, int64_t extent) {
  int l = std::max(lanes, 1);
  while (l > 1 && extent % l != 0) l /= 2;
  return l;
}

int row_lanes(int lanes, int64_t width) {
  if (width <= lanes) return static_cast<int>(std::max<int64_t>(width, 1));
  for (int l = lanes; l > lanes / 2; --l) {
    if (width % l == 0) return l;
  }
  return lanes;
}

void vectorize_reduction(Halide::Func f, const Halide::RVar& r0, int64_t extent, int lanes,
                         int accumulators, const std::vector<Halide::RVar>& others) {
  const int l = static_cast<int>(std::min<int64_t>(std::max(lanes, 1), extent));
  if (l < 2) return;
  int acc = std::max(accumulators, 1);
  if (extent % l == 0) {
    while (acc > 1 && extent % (int64_t{l} * acc) != 0) acc /= 2;
  } else {
    while (acc > 1 && int64_t{l} * acc > extent) acc /= 2;
  }
  Halide::RVar outer(f.name() + "_ro"), inner(f.name() + "_ri");
  const Var u(f.name() + "_u");
  f.update().split(r0, outer, inner, l * acc, TailStrategy::GuardWithIf);
  Halide::Func partial = f.update().rfactor(inner, u);
  partial.compute_at(f, Var::outermost()).vectorize(u, l);
  std::vector<Halide::VarOrRVar> order = {u, outer};
  order.insert(order.end(), others.begin(), others.end());
  partial.update().reorder(order).vectorize(u, l);
  if (acc > 1) partial.unroll(u).update().unroll(u);
  // The l * acc partial sums reduce to one as a vector reduction (a shuffle tree), not a chain
  // of dependent scalar adds, which cost a third of a 300-element row.
  f.update().atomic().vectorize(inner);
}

void schedule_welford(const WelfordStatistics& w, Halide::Func consumer, const Var& at,
                      const Var& vector_var, int lanes) {
  const bool by_partition = vector_var.same_as(w.partition);
  std::vector<Halide::VarOrRVar> steps;
  for (int i = 0; i < w.updates.dimensions(); ++i) steps.push_back(w.updates[i]);
  for (const bool tail : {false, true}) {
    if (tail && w.tail == 0) continue;
    Halide::Func partials = tail ? w.tail_partials : w.partials;
    const int extent = tail ? static_cast<int>(w.tail) : w.partitions;
    std::vector<Halide::VarOrRVar> order;
    partials.compute_at(consumer, at);
    Halide::Stage update = partials.update();
    if (by_partition) {
      const int l = std::min(lanes, extent);
      partials.vectorize(w.partition, l,
                         extent % l == 0 ? TailStrategy::Auto : TailStrategy::GuardWithIf);
      const Var outer(partials.name() + "_po"), inner(partials.name() + "_pi");
      update.split(w.partition, outer, inner, l, TailStrategy::GuardWithIf);
      order = {inner, outer};
      update.vectorize(inner);
      if (extent / l > 1 && !tail) update.unroll(outer);
    } else {
      if (lanes > 1) partials.vectorize(vector_var, lanes);
      order = {vector_var, w.partition};
      if (lanes > 1) update.vectorize(vector_var, lanes);
    }
    if (tail) {
      for (int i = 0; i < w.tail_updates.dimensions(); ++i) order.push_back(w.tail_updates[i]);
    } else {
      order.insert(order.end(), steps.begin(), steps.end());
    }
    for (const Var& row : w.rows) {
      if (!row.same_as(vector_var)) order.push_back(row);
    }
    update.reorder(order);
  }
  for (Halide::Func combined : {w.sum, w.m2}) {
    combined.compute_at(consumer, at);
    if (by_partition) {
      // The main partitions' terms summed as one vector reduction; the tail's are few.
      combined.update(0).atomic().vectorize(w.combine.x);
      if (w.tail > 0) combined.update(1).unscheduled();
    } else if (lanes > 1) {
      combined.vectorize(vector_var, lanes);
      for (int i = 0; i < combined.num_update_definitions(); ++i) {
        combined.update(i).vectorize(vector_var, lanes);
      }
    }
  }
}

void vectorize_pure(Halide::Func f, const Halide::Var& v, int64_t extent, int lanes, int unroll) {
  int l = std::max(lanes, 1);
  while (l > 1 && l > extent) l /= 2;
  if (l < 2) return;
  int block = l * std::max(unroll, 1);
  while (block > l && block > extent) block /= 2;
  const Var vi(v.name() + "_v");
  f.split(v, v, vi, block, TailStrategy::ShiftInwards).vectorize(vi, l);
  if (block > l) f.unroll(vi);
}

Halide::Var parallel_rows(Halide::Func f, const std::vector<Halide::Var>& rows, int rows_per_task,
                          Halide::Var* task) {
  if (rows.empty()) return Var::outermost();
  Var fused = rows[0];
  for (size_t i = 1; i < rows.size(); ++i) {
    const Var next(fused.name() + "_" + rows[i].name());
    f.fuse(fused, rows[i], next);
    fused = next;
  }
  const Var t("task"), row("row");
  f.split(fused, t, row, std::max(rows_per_task, 1), TailStrategy::GuardWithIf).parallel(t);
  if (task) *task = t;
  return row;
}

}  // namespace kf
