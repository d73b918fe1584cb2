// gather_report: groups the database's trials and peer timings per workload (report_data.h).
#include "tools/report_data.h"

#include <cmath>
#include <ctime>
#include <limits>
#include <set>
#include <stdexcept>
#include <tuple>

#include "autotune/machine_peak.h"
#include "autotune/schedule_ranking.h"
#include "dsl/input_error.h"
#include "dsl/op_desc.h"

namespace kf {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

using WorkloadId = std::tuple<std::string, std::string, int>;  // key, target, threads

/// FLOPs and bytes of a workload from its key; NaN and a reason when the key does not parse
/// (a database written by a build with other ops).
void describe(ReportWorkload& w) {
  try {
    std::unique_ptr<OpDesc> desc = parse_op(w.op, w.key);
    w.flops = desc->flops();
    w.min_bytes = desc->min_bytes();
  } catch (const InputError& error) {
    w.flops = w.min_bytes = kNaN;
    w.key_problem = error.what();
  }
}

}  // namespace

double ReportWorkload::best_gflops() const {
  if (!best || !std::isfinite(flops)) return kNaN;
  return flops / best->min_seconds * 1e-9;
}

double ReportWorkload::intensity() const {
  return std::isfinite(flops) && min_bytes > 0 ? flops / min_bytes : kNaN;
}

const ReportRoofs& ReportData::roofs_for(int threads) const {
  for (const ReportRoofs& r : roofs) {
    if (r.threads == threads) return r;
  }
  throw std::logic_error("no roofs for " + std::to_string(threads) + " threads");
}

double default_bandwidth_gbs(int threads) { return threads <= 1 ? 16.0 : 31.0; }

ReportData gather_report(Database& database, const ReportOptions& options) {
  ReportData data;
  data.db_path = database.path();
  data.target_filter = options.target;
  data.created_at = static_cast<int64_t>(std::time(nullptr));

  std::map<WorkloadId, ReportWorkload> workloads;
  std::map<WorkloadId, std::vector<TuningRecord>> records_of;
  for (TuningRecord& r : database.all_records(options.target)) {
    if (!options.layers.empty() && !options.layers.count(r.workload_key)) continue;
    auto [it, inserted] = workloads.try_emplace({r.workload_key, r.target, r.threads});
    ReportWorkload& w = it->second;
    if (inserted) {
      w.key = r.workload_key;
      w.op = r.op;
      w.target = r.target;
      w.threads = r.threads;
      auto layer = options.layers.find(r.workload_key);
      if (layer != options.layers.end()) w.layer = layer->second;
    }
    ReportTrial trial;
    trial.position = static_cast<int>(w.trials.size()) + 1;
    trial.ok = r.status == TrialStatus::kOk;
    trial.seconds = trial.ok ? r.min_seconds : kNaN;
    if (!trial.ok) trial.failure_reason = to_string(r.status) + ": " + r.failure_reason;
    w.trials.push_back(std::move(trial));
    records_of[it->first].push_back(std::move(r));
  }
  // The chosen schedule as kforge ranks schedules (Database::best).
  for (auto& [id, records] : records_of) workloads[id].best = select_best(records);

  std::map<WorkloadId, std::map<std::string, ReportPeer>> peers;
  for (const PeerRecord& p : database.peer_records(options.target)) {
    ReportPeer& peer = peers[{p.workload_key, p.target, p.threads}][p.peer];
    if (peer.timings == 0 || p.min_seconds < peer.min_seconds) {
      peer.min_seconds = p.min_seconds;
      peer.implementation = p.implementation;
    }
    peer.peer = p.peer;
    ++peer.timings;
  }

  std::set<int> thread_counts;
  for (auto& [id, w] : workloads) {
    describe(w);
    auto found = peers.find(id);
    if (found != peers.end()) {
      for (auto& entry : found->second) w.peers.push_back(std::move(entry.second));
    }
    thread_counts.insert(w.threads);
    data.workloads.push_back(std::move(w));
  }
  for (int threads : thread_counts) {
    ReportRoofs roofs;
    roofs.threads = threads;
    roofs.peak_measured = !options.peak_gflops;
    roofs.peak_gflops = options.peak_gflops ? *options.peak_gflops : fma_peak_gflops(threads);
    roofs.bandwidth_gbs =
        options.bandwidth_gbs ? *options.bandwidth_gbs : default_bandwidth_gbs(threads);
    data.roofs.push_back(roofs);
  }
  return data;
}

}  // namespace kf
