// tune_workload: the tuning loop (propose -> compile -> check -> time -> commit) for any op.
#include "autotune/tuner.h"

#include <llvm/Config/llvm-config.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <map>
#include <memory>
#include <optional>

#include "autotune/cost_model.h"
#include "autotune/evolutionary_search.h"
#include "autotune/kernel_key.h"
#include "autotune/schedule_ranking.h"
#include "autotune/search_strategy.h"
#include "autotune/template_scheduler.h"
#include "autotune/transfer.h"
#include "autotune/trial_runner.h"
#include "dsl/input_error.h"
#include "jit/halide_errors.h"

namespace kf {

namespace {

constexpr int kBatch = 4;
// How far behind the leader a template may be and still get rounds (template_scheduler.h): a
// template with one round competes while its best is within about 1 / (1 - 0.25) = 1.33x.
constexpr double kTemplateExploration = 0.25;

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

std::string target_key(const JitSession& session) {
  return session.kernel_target().without_feature(Halide::Target::NoRuntime).to_string();
}

std::string tool_versions() {
  return std::string("kforge ") + KF_VERSION + "; Halide " + KF_HALIDE_VERSION + "; LLVM " +
         LLVM_VERSION_STRING;
}

ResolvedSchedule resolve_schedule(const OpDesc& desc, const TuningRecord& record,
                                  const Halide::Target& target) {
  const Template* tmpl = find_template(record.template_name);
  if (!tmpl) throw InputError("template", "unknown template '" + record.template_name + "'");
  if (tmpl->version() != record.template_version) {
    throw InputError("template_version", record.template_name + " is at version " +
                                             std::to_string(tmpl->version()) + ", record has " +
                                             std::to_string(record.template_version));
  }
  if (!tmpl->applicable(desc)) {
    throw InputError("template", record.template_name + " cannot schedule " + desc.to_string());
  }
  return ResolvedSchedule{tmpl, tmpl->knob_space(desc, target).decode(record.knobs)};
}

llvm::Expected<OpKernel> compile_config(JitSession& session, const OpDesc& desc,
                                        const Template& tmpl, const Config& config,
                                        UnalignedOutputs unaligned) {
  ScheduledPipeline scheduled;
  std::optional<ScheduledPipeline> fallback;
  // Applying directives can itself raise Halide errors (a schedule Halide rejects).
  if (llvm::Error error = catch_halide_errors([&] {
        scheduled = schedule_op(desc, tmpl, config, session.kernel_target());
        if (scheduled.output_alignment > 1 && unaligned == UnalignedOutputs::kFallbackKernel) {
          fallback =
              schedule_op(desc, tmpl, config, session.kernel_target(), OutputStores::kCached);
        }
      })) {
    return std::move(error);
  }
  return compile_op(session, scheduled, fallback ? &*fallback : nullptr,
                    kernel_cache_key(desc, tmpl, config, session.kernel_target()));
}

llvm::Expected<OpKernel> compile_record(JitSession& session, const OpDesc& desc,
                                        const TuningRecord& record) {
  const ResolvedSchedule schedule = resolve_schedule(desc, record, session.kernel_target());
  return compile_config(session, desc, *schedule.tmpl, schedule.config);
}

// Ok records of every tuned workload of `desc`'s op on this target and thread count: the
// cost model's training data.
static std::vector<TuningRecord> training_records(Database& database, const OpDesc& desc,
                                                  const std::string& target, int threads) {
  std::vector<TuningRecord> result;
  for (const TuningRecord& best : database.best_per_workload(target)) {
    if (best.op != desc.op() || best.threads != threads) continue;
    for (TuningRecord& r : database.records(best.workload_key, target, threads)) {
      if (r.status == TrialStatus::kOk) result.push_back(std::move(r));
    }
  }
  return result;
}

double accuracy_budget(const std::string& text, const OpDesc& desc) {
  if (text == "strict") return desc.tolerance();
  if (text == "default") return std::max(desc.tolerance(), 2e-3);
  if (text == "fast") return std::numeric_limits<double>::infinity();
  double value = 0;
  size_t used = 0;
  try {
    value = std::stod(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used == 0 || used != text.size() || !(value > 0) || std::isinf(value)) {
    throw InputError("accuracy", "'" + text +
                                     "' is not strict, default, fast or a positive error bound "
                                     "(max |out - ref| / (1 + |ref|), e.g. 1e-4)");
  }
  return value;
}

std::vector<const Template*> templates_within(const OpDesc& desc, double max_error) {
  std::vector<const Template*> result;
  for (const Template* t : templates_for(desc)) {
    if (t->tolerance(desc) <= max_error) result.push_back(t);
  }
  return result;
}

TuneOutcome tune_workload(const OpDesc& desc, JitSession& session, Database& database,
                          const TuneOptions& options, const TrialCallback& on_trial) {
  const auto start = std::chrono::steady_clock::now();
  const Halide::Target& target = session.kernel_target();
  TuneOutcome outcome;
  outcome.desc = desc.clone();

  TuningRecord prototype;
  prototype.workload_key = desc.key();
  prototype.op = desc.op();
  prototype.target = target_key(session);
  prototype.threads = options.threads;
  prototype.tool_versions = tool_versions();
  prototype.seed = static_cast<int64_t>(options.seed);

  if (options.finalists < 0) {
    throw InputError("finalists", "must be at least 0, got " + std::to_string(options.finalists));
  }
  if (options.finalist_trials < 1) {
    throw InputError("finalist_trials",
                     "must be at least 1, got " + std::to_string(options.finalist_trials));
  }
  if (options.placements < 1) {
    throw InputError("placements", "must be at least 1, got " + std::to_string(options.placements));
  }
  std::vector<const Template*> templates = templates_within(desc, options.max_error);
  if (!options.templates.empty()) {
    for (const std::string& name : options.templates) {
      if (!find_template(name)) throw InputError("templates", "unknown template '" + name + "'");
    }
    std::vector<const Template*> chosen;
    for (const Template* t : templates) {
      if (std::find(options.templates.begin(), options.templates.end(), t->name()) !=
          options.templates.end()) {
        chosen.push_back(t);
      }
    }
    templates = std::move(chosen);
  }
  // A record is usable when its template is admitted and still at the record's version.
  auto admitted = [&](const TuningRecord& r) {
    return std::any_of(templates.begin(), templates.end(), [&](const Template* t) {
      return t->name() == r.template_name && t->version() == r.template_version;
    });
  };
  const std::string baseline_knobs =
      templates.empty()
          ? std::string()
          : templates[0]->knob_space(desc, target).encode(templates[0]->baseline(desc, target));
  auto is_baseline = [&](const TuningRecord& r) {
    return !templates.empty() && r.template_name == templates[0]->name() &&
           r.knobs == baseline_knobs;
  };

  // What the database already knows of this workload: the fastest schedule among templates the
  // accuracy budget admits (schedule_ranking.h), the fastest of each such template, and the
  // hand baseline.
  std::optional<TuningRecord> recorded_best, recorded_baseline;
  std::map<std::string, TuningRecord> recorded_best_of_template;
  std::vector<TuningRecord> admitted_records;
  for (TuningRecord& r :
       database.records(prototype.workload_key, prototype.target, options.threads)) {
    if (r.status != TrialStatus::kOk) continue;
    if (is_baseline(r)) recorded_baseline = r;
    if (admitted(r)) admitted_records.push_back(std::move(r));
  }
  for (RankedSchedule& schedule : rank_schedules(admitted_records)) {
    if (!recorded_best) recorded_best = schedule.trial;
    recorded_best_of_template.emplace(schedule.trial.template_name, std::move(schedule.trial));
  }
  if (!options.retune && recorded_best) {
    outcome.from_database = true;
    outcome.best = recorded_best;
    outcome.baseline = recorded_baseline;
    outcome.elapsed_seconds = seconds_since(start);
    return outcome;
  }

  // One evolutionary search per template, seeded with its hand baseline, with this workload's
  // best configs at other thread counts, and with the best configs of the nearest tuned
  // workloads (all re-measured here). A re-tune (warm database) seeds each template with its own
  // recorded best first, and warms up the template of the recorded best before the others: its
  // first trial re-measures the best it starts from.
  struct TemplateSearch {
    const Template* tmpl;
    KnobSpace space;
    std::unique_ptr<EvolutionarySearch> search;
  };
  // Seeds from elsewhere in the database: this workload's best schedules at other thread
  // counts, then those of its nearest tuned workloads at this one.
  std::vector<TuningRecord> transferred;
  if (options.transfer_workloads > 0) {
    transferred = other_thread_count_candidates(database, desc, prototype.target, options.threads);
  }
  for (TuningRecord& r : transfer_candidates(database, desc, prototype.target, options.threads,
                                             options.transfer_workloads)) {
    transferred.push_back(std::move(r));
  }
  // Fixed machine figures (not a fresh peak measurement): the same inputs rank the same way.
  LearnedCostModel model(MachineModel{224, 16, options.threads});
  if (options.model_guided)
    model.fit(training_records(database, desc, prototype.target, options.threads), target);
  std::vector<TemplateSearch> searches;
  for (size_t t = 0; t < templates.size(); ++t) {
    const Template* tmpl = templates[t];
    KnobSpace space = tmpl->knob_space(desc, target);
    std::vector<Config> seeds;
    if (auto own = recorded_best_of_template.find(tmpl->name());
        own != recorded_best_of_template.end()) {
      try {
        seeds.push_back(space.decode(own->second.knobs));
      } catch (const InputError&) {
        // A record this version's knob space no longer accepts: start from the baseline.
      }
    }
    seeds.push_back(tmpl->baseline(desc, target));
    for (const TuningRecord& r : transferred) {
      if (r.template_name != tmpl->name() || r.template_version != tmpl->version()) continue;
      try {
        seeds.push_back(space.decode(r.knobs));
      } catch (const InputError&) {
        // Knob values that are not legal for this shape: nothing to transfer.
      }
    }
    auto search = std::make_unique<EvolutionarySearch>(space, std::move(seeds), options.seed + t);
    if (options.model_guided) {
      search->set_scorer([&model, &desc, tmpl, &target](const Config& config) {
        return model.predict(*tmpl, desc, config, target);
      });
    }
    searches.push_back(TemplateSearch{tmpl, std::move(space), std::move(search)});
  }

  TrialRunner runner(desc, session, database, options, prototype, is_baseline, on_trial, outcome,
                     start);

  // The search leaves trials and a tenth of the time to the finalists' re-measurements.
  const int search_reserve =
      options.finalists > 0
          ? std::min(options.finalists * (options.finalist_trials - 1), options.budget_trials / 4)
          : 0;
  const double search_seconds = options.budget_seconds * (search_reserve > 0 ? 0.9 : 1.0);

  // Rounds: every template's seeds first (the template of the recorded best first, the budget
  // shared out while it is short), then batches bred by the template with the lowest optimistic
  // time (template_scheduler.h): mostly the leader, and templates close behind it while they
  // have had few rounds.
  std::vector<int> warm_up_order;
  for (size_t t = 0; t < searches.size(); ++t) {
    if (recorded_best && searches[t].tmpl->name() == recorded_best->template_name) {
      warm_up_order.insert(warm_up_order.begin(), static_cast<int>(t));
    } else {
      warm_up_order.push_back(static_cast<int>(t));
    }
  }
  TemplateScheduler scheduler(static_cast<int>(searches.size()), warm_up_order,
                              kTemplateExploration);
  std::optional<double> best_seconds;
  int rounds_without_gain = 0;
  int budget = options.budget_trials;
  while (budget > search_reserve && seconds_since(start) < search_seconds) {
    const std::optional<int> chosen = scheduler.next();
    if (!chosen) break;
    const int cold = scheduler.cold();
    const int search_budget = budget - search_reserve;
    int batch_size = std::min(kBatch, search_budget);
    if (scheduler.rounds(*chosen) == 0)
      batch_size = std::max(1, std::min(batch_size, search_budget / cold));
    TemplateSearch& current = searches[*chosen];
    const std::vector<Config> batch = current.search->propose(batch_size);
    if (batch.empty()) {
      scheduler.mark_exhausted(*chosen);
      continue;
    }
    const std::optional<double> best_before = best_seconds;
    std::vector<Config> configs;
    for (const Config& config : batch) {
      if (budget <= search_reserve || seconds_since(start) >= search_seconds) break;
      --budget;
      configs.push_back(config);
    }
    std::vector<CandidateResult> results;
    std::optional<double> round_best;
    for (const Trial& trial : runner.run(*current.tmpl, current.space, configs)) {
      const TuningRecord& record = trial.record;
      const bool ok = record.status == TrialStatus::kOk;
      results.push_back(
          {trial.config, ok ? std::optional<double>(record.min_seconds) : std::nullopt});
      if (ok && (!round_best || record.min_seconds < *round_best)) round_best = record.min_seconds;
    }
    current.search->observe(results);
    scheduler.record_round(*chosen, round_best);
    if (round_best && (!best_seconds || *round_best < *best_seconds)) best_seconds = round_best;
    // Early stop: no gain of at least 1% for `patience` rounds after every template was seen.
    const bool gained = best_seconds && (!best_before || *best_seconds < *best_before * 0.99);
    rounds_without_gain = gained ? 0 : rounds_without_gain + 1;
    if (cold == 0 && options.patience > 0 && rounds_without_gain >= options.patience) {
      outcome.stopped_early = true;
      break;
    }
  }
  // Finalists: the fastest schedules of this run are timed again (one trial each per round,
  // with the rest of the budget) until the `finalists` fastest all have `finalist_trials` ok
  // trials. A schedule's time is the median of its trials' (schedule_ranking.h), so a lucky
  // first measurement does not decide the winner.
  while (options.finalists > 0 && budget > 0 && seconds_since(start) < options.budget_seconds) {
    const std::vector<RankedSchedule> ranked = rank_schedules(runner.records());
    std::map<const TemplateSearch*, std::vector<Config>> pending;
    for (size_t i = 0; i < ranked.size() && i < static_cast<size_t>(options.finalists); ++i) {
      const TuningRecord& trial = ranked[i].trial;
      if (ranked[i].trials >= options.finalist_trials || budget <= 0) continue;
      for (const TemplateSearch& search : searches) {
        if (search.tmpl->name() != trial.template_name) continue;
        pending[&search].push_back(search.space.decode(trial.knobs));
        --budget;
      }
    }
    if (pending.empty()) break;
    for (const auto& [search, configs] : pending) runner.run(*search->tmpl, search->space, configs);
  }
  // A re-tune whose budget ended before the baseline was measured again compares with the
  // recorded baseline.
  if (!outcome.baseline) outcome.baseline = recorded_baseline;
  outcome.elapsed_seconds = seconds_since(start);
  return outcome;
}

}  // namespace kf
