// The tuning loop for one workload of any op: evolutionary search per applicable template
// (seeded with the hand baseline, with this workload's best configs at other thread counts, and
// with configs transferred from the nearest tuned workloads), the budget going mostly to the
// template with the fastest kernel; each candidate is compiled through the JIT, checked against the
// reference and timed in a guarded child process, and every trial (failures included) is committed
// to the database. A workload already tuned for this target and thread count is answered from the
// database unless a re-tune is asked for.
#pragma once

#include <functional>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "autotune/database.h"
#include "autotune/measurer.h"
#include "dsl/op_desc.h"
#include "jit/jit_session.h"
#include "jit/op_kernel.h"
#include "schedules/op_template.h"

namespace kf {

struct TuneOptions {
  int budget_trials = 24;      ///< candidates per workload, all templates together
  double budget_seconds = 60;  ///< wall-time budget per workload
  int threads = 1;             ///< Halide runtime threads during measurement
  uint64_t seed = 1;           ///< search seed (the same seed proposes the same candidates)
  /// Stop when the best time has not improved by 1% for this many rounds (of up to 4 trials)
  /// after every template was tried; 0 = use the whole budget.
  int patience = 6;
  /// Seeds from the best configs of this many nearest tuned workloads, and of this workload at
  /// other thread counts (0 = no transfer at all).
  int transfer_workloads = 3;
  /// Breeding is ranked by a cost model (autotune/cost_model.h) fitted to the database's ok
  /// records of this op, target and thread count (analytical where it has none).
  bool model_guided = true;
  /// Search again even if the database has a result. The search starts at the recorded best:
  /// its template is warmed up first, from the recorded best config of each template.
  bool retune = false;
  /// Accuracy budget: templates whose declared error bound (Template::tolerance) exceeds it
  /// are neither tried nor taken from the database. Infinity admits every template.
  double max_error = std::numeric_limits<double>::infinity();
  /// Only templates of these names are tried (empty: all). Names must exist (find_template).
  std::vector<std::string> templates;
  /// Each candidate is compiled, checked and timed in a forked child (autotune/guarded_trial.h),
  /// so that a crash or hang is recorded as a failed trial instead of ending the tuning.
  bool isolate = true;
  /// A guarded candidate that takes longer (compile, check and timing) is killed: kTimeout.
  double trial_timeout_seconds = 60;
  /// Guarded candidates compiled at once (each measured alone afterwards, nothing compiling
  /// beside it).
  int parallel_compiles = 2;
  /// After the search, the `finalists` fastest schedules are timed again until each has
  /// `finalist_trials` ok trials, and the best is the schedule with the fastest median trial
  /// (schedule_ranking.h): ranked by single measurements, the winner is the luckiest of many
  /// near-equal ones. Their trials come out of the budgets: the search stops min(finalists *
  /// (finalist_trials - 1), budget_trials / 4) trials and a tenth of the time early. 0 = off.
  int finalists = 3;
  int finalist_trials = 3;  ///< ok trials a finalist needs (at least 1)
  /// Each candidate is timed at this many placements of its tensors in memory (copies of the
  /// Problem in fresh memory; autotune/trial_measurement.h), `measure`'s time shared among
  /// them; its record's times are the means over the placements. At least 1.
  int placements = 3;
  MeasureOptions measure;
};

/// What tuning one workload produced.
struct TuneOutcome {
  std::shared_ptr<const OpDesc> desc;
  bool from_database = false;
  /// The trial of this run's fastest schedule (select_best over this run's trials: with one
  /// trial per schedule, the fastest correct trial).
  std::optional<TuningRecord> best;
  std::optional<TuningRecord> baseline;  ///< the first applicable template's hand baseline
  int trials = 0;                        ///< trials run now (0 when answered from the database)
  int failures = 0;
  bool stopped_early = false;  ///< the patience rule ended the search before the budget
  double elapsed_seconds = 0;
};

/// Called after each trial is committed.
using TrialCallback = std::function<void(const TuningRecord& trial, const TuneOutcome& so_far)>;

/// The accuracy budget `text` names: "strict" (the error of direct convolution: templates whose
/// bound is no looser than the op's own tolerance), "default" (2e-3: admits Winograd
/// F(4x4,3x3) on ResNet-50's 3x3 layers), "fast" (no limit), or a positive number. Throws
/// InputError (field "accuracy") otherwise. `desc` gives strict its meaning.
double accuracy_budget(const std::string& text, const OpDesc& desc);

/// The templates applicable to `desc` whose declared error bound fits `max_error`.
std::vector<const Template*> templates_within(const OpDesc& desc, double max_error);

/// Tunes `desc` (which must be valid). Throws DatabaseError/InputError for database trouble;
/// candidate failures never throw, they are recorded.
TuneOutcome tune_workload(const OpDesc& desc, JitSession& session, Database& database,
                          const TuneOptions& options, const TrialCallback& on_trial = nullptr);

/// The target string records are keyed by for `session` (its target without NoRuntime).
std::string target_key(const JitSession& session);

/// "kforge X.Y.Z; Halide A.B.C; LLVM D.E.F".
std::string tool_versions();

/// Template and config a record names, checked against the template's current version and knob
/// space for `desc` and `target`. Throws InputError when the record cannot be used.
struct ResolvedSchedule {
  const Template* tmpl = nullptr;
  Config config;
};
ResolvedSchedule resolve_schedule(const OpDesc& desc, const TuningRecord& record,
                                  const Halide::Target& target);

/// Whether a kernel that requires an aligned output (streaming stores) also gets a fallback
/// kernel for unaligned outputs (compiled with it), or refuses them (OpKernel::kUnalignedOutput).
enum class UnalignedOutputs { kFallbackKernel, kRefuse };

/// Schedules `desc` with `tmpl` and `config` and compiles it (and its weight-packing stages) in
/// `session`; Halide's complaints about the schedule come back as llvm::Error.
llvm::Expected<OpKernel> compile_config(
    JitSession& session, const OpDesc& desc, const Template& tmpl, const Config& config,
    UnalignedOutputs unaligned = UnalignedOutputs::kFallbackKernel);

/// Compiles the kernel of `record` for `desc` in `session`.
llvm::Expected<OpKernel> compile_record(JitSession& session, const OpDesc& desc,
                                        const TuningRecord& record);

}  // namespace kf
