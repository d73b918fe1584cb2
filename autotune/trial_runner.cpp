// TrialRunner (see trial_runner.h).
#include "autotune/trial_runner.h"

#include <memory>
#include <optional>
#include <utility>

#include "autotune/guarded_batch.h"
#include "autotune/schedule_ranking.h"
#include "autotune/trial_measurement.h"

namespace kf {

TrialRunner::TrialRunner(const OpDesc& desc, JitSession& session, Database& database,
                         const TuneOptions& options, TuningRecord prototype,
                         std::function<bool(const TuningRecord&)> is_baseline,
                         const TrialCallback& on_trial, TuneOutcome& outcome,
                         std::chrono::steady_clock::time_point start)
    : desc_(desc),
      session_(session),
      database_(database),
      options_(options),
      prototype_(std::move(prototype)),
      is_baseline_(std::move(is_baseline)),
      on_trial_(on_trial),
      outcome_(outcome),
      start_(start),
      problem_(desc, options.seed) {
  session_.set_num_threads(options_.threads);
}

std::vector<TrialResult> TrialRunner::execute(const Template& tmpl,
                                              const std::vector<Config>& configs) {
  const double tolerance = tmpl.tolerance(desc_);
  std::vector<StagedTrial> staged;
  for (const Config& config : configs) {
    auto kernel = std::make_shared<std::optional<OpKernel>>();
    StagedTrial trial;
    trial.prepare = [this, &tmpl, config, kernel]() -> std::optional<TrialResult> {
      // The placements' outputs are aligned: no fallback kernel to compile.
      llvm::Expected<OpKernel> compiled =
          compile_config(session_, desc_, tmpl, config, UnalignedOutputs::kRefuse);
      if (!compiled) {
        TrialResult result;
        result.status = TrialStatus::kCompileError;
        result.failure_reason = llvm::toString(compiled.takeError());
        return result;
      }
      kernel->emplace(std::move(*compiled));
      return std::nullopt;
    };
    trial.measure = [this, tolerance, kernel]() -> TrialResult {
      return check_and_time(**kernel, problem_, tolerance, options_.measure, options_.placements);
    };
    staged.push_back(std::move(trial));
  }
  if (options_.isolate) {
    session_.stop_worker_threads();  // workers would not survive the fork
    // Candidates compile side by side; each measures with nothing beside it (no compile, no
    // other measurement), at any thread count.
    return run_guarded_batch(staged, options_.parallel_compiles, options_.trial_timeout_seconds);
  }
  std::vector<TrialResult> results;
  for (const StagedTrial& trial : staged) {
    const std::optional<TrialResult> early = trial.prepare();
    results.push_back(early ? *early : trial.measure());
  }
  return results;
}

TuningRecord TrialRunner::commit(const Template& tmpl, const KnobSpace& space, const Config& config,
                                 const TrialResult& result) {
  TuningRecord record = prototype_;
  record.template_name = tmpl.name();
  record.template_version = tmpl.version();
  record.knobs = space.encode(config);
  record.trial_index = next_trial_index_++;
  record.status = result.status;
  record.failure_reason = result.failure_reason;
  record.max_error = result.max_error;
  if (result.status == TrialStatus::kOk) {
    record.min_seconds = result.min_seconds;
    record.median_seconds = result.median_seconds;
    record.gflops = desc_.flops() / result.min_seconds * 1e-9;
  }
  record.uid = make_trial_uid();  // as stored, so the outcome's records carry it
  record.id = database_.insert(record);
  records_.push_back(record);

  ++outcome_.trials;
  const bool ok = record.status == TrialStatus::kOk;
  if (!ok) ++outcome_.failures;
  if (ok) outcome_.best = select_best(records_);
  if (ok && is_baseline_(record)) outcome_.baseline = record;
  outcome_.elapsed_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  if (on_trial_) on_trial_(record, outcome_);
  return record;
}

std::vector<Trial> TrialRunner::run(const Template& tmpl, const KnobSpace& space,
                                    const std::vector<Config>& configs) {
  const std::vector<TrialResult> results = execute(tmpl, configs);
  std::vector<Trial> trials;
  for (size_t c = 0; c < configs.size(); ++c) {
    trials.push_back(Trial{configs[c], commit(tmpl, space, configs[c], results[c])});
  }
  return trials;
}

}  // namespace kf
