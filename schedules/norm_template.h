// NormTemplate: the typed base of normalisation schedule templates (bnorm, gnorm, inorm, lnorm,
// rmsnorm). A template schedules the algorithm of dsl/norm_algorithm.h with Halide directives
// only. Also the scheduling pieces the norm templates share: vector widths that divide an
// extent, vectorised reductions through rfactor, and blocks of rows handed to threads.
#pragma once

#include <Halide.h>

#include <memory>
#include <string>
#include <vector>

#include "dsl/norm_algorithm.h"
#include "schedules/op_template.h"

namespace kf {

class NormTemplate : public Template {
 public:
  /// True when this template can schedule `desc` (kind, layout, sizes).
  virtual bool applicable(const NormDesc& desc) const = 0;
  /// The legal configurations for `desc` on `target`.
  virtual KnobSpace knob_space(const NormDesc& desc, const Halide::Target& target) const = 0;
  /// A hand heuristic: what an engineer would write without tuning.
  virtual Config baseline(const NormDesc& desc, const Halide::Target& target) const = 0;
  /// The statistics variant `config` asks for (the algorithm depends on it).
  virtual NormStatistics statistics(const Config& config) const = 0;
  /// With Welford statistics, how many running partitions `config` splits a slice into (the
  /// algorithm depends on it: the partitions are summed in their own order).
  virtual int welford_partitions(const NormDesc&, const Config&) const { return 1; }
  /// Applies `config` (which must belong to knob_space(desc, target)) to `algorithm`.
  virtual void apply(const NormAlgorithm& algorithm, const Config& config,
                     const Halide::Target& target) const = 0;

  // Template, for any OpDesc: only NormDesc applies.
  bool applicable(const OpDesc& desc) const final;
  KnobSpace knob_space(const OpDesc& desc, const Halide::Target& target) const final;
  Config baseline(const OpDesc& desc, const Halide::Target& target) const final;
  ScheduledPipeline build(const OpDesc& desc, const Config& config,
                          const Halide::Target& target) const final;
};

/// Every norm template applicable to `desc`, best-first.
std::vector<const NormTemplate*> norm_templates_for(const NormDesc& desc);

/// The norm template called `name`, or nullptr.
const NormTemplate* find_norm_template(const std::string& name);

/// Factories of the built-in templates (one file each).
std::unique_ptr<NormTemplate> make_norm_affine_template();  // bnorm
std::unique_ptr<NormTemplate> make_norm_rows_template();    // lnorm, rmsnorm
std::unique_ptr<NormTemplate> make_norm_groups_template();  // gnorm, inorm

/// Vector widths (powers of two from 4 up to the target's natural float width).
std::vector<int> norm_lane_choices(const Halide::Target& target);

/// Largest power of two <= `lanes` that divides `extent` (at least 1).
int dividing_lanes(int lanes, int64_t extent);

/// Vector width for a row of `width` elements: the largest divisor of the width up to `lanes`
/// (any count: 14 for 28 = 2 x 14, 15 for 300), so no vector is masked; `lanes` itself (a
/// masked tail) when every divisor is at most lanes / 2.
int row_lanes(int lanes, int64_t width);

/// Vectorises the update of the reduction `f` along its innermost RVar `r0` (extent `extent`):
/// r0 is split by lanes * accumulators (lanes reduced to the extent when it is shorter;
/// accumulators reduced until lanes * accumulators divides the extent, or fits it when lanes do
/// not divide it: the last chunk is then guarded, a masked tail after an unmasked steady state).
/// The inner part becomes vectors of partial sums (rfactor) computed inside `f`, reduced to one
/// value by a vector reduction. `others` lists the remaining RVars innermost first after r0.
void vectorize_reduction(Halide::Func f, const Halide::RVar& r0, int64_t extent, int lanes,
                         int accumulators, const std::vector<Halide::RVar>& others);

/// Schedules the Welford statistics of `a` at loop `at` of `consumer`: the partials (and the
/// tail partials) vectorised along `vector_var` by `lanes`: the partition (vectors of partitions,
/// `lanes` dividing the partition count, the rest unrolled) or a row var such as the channel of
/// NHWC; then the partitions' combination into sum and m2, a vector reduction when the
/// partitions are the vectors.
void schedule_welford(const WelfordStatistics& w, Halide::Func consumer, const Halide::Var& at,
                      const Halide::Var& vector_var, int lanes);

/// Vectorises `v` of `f` by `lanes` x `unroll` (reduced to fit `extent`, tail shifted inwards).
void vectorize_pure(Halide::Func f, const Halide::Var& v, int64_t extent, int lanes, int unroll);

/// Fuses `rows` (innermost first; may be empty) of `f` into one loop, splits it into tasks of
/// `rows_per_task` and runs the tasks in parallel. Returns the per-row loop (the fused var), or
/// Var::outermost() when `rows` is empty; `task` receives the task loop.
Halide::Var parallel_rows(Halide::Func f, const std::vector<Halide::Var>& rows, int rows_per_task,
                          Halide::Var* task = nullptr);

}  // namespace kf
