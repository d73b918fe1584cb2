// TuneProgress (see tune_progress.h): the live line, the per-workload lines, the comparison table
// and the JSON-lines events of `kforge tune`.
//
// JSON events, one object a line on stdout (times in seconds, null where there is no value):
//   {"event":"trial","workload":key,"layer":name,"index":i,"trial":trial_index,"template":...,
//    "knobs":...,"status":"ok"|"compile_error"|...,"seconds":min|null,"median_seconds":...,
//    "gflops":...|null,"max_error":...|null,"failure_reason":"","elapsed":...,
//    "best_gflops":...|null}
//   {"event":"workload","workload":key,"layer":name,"index":i,"gflop":...,"from_database":b,
//    "trials":n,"failures":n,"stopped_early":b,"elapsed":...,"template":...|null,
//    "knobs":...|null,"seconds":...|null,"gflops":...|null,"peak_percent":...|null,
//    "gbytes_per_second":...|null,"baseline_seconds":...|null,"onednn_seconds":...|null,
//    "vs_onednn":...|null,"max_error":...|null,"verified":b,"check_failure":""}
//   (max_error, verified, check_failure: the winner compiled and checked once more after tuning,
//   on other input data; vs_onednn is oneDNN's time over ours)
//   {"event":"summary","workloads":n,"tuned":n,"from_database":n,"without_kernel":n,
//    "trials":n,"failures":n,"stopped_early":n,"threads":t,"peak_gflops":...,"target":...,
//    "database":...,"elapsed":...}
#include "tools/tune_progress.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "tools/json_line.h"

namespace kf {
namespace {

/// "42 s", "3m05s", "2h10m".
std::string duration_text(double seconds) {
  if (!(seconds >= 0)) seconds = 0;
  const long whole = std::lround(seconds);
  if (whole < 60) return format("%ld s", whole);
  if (whole < 3600) return format("%ldm%02lds", whole / 60, whole % 60);
  return format("%ldh%02ldm", whole / 3600, whole / 60 % 60);
}

/// Best so far as "150.2 GFLOP/s (67% peak)", or "-".
std::string best_text(const std::optional<TuningRecord>& best, double peak) {
  if (!best) return "-";
  return format("%.1f GFLOP/s (%.0f%% peak)", best->gflops, 100 * best->gflops / peak);
}

void write_line(const JsonLine& line) {
  std::fputs((line.str() + "\n").c_str(), stdout);
  std::fflush(stdout);  // a reader of the pipe sees each event as it happens
}

}  // namespace

// GFLOP/s and % of the FMA peak for compute-bound ops; GB/s (one read of every input, one write
// of the output) for memory-bound ones.
TuneProgress::TuneProgress(const Setup& setup)
    : setup_(setup),
      table_({"layer", "GFLOP", "baseline ms", "tuned ms", "oneDNN ms", "tuned GFLOP/s", "% peak",
              "GB/s", "vs oneDNN", "max err", "template"}) {}

TuneProgress::~TuneProgress() {
  if (live_length_ > 0) std::fputs("\n", stderr);
}

std::string TuneProgress::prefix() const {
  if (setup_.passes == 1)
    return format("[%zu/%zu] %s", index_ + 1, setup_.workloads, layer_.c_str());
  return format("[%zu/%zu, pass %d/%d] %s", index_ + 1, setup_.workloads, pass_ + 1, setup_.passes,
                layer_.c_str());
}

void TuneProgress::rewrite_live_line(const std::string& text) {
  const size_t blank = live_length_ > text.size() ? live_length_ - text.size() : 0;
  std::fprintf(stderr, "\r%s%s", text.c_str(), std::string(blank, ' ').c_str());
  std::fflush(stderr);
  live_length_ = text.size();
}

void TuneProgress::start_workload(size_t index, int pass, const std::string& layer,
                                  const OpDesc& desc) {
  index_ = index;
  pass_ = pass;
  layer_ = layer;
  workload_key_ = desc.key();
  live_length_ = 0;
  if (setup_.live) rewrite_live_line(prefix() + ": tuning...");
}

void TuneProgress::trial(const TuningRecord& trial, const TuneOutcome& so_far) {
  const bool ok = trial.status == TrialStatus::kOk;
  if (setup_.json) {
    const bool has_error = ok || trial.status == TrialStatus::kWrongResult;
    JsonLine line;
    line.string("event", "trial")
        .string("workload", workload_key_)
        .string("layer", layer_)
        .integer("index", static_cast<int64_t>(index_))
        .integer("pass", pass_)
        .integer("trial", trial.trial_index)
        .string("template", trial.template_name)
        .string("knobs", trial.knobs)
        .string("status", to_string(trial.status))
        .number("seconds", ok ? std::optional<double>(trial.min_seconds) : std::nullopt)
        .number("median_seconds", ok ? std::optional<double>(trial.median_seconds) : std::nullopt)
        .number("gflops", ok ? std::optional<double>(trial.gflops) : std::nullopt)
        .number("max_error", has_error ? std::optional<double>(trial.max_error) : std::nullopt)
        .string("failure_reason", trial.failure_reason)
        .number("elapsed", so_far.elapsed_seconds)
        .number("best_gflops",
                so_far.best ? std::optional<double>(so_far.best->gflops) : std::nullopt);
    write_line(line);
  }
  if (!setup_.live) return;
  // The search ends at the trial budget or the time budget, whichever comes first.
  const double elapsed = so_far.elapsed_seconds;
  double eta = std::max(0.0, setup_.budget_seconds - elapsed);
  if (so_far.trials > 0) {
    const int left = std::max(0, setup_.budget_trials - so_far.trials);
    eta = std::min(eta, elapsed / so_far.trials * left);
  }
  rewrite_live_line(format("%s: trial %d/%d, best %s, %s, ETA %s", prefix().c_str(), so_far.trials,
                           setup_.budget_trials, best_text(so_far.best, setup_.peak_gflops).c_str(),
                           duration_text(elapsed).c_str(), duration_text(eta).c_str()));
}

void TuneProgress::searched(const TuneOutcome& outcome) {
  if (!setup_.live && setup_.json) return;  // quiet: the events say it all
  std::string text = prefix() + ": ";
  if (outcome.from_database) {
    text += "from database";
  } else {
    text += format("tuned, %d trials, %d failed", outcome.trials, outcome.failures);
  }
  if (outcome.best) {
    text += format(", best %s with %s", best_text(outcome.best, setup_.peak_gflops).c_str(),
                   outcome.best->template_name.c_str());
  } else {
    text += ", no correct kernel";
  }
  text += format(", %.1f s", outcome.elapsed_seconds);
  if (outcome.stopped_early) {
    text += format(", stopped early (no 1%% gain in %d round%s)", setup_.patience,
                   setup_.patience == 1 ? "" : "s");
  }
  if (setup_.live) {
    rewrite_live_line(text);
    std::fputs("\n", stderr);
  } else {
    std::fprintf(stderr, "%s\n", text.c_str());
  }
  live_length_ = 0;
}

void TuneProgress::report(const WorkloadReport& report) {
  const TuneOutcome& outcome = *report.outcome;
  const OpDesc& desc = *outcome.desc;
  const std::optional<TuningRecord>& best = outcome.best;
  if (outcome.from_database) {
    ++from_database_;
  } else {
    ++tuned_;
  }
  without_kernel_ += !best;
  trials_ += outcome.trials;
  failures_ += outcome.failures;
  stopped_early_ += outcome.stopped_early;
  const std::optional<double> baseline =
      outcome.baseline ? std::optional<double>(outcome.baseline->min_seconds) : std::nullopt;
  std::optional<double> vs_onednn;
  if (best && report.onednn_seconds) vs_onednn = *report.onednn_seconds / best->min_seconds;

  if (setup_.json) {
    JsonLine line;
    line.string("event", "workload")
        .string("workload", desc.key())
        .string("layer", report.layer)
        .integer("index", static_cast<int64_t>(index_))
        .number("gflop", desc.flops() * 1e-9)
        .boolean("from_database", outcome.from_database)
        .integer("trials", outcome.trials)
        .integer("failures", outcome.failures)
        .boolean("stopped_early", outcome.stopped_early)
        .number("elapsed", outcome.elapsed_seconds);
    if (best) {
      line.string("template", best->template_name)
          .string("knobs", best->knobs)
          .number("seconds", best->min_seconds)
          .number("gflops", best->gflops)
          .number("peak_percent", 100 * best->gflops / setup_.peak_gflops)
          .number("gbytes_per_second", desc.min_bytes() / best->min_seconds * 1e-9);
    } else {
      line.null("template").null("knobs").null("seconds").null("gflops").null("peak_percent");
      line.null("gbytes_per_second");
    }
    const BestCheck check = report.check.value_or(BestCheck{std::nullopt, false, "no kernel"});
    line.number("baseline_seconds", baseline)
        .number("onednn_seconds", report.onednn_seconds)
        .number("vs_onednn", vs_onednn)
        .number("max_error", check.max_error)
        .boolean("verified", check.max_error && check.within_tolerance)
        .string("check_failure", check.problem);
    write_line(line);
    return;
  }

  const std::string gflop = format("%.3f", desc.flops() * 1e-9);
  if (!best) {
    table_.add_row({report.layer, gflop, "-", "no correct kernel"});
    return;
  }
  std::string error = "-";
  if (report.check) {
    error = report.check->max_error ? format("%.1e%s", *report.check->max_error,
                                             report.check->within_tolerance ? "" : " WRONG")
                                    : report.check->problem;
  }
  const auto ms = [](std::optional<double> seconds) {
    return seconds ? format("%.3f", *seconds * 1e3) : std::string("-");
  };
  table_.add_row({report.layer, gflop, ms(baseline), ms(best->min_seconds),
                  ms(report.onednn_seconds), format("%.1f", best->gflops),
                  format("%.0f%%", 100 * best->gflops / setup_.peak_gflops),
                  format("%.1f", desc.min_bytes() / best->min_seconds * 1e-9),
                  vs_onednn ? format("%.2fx", *vs_onednn) : "-", error, best->template_name});
}

void TuneProgress::finish(int threads, const std::string& target, const std::string& database) {
  const double elapsed =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  if (setup_.json) {
    JsonLine line;
    line.string("event", "summary")
        .integer("workloads", tuned_ + from_database_)
        .integer("tuned", tuned_)
        .integer("from_database", from_database_)
        .integer("without_kernel", without_kernel_)
        .integer("trials", trials_)
        .integer("failures", failures_)
        .integer("stopped_early", stopped_early_)
        .integer("passes", setup_.passes)
        .integer("threads", threads)
        .number("peak_gflops", setup_.peak_gflops)
        .string("target", target)
        .string("database", database)
        .number("elapsed", elapsed);
    write_line(line);
    return;
  }
  std::printf("\nthreads %d, FMA peak %.0f GFLOP/s, target %s, database %s\n%s", threads,
              setup_.peak_gflops, target.c_str(), database.c_str(), table_.render().c_str());
}

}  // namespace kf
