// ReportData: what `kforge report` shows, gathered from a tuning database: per workload (key,
// target, threads) its trials in insertion order, the best one, its FLOP and byte counts, and the
// peers' timings; per thread count the roofs of the roofline (FMA peak and memory bandwidth).
// tools/html_report.h turns it into a page.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "autotune/database.h"

namespace kf {

/// One trial as the tuning curve plots it.
struct ReportTrial {
  int position = 0;  ///< 1-based, in insertion order among the workload's trials
  bool ok = false;
  double seconds = 0;          ///< min_seconds of an ok trial
  std::string failure_reason;  ///< of a failed one
};

/// The fastest timing of one peer on one workload.
struct ReportPeer {
  std::string peer;            ///< e.g. "onednn"
  std::string implementation;  ///< of the fastest timing
  double min_seconds = 0;      ///< fastest of its timings
  int timings = 0;             ///< how many timings the database holds
};

/// One workload: a (workload_key, target, threads) triple of the database.
struct ReportWorkload {
  std::string key;
  std::string op;
  std::string layer;  ///< from the shape files given to the command; may be empty
  std::string target;
  int threads = 1;
  std::vector<ReportTrial> trials;
  std::optional<TuningRecord> best;  ///< the fastest ok trial (the earliest on a tie)
  /// From parsing the key; NaN when it does not parse (described by key_problem).
  double flops = 0;
  double min_bytes = 0;
  std::string key_problem;
  std::vector<ReportPeer> peers;  ///< sorted by peer name

  /// Achieved GFLOP/s of the best trial (NaN without a best or FLOP count).
  double best_gflops() const;
  /// FLOPs per byte of min_bytes (NaN when unknown).
  double intensity() const;
};

/// The roofs of one thread count.
struct ReportRoofs {
  int threads = 1;
  double peak_gflops = 0;    ///< FMA peak with this many threads
  double bandwidth_gbs = 0;  ///< memory bandwidth
  bool peak_measured = false;
};

struct ReportData {
  std::string db_path;
  std::string target_filter;  ///< empty: every target
  std::vector<ReportWorkload> workloads;
  std::vector<ReportRoofs> roofs;  ///< one per thread count of the workloads, ascending
  int64_t created_at = 0;          ///< unix seconds
  /// Roofs of `threads` (one exists for every workload's thread count).
  const ReportRoofs& roofs_for(int threads) const;
};

struct ReportOptions {
  std::string target;  ///< only this target; empty: all
  /// Replace the measured FMA peak (for every thread count) / the default bandwidth.
  std::optional<double> peak_gflops;
  std::optional<double> bandwidth_gbs;
  /// Only these workload keys, named as given (key -> layer name); empty: every workload.
  std::map<std::string, std::string> layers;
};

/// Memory bandwidth assumed for `threads` threads on the reference machine: 16 GB/s on one core,
/// 31 GB/s on two or more.
double default_bandwidth_gbs(int threads);

/// Reads every trial and peer timing of the database (rows of options.target only, when set).
/// Throws InputError on a corrupt row, DatabaseError on SQLite failures.
ReportData gather_report(Database& database, const ReportOptions& options);

}  // namespace kf
