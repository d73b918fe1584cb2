// make_welford_statistics: Welford's running mean and m2 per partition, Chan's combination per
// row. For a partition that has seen n elements with mean m and m2 M, the next element x gives
//   delta = x - m,  m' = m + delta / (n + 1),  M' = M + delta * (x - m').
// Partitions a (count na, mean ma, m2 Ma) and b combine as
//   mean = (na ma + nb mb) / n,  M = Ma + Mb + na (ma - mean)^2 + nb (mb - mean)^2,
// which for k partitions is sum(n_i m_i) / n and sum(M_i + n_i (m_i - mean)^2).
#include "dsl/welford_statistics.h"

#include <algorithm>
#include <stdexcept>

namespace kf {

using Halide::Expr;
using Halide::Func;
using Halide::RDom;
using Halide::Tuple;
using Halide::Var;

namespace {

// (first, rows...): the arguments of a partition Func.
std::vector<Expr> with_rows(const Expr& first, const std::vector<Var>& rows) {
  std::vector<Expr> args = {first};
  args.insert(args.end(), rows.begin(), rows.end());
  return args;
}

// Linear index of the RDom point `r` (dims from `first` on, innermost first) with `extents`.
Expr linear_index(const RDom& r, int first, const std::vector<int64_t>& extents) {
  Expr index = 0;
  for (int i = r.dimensions() - 1; i >= first; --i) {
    index = index * static_cast<int>(extents[i - first]) + r[i];
  }
  return index;
}

// partial(args) <- Welford update with element `x`, its 1-based count `count`.
void define_update(Func partial, const std::vector<Expr>& args, const Expr& x, const Expr& count) {
  partial(args) = Tuple(0.0f, 0.0f);
  const Expr mean = partial(args)[0];
  const Expr m2 = partial(args)[1];
  const Expr delta = x - mean;
  // One scalar reciprocal per step, shared by every partition (lane) of the step.
  const Expr next_mean = mean + delta * (1.0f / Halide::cast<float>(count));
  partial(args) = Tuple(next_mean, m2 + delta * (x - next_mean));
}

std::vector<Halide::Range> ranges_of(const std::vector<int64_t>& extents) {
  std::vector<Halide::Range> ranges;
  for (int64_t e : extents) ranges.push_back({0, static_cast<int>(e)});
  return ranges;
}

}  // namespace

WelfordStatistics make_welford_statistics(const std::string& prefix, const WelfordElement& element,
                                          int64_t width, const std::vector<int64_t>& others,
                                          const std::vector<Var>& rows, int partitions) {
  if (width < 1) throw std::logic_error("make_welford_statistics: width must be positive");
  WelfordStatistics w;
  w.partitions = static_cast<int>(std::clamp<int64_t>(partitions, 1, width));
  w.steps = width / w.partitions;
  w.tail = width % w.partitions;
  int64_t runs = 1;  // runs of the innermost dim per row
  for (int64_t e : others) runs *= e;
  w.count = width * runs;
  w.partition = Var(prefix + "_partition");
  w.rows = rows;
  const int p = w.partitions;

  // Main partitions: partition `partition` takes element step * p + partition of every run.
  std::vector<Halide::Range> main_ranges = {{0, static_cast<int>(w.steps)}};
  for (const Halide::Range& r : ranges_of(others)) main_ranges.push_back(r);
  w.updates = RDom(main_ranges, prefix + "_welford_r");
  std::vector<Expr> other_at;
  for (int i = 1; i < w.updates.dimensions(); ++i) other_at.push_back(w.updates[i]);
  w.partials = Func(prefix + "_welford");
  const Expr step_index =
      w.updates[0] + static_cast<int>(w.steps) * linear_index(w.updates, 1, others);
  define_update(w.partials, with_rows(w.partition, rows),
                element(w.updates[0] * p + w.partition, other_at), step_index + 1);

  // Tail partitions: the last `tail` elements of every run, one per partition.
  if (w.tail > 0) {
    std::vector<Halide::Range> tail_ranges = ranges_of(others);
    if (tail_ranges.empty()) tail_ranges.push_back({0, 1});  // one run: a single step
    w.tail_updates = RDom(tail_ranges, prefix + "_welford_tail_r");
    std::vector<Expr> tail_at;
    for (size_t i = 0; i < others.size(); ++i) tail_at.push_back(w.tail_updates[i]);
    w.tail_partials = Func(prefix + "_welford_tail");
    define_update(
        w.tail_partials, with_rows(w.partition, rows),
        element(static_cast<int>(w.steps * p) + w.partition, tail_at),
        linear_index(w.tail_updates, 0, others.empty() ? std::vector<int64_t>{1} : others) + 1);
  }

  // Chan: sum = sum(n_i m_i); m2 = sum(M_i + n_i (m_i - mean)^2).
  const std::vector<Expr> at_row(rows.begin(), rows.end());
  const Expr main_count = static_cast<float>(w.steps * runs);
  const Expr tail_count = static_cast<float>(runs);
  w.combine = RDom({{0, p}}, prefix + "_welford_c");
  const Expr main_mean = w.partials(with_rows(w.combine.x, rows))[0];
  const Expr main_m2 = w.partials(with_rows(w.combine.x, rows))[1];
  w.sum = Func(prefix + "_welford_sum");
  w.sum(at_row) = 0.0f;
  w.sum(at_row) += main_count * main_mean;
  Expr tail_mean, tail_m2;
  if (w.tail > 0) {
    w.tail_combine = RDom({{0, static_cast<int>(w.tail)}}, prefix + "_welford_tail_c");
    tail_mean = w.tail_partials(with_rows(w.tail_combine.x, rows))[0];
    tail_m2 = w.tail_partials(with_rows(w.tail_combine.x, rows))[1];
    w.sum(at_row) += tail_count * tail_mean;
  }
  const Expr mean = w.sum(at_row) / static_cast<float>(w.count);
  w.m2 = Func(prefix + "_welford_m2");
  w.m2(at_row) = 0.0f;
  w.m2(at_row) += main_m2 + main_count * (main_mean - mean) * (main_mean - mean);
  if (w.tail > 0) w.m2(at_row) += tail_m2 + tail_count * (tail_mean - mean) * (tail_mean - mean);
  return w;
}

}  // namespace kf
