// The kforge subcommands. Each takes its own arguments (after the subcommand name), prints to
// stdout/stderr and returns the process exit code: 0 ok, 2 usage or bad input, 1 internal
// failure. Input errors are thrown as kf::InputError and mapped to 2 by main().
#pragma once

#include <string>
#include <vector>

#include "dsl/op_desc.h"

namespace kf {

int run_tune(const std::vector<std::string>& args);
int run_emit(const std::vector<std::string>& args);
/// `kforge list`: the same as `kforge db best`.
int run_list(const std::vector<std::string>& args);
/// `kforge db export|import|best` (tools/cmd_db.cpp).
int run_db(const std::vector<std::string>& args);
int run_demo(const std::vector<std::string>& args);
/// `kforge report`: an HTML page about a tuning database (tools/cmd_report.cpp).
int run_report(const std::vector<std::string>& args);

/// Descriptors and shape files of `op` from the command line (a descriptor may also carry an
/// "<op>:" prefix), with --mb and --layout applied. Parses everything before anything else
/// happens, so bad input changes nothing.
std::vector<OpEntry> parse_workloads(const std::string& op, const std::vector<std::string>& texts,
                                     int64_t mb, const std::string& layout);

/// Options shared by tune and demo.
struct TuneCommandOptions {
  std::string db_path = "kforge.db";
  int budget_trials = 24;
  double budget_seconds = 60;
  int threads = 1;
  uint64_t seed = 1;
  bool retune = false;
  /// Searches of the whole list; each after the first re-tunes every workload (TuneOptions::
  /// retune), when the nearest tuned workloads of each include those after it in the list.
  int passes = 1;
  bool compare_onednn = true;
  /// JSON lines on stdout instead of the table (tools/tune_progress.h).
  bool json = false;
  /// Rounds without a 1% gain before a workload stops early (TuneOptions::patience; 0 = off).
  int patience = 6;
  /// Fastest schedules timed again after the search (TuneOptions::finalists; 0 = off).
  int finalists = 3;
  /// Placements of the tensors each candidate is timed at (TuneOptions::placements).
  int placements = 3;
  /// Breeding ranked by the cost model (TuneOptions::model_guided).
  bool model_guided = true;
  /// Accuracy budget: "strict", "default", "fast" or a bound (see kf::accuracy_budget).
  std::string accuracy = "default";
  /// Only these templates (known names); empty: every applicable one.
  std::vector<std::string> templates;
  /// Object cache directory (jit/object_cache.h); empty: KFORGE_CACHE_DIR, or none.
  std::string cache_dir;
  /// Size limit of the object cache.
  int64_t cache_max_bytes = int64_t{512} << 20;
};

/// Tunes `workloads`, prints progress and the comparison table; returns the exit code.
int tune_and_report(const std::vector<OpEntry>& workloads, const TuneCommandOptions& options);

/// Emits the best schedules of `workloads` (all tuned workloads of the database when empty)
/// into `out_dir`/lib`name`.a + `name`.h; returns the exit code.
int emit_from_database(const std::vector<OpEntry>& workloads, const std::string& db_path,
                       const std::string& out_dir, const std::string& name, int threads,
                       const std::string& target);

}  // namespace kf
