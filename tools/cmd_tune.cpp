// kforge tune: parse workloads of any op, tune each into the database, print a comparison table
// (baseline schedule, tuned schedule, oneDNN where it has the op, GFLOP/s, % of the FMA peak) or,
// with --json, JSON lines; the progress and the output are tools/tune_progress.h's.
#include <unistd.h>

#include <cstdio>

#include "autotune/machine_peak.h"
#include "autotune/problem.h"
#include "autotune/shard.h"
#include "autotune/tuner.h"
#include "bench/peers/onednn_conv.h"
#include "bench/peers/onednn_deconv.h"
#include "bench/peers/onednn_norm.h"
#include "bench/peers/onednn_reorder.h"
#include "bench/peers/onednn_resize_conv.h"
#include "bench/peers/onednn_softmax.h"
#include "dsl/conv_desc.h"
#include "dsl/input_error.h"
#include "jit/object_cache.h"
#include "schedules/op_template.h"
#include "tools/cli_args.h"
#include "tools/commands.h"
#include "tools/tune_progress.h"

namespace kf {

namespace {

constexpr const char* kTuneHelp =
    "usage: kforge tune <descriptor or shape file>... [options]\n"
    "\n"
    "Tunes each workload (a benchdnn descriptor of the op, such as mb1ic64ih56oc64oh56kh3ph1 for\n"
    "conv, optionally with tags _nchw/_nhwc, _bia, _relu and an '<op>:' prefix; or a benchdnn\n"
    "shape file) and records every trial in\n"
    "the database. A workload already tuned for this CPU and thread count is answered from the\n"
    "database unless --retune is given. On a terminal, a live line per workload shows trials,\n"
    "the best GFLOP/s so far, % of peak, elapsed time and an ETA; otherwise one line per\n"
    "workload goes to stderr and the comparison table to stdout.\n"
    "\n"
    "options:\n"
    "  --op NAME            op of the descriptors and shape files (default conv)\n"
    "  --mb N               override the batch of every workload (benchdnn's --mb)\n"
    "  --layout nhwc|nchw   layout of every workload (default: the descriptor's, nhwc)\n"
    "  --budget-trials N    candidates per workload (default 24)\n"
    "  --budget-seconds S   wall time per workload (default 60)\n"
    "  --patience N         stop a workload early after N rounds (of up to 4 trials) without a\n"
    "                       1% gain, once every template was tried (default 6; 0 = use the\n"
    "                       whole budget)\n"
    "  --no-model           breed candidates without the cost model: the search is evolutionary\n"
    "                       per template (hand baseline and configs of the nearest tuned\n"
    "                       workloads as seeds, crossover, mutation); by default each child is\n"
    "                       the best-scored of several by a cost model fitted to the database\n"
    "  --threads T          threads while measuring (default 1); the workload's best schedules\n"
    "                       at other thread counts in the database seed its search\n"
    "  --finalists N        then time the N fastest schedules again until each has 3 trials, and\n"
    "                       rank schedules by their median trial (default 3; 0 = off); their\n"
    "                       trials come out of the budgets\n"
    "  --placements N       time each candidate at N placements of its tensors in memory, the\n"
    "                       first run's buffers and copies in fresh memory, and record the mean\n"
    "                       (default 3; a kernel's speed can depend on where its tensors lie)\n"
    "  --db PATH            tuning database (default kforge.db)\n"
    "  --seed N             search seed (default 1)\n"
    "  --retune             search again even if the database has a result, starting\n"
    "                       from the recorded best (its first trial re-measures it)\n"
    "  --passes N           search the whole list N times (default 1): each pass after the\n"
    "                       first searches every workload again, as --retune does, from its\n"
    "                       recorded best and from the best configs of its nearest tuned\n"
    "                       workloads, which by then include those after it in the list; each\n"
    "                       pass has the full budgets. The table and the workload events come\n"
    "                       after the last pass\n"
    "  --no-compare         do not time oneDNN for the comparison column\n"
    "  --json               JSON lines on stdout instead of the table: one {\"event\":\"trial\"}\n"
    "                       per trial, one {\"event\":\"workload\"} per workload (best template,\n"
    "                       knobs, seconds, GFLOP/s, % peak, baseline, oneDNN), one\n"
    "                       {\"event\":\"summary\"} at the end; stderr stays quiet unless it is\n"
    "                       a terminal\n"
    "  --accuracy A         which algorithm variants may win: strict (as accurate as direct\n"
    "                       convolution), default (max error 2e-3: Winograd F(4x4,3x3) on\n"
    "                       ResNet-50's 3x3 layers), fast (any), or a bound such as 1e-4\n"
    "                       (max |out - ref| / (1 + |ref|) against a double reference)\n"
    "  --templates A,B      only these schedule templates (e.g. conv_direct_nhwc,\n"
    "                       conv_winograd_f2_nhwc, conv_winograd_f4_nhwc)\n"
    "  --shard i/n          tune only workload j with j mod n == i (0 <= i < n), counting every\n"
    "                       workload of the command line and shape files in order; one shard per\n"
    "                       machine (e.g. i = $SLURM_ARRAY_TASK_ID), then merge the databases\n"
    "                       with kforge db export / kforge db import\n"
    "  --cache-dir DIR      keep compiled kernels in DIR (default: $KFORGE_CACHE_DIR, else none):\n"
    "                       a kernel compiled once loads in about a millisecond afterwards, in\n"
    "                       this and later runs; corrupt entries are reported and rebuilt\n"
    "  --cache-max-mb N     size limit of the cache directory, least recently used kernels\n"
    "                       removed first (default 512)\n";

std::string layer_name(const OpEntry& entry, size_t index) {
  const std::string name = entry.desc->layer_name();
  return name.empty() ? "layer" + std::to_string(index) : name;
}

// oneDNN's time for the same workload, when it has the op; for convolution the faster of its
// direct and Winograd algorithms (convolution and deconvolution).
std::optional<peers::PeerTiming> time_peer(const OpDesc& desc, int threads,
                                           const MeasureOptions& options) {
  if (const auto* conv = dynamic_cast<const ConvDesc*>(&desc)) {
    std::optional<peers::PeerTiming> best = peers::time_onednn_conv(*conv, threads, options);
    if (auto winograd =
            peers::time_onednn_conv(*conv, threads, options, peers::OnednnAlgorithm::kWinograd)) {
      if (!best || winograd->min_seconds < best->min_seconds) best = winograd;
    }
    return best;
  }
  if (const auto* deconv = dynamic_cast<const DeconvDesc*>(&desc)) {
    std::optional<peers::PeerTiming> best = peers::time_onednn_deconv(*deconv, threads, options);
    if (auto winograd = peers::time_onednn_deconv(*deconv, threads, options,
                                                  peers::OnednnAlgorithm::kWinograd)) {
      if (!best || winograd->min_seconds < best->min_seconds) best = winograd;
    }
    return best;
  }
  if (const auto* norm = dynamic_cast<const NormDesc*>(&desc)) {
    return peers::time_onednn_norm(*norm, threads, options);
  }
  if (const auto* softmax = dynamic_cast<const SoftmaxDesc*>(&desc)) {
    return peers::time_onednn_softmax(*softmax, threads, options);
  }
  if (const auto* reorder = dynamic_cast<const ReorderDesc*>(&desc)) {
    return peers::time_onednn_reorder(*reorder, threads, options);
  }
  if (const auto* resize_conv = dynamic_cast<const ResizeConvDesc*>(&desc)) {
    return peers::time_onednn_resize_conv(*resize_conv, threads, options);
  }
  return std::nullopt;
}

// Recompiles the winner and checks it against the reference: the table reports the error of
// the kernel a user would get, whether it was found now or read from the database.
BestCheck verify_best(JitSession& session, const OpDesc& desc, const TuningRecord& best) {
  BestCheck check;
  llvm::Expected<OpKernel> kernel = compile_record(session, desc, best);
  if (!kernel) {
    check.problem = "compile failed: " + llvm::toString(kernel.takeError());
    return check;
  }
  Problem problem(desc, 7);
  problem.poison_output();
  std::vector<halide_buffer_t*> buffers = problem.buffers();
  const int count = static_cast<int>(buffers.size());
  if (int code = kernel->prepare(buffers.data(), count)) {
    check.problem = "packing error " + std::to_string(code);
    return check;
  }
  if (int code = kernel->run(buffers.data(), count)) {
    check.problem = "error " + std::to_string(code);
    return check;
  }
  check.max_error = problem.max_error();
  const double tolerance =
      resolve_schedule(desc, best, session.kernel_target()).tmpl->tolerance(desc);
  check.within_tolerance = *check.max_error <= tolerance;
  return check;
}

// A workload's trials, failures and search time summed over the passes: it is reported once,
// after the last pass, with all of them.
struct PassTotals {
  int trials = 0;
  int failures = 0;
  double seconds = 0;

  void add(const TuneOutcome& outcome) {
    trials += outcome.trials;
    failures += outcome.failures;
    seconds += outcome.elapsed_seconds;
  }
  void write_to(TuneOutcome& outcome) const {
    outcome.trials = trials;
    outcome.failures = failures;
    outcome.elapsed_seconds = seconds;
  }
};

// Reports a workload after its last pass: oneDNN's time (recorded in the database beside the
// trials), the winner's check against the reference, and the report line or event. Returns false
// when the workload has no correct schedule.
bool report_workload(const std::string& name, const OpDesc& desc, const TuneOutcome& outcome,
                     const TuneCommandOptions& options, const MeasureOptions& measure,
                     JitSession& session, Database& database, TuneProgress& progress) {
  WorkloadReport report{name, &outcome};
  if (!outcome.best) {
    progress.report(report);
    return false;
  }
  const TuningRecord& best = *outcome.best;
  if (options.compare_onednn) {
    if (auto peer = time_peer(desc, options.threads, measure)) {
      report.onednn_seconds = peer->min_seconds;
      database.insert_peer({best.workload_key, best.target, options.threads, "onednn",
                            peer->implementation, peer->min_seconds});
    }
  }
  report.check = verify_best(session, desc, best);
  progress.report(report);
  return true;
}

}  // namespace

std::vector<OpEntry> parse_workloads(const std::string& op, const std::vector<std::string>& texts,
                                     int64_t mb, const std::string& layout) {
  if (texts.empty()) throw InputError("workloads", "give at least one descriptor or shape file");
  std::vector<OpEntry> entries;
  for (const std::string& text : texts) {
    for (OpEntry& entry : parse_op_list(op, text, mb)) {
      if (!layout.empty()) {
        std::unique_ptr<OpDesc> copy = entry.desc->clone();
        copy->set_layout(layout);
        entry.desc = std::move(copy);
      }
      entries.push_back(std::move(entry));
    }
  }
  return entries;
}

int tune_and_report(const std::vector<OpEntry>& workloads, const TuneCommandOptions& options) {
  std::unique_ptr<Database> database = Database::open(options.db_path);
  auto session = JitSession::create(Halide::get_host_target());
  if (!session) {
    std::fprintf(stderr, "kforge: cannot start the JIT: %s\n",
                 llvm::toString(session.takeError()).c_str());
    return 1;
  }
  llvm::Expected<std::unique_ptr<ObjectCache>> cache =
      ObjectCache::from_option_or_environment(options.cache_dir, options.cache_max_bytes);
  if (!cache) throw InputError("--cache-dir", llvm::toString(cache.takeError()));
  (*session)->set_object_cache(std::move(*cache));
  TuneOptions tune;
  tune.budget_trials = options.budget_trials;
  tune.budget_seconds = options.budget_seconds;
  tune.threads = options.threads;
  tune.seed = options.seed;
  tune.retune = options.retune;
  tune.templates = options.templates;
  tune.patience = options.patience;
  tune.model_guided = options.model_guided;
  tune.placements = options.placements;
  tune.finalists = options.finalists;
  TuneProgress::Setup setup;
  setup.workloads = workloads.size();
  setup.passes = options.passes;
  setup.budget_trials = tune.budget_trials;
  setup.budget_seconds = tune.budget_seconds;
  setup.patience = tune.patience;
  setup.peak_gflops = fma_peak_gflops(options.threads);
  setup.live = isatty(fileno(stderr));
  setup.json = options.json;
  TuneProgress progress(setup);
  const TrialCallback on_trial = [&](const TuningRecord& trial, const TuneOutcome& so_far) {
    progress.trial(trial, so_far);
  };

  std::vector<PassTotals> totals(workloads.size());
  int failures = 0;
  for (int pass = 0; pass < options.passes; ++pass) {
    tune.retune = options.retune || pass > 0;
    const bool last_pass = pass + 1 == options.passes;
    for (size_t i = 0; i < workloads.size(); ++i) {
      const OpDesc& desc = *workloads[i].desc;
      const std::string name = layer_name(workloads[i], i);
      progress.start_workload(i, pass, name, desc);
      tune.max_error = accuracy_budget(options.accuracy, desc);
      TuneOutcome outcome = tune_workload(desc, **session, *database, tune, on_trial);
      progress.searched(outcome);
      totals[i].add(outcome);
      if (!last_pass) continue;
      totals[i].write_to(outcome);
      if (!report_workload(name, desc, outcome, options, tune.measure, **session, *database,
                           progress)) {
        ++failures;
      }
    }
  }
  progress.finish(options.threads, target_key(**session), options.db_path);
  return failures ? 1 : 0;
}

int run_tune(const std::vector<std::string>& argv) {
  CliArgs args(argv,
               {"--op", "--mb", "--layout", "--budget-trials", "--budget-seconds", "--threads",
                "--db", "--seed", "--accuracy", "--templates", "--shard", "--patience",
                "--placements", "--finalists", "--cache-dir", "--cache-max-mb", "--passes"},
               {"--help", "--retune", "--no-compare", "--no-model", "--json"});
  if (args.has("--help")) {
    std::fputs(kTuneHelp, stdout);
    return 0;
  }
  TuneCommandOptions options;
  const int64_t mb = args.get_int("--mb", 0, 1, 1 << 20);
  options.budget_trials = static_cast<int>(args.get_int("--budget-trials", 24, 1, 100000));
  options.budget_seconds = args.get_positive("--budget-seconds", 60);
  options.patience = static_cast<int>(args.get_int("--patience", options.patience, 0, 100000));
  options.model_guided = !args.has("--no-model");
  options.placements = static_cast<int>(args.get_int("--placements", options.placements, 1, 64));
  options.finalists = static_cast<int>(args.get_int("--finalists", options.finalists, 0, 64));
  options.json = args.has("--json");
  options.threads = static_cast<int>(args.get_int("--threads", 1, 1, 1024));
  options.seed = static_cast<uint64_t>(args.get_int("--seed", 1, 0, INT64_MAX));
  options.db_path = args.get("--db", options.db_path);
  options.retune = args.has("--retune");
  options.passes = static_cast<int>(args.get_int("--passes", 1, 1, 100));
  options.compare_onednn = !args.has("--no-compare");
  options.accuracy = args.get("--accuracy", options.accuracy);
  options.cache_dir = args.get("--cache-dir", "");
  if (args.has("--cache-dir") && options.cache_dir.empty()) {
    throw InputError("--cache-dir", "needs a directory name");
  }
  options.cache_max_bytes = args.get_int("--cache-max-mb", 512, 1, int64_t{1} << 30) << 20;
  const std::string templates = args.get("--templates", "");
  for (size_t start = 0; start < templates.size();) {
    size_t comma = templates.find(',', start);
    if (comma == std::string::npos) comma = templates.size();
    const std::string name = templates.substr(start, comma - start);
    if (!find_template(name)) {
      throw InputError("--templates", "unknown template '" + name +
                                          "' (e.g. conv_direct_nhwc, conv_winograd_f4_nhwc)");
    }
    options.templates.push_back(name);
    start = comma + 1;
  }
  // Every workload is parsed and validated before the database is opened.
  const Shard shard = parse_shard(args.get("--shard", "0/1"));
  std::vector<OpEntry> workloads =
      parse_workloads(args.get("--op", "conv"), args.positional(), mb, args.get("--layout", ""));
  for (const OpEntry& entry : workloads) accuracy_budget(options.accuracy, *entry.desc);
  const size_t all = workloads.size();
  workloads = take_shard(std::move(workloads), shard);
  if (workloads.empty()) {
    std::fprintf(stderr, "kforge tune: shard %d/%d holds none of the %zu workloads\n", shard.index,
                 shard.count, all);
    return 0;
  }
  return tune_and_report(workloads, options);
}

}  // namespace kf
