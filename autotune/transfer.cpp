// Shape signatures, their distance, and the seeds a new workload takes from its neighbours.
#include "autotune/transfer.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <memory>

#include "autotune/schedule_ranking.h"

namespace kf {

namespace {

void describe(const TensorSpec& tensor, ShapeSignature* signature) {
  signature->structure += tensor.role + ":" + tensor.layout + ":" + element_type_name(tensor.type) +
                          ":" + std::to_string(tensor.shape.size()) + ";";
  for (int64_t extent : tensor.shape) {
    signature->features.push_back(std::log2(1.0 + static_cast<double>(extent)));
  }
}

// Appends the fastest schedule of each template (ranked as Database::best ranks them) of one
// workload, target and thread count, templates by name.
void append_best_per_template(Database& database, const std::string& workload_key,
                              const std::string& target, int threads,
                              std::vector<TuningRecord>& candidates) {
  std::map<std::string, TuningRecord> best_per_template;
  for (RankedSchedule& schedule : rank_schedules(database.records(workload_key, target, threads))) {
    best_per_template.emplace(schedule.trial.template_name, std::move(schedule.trial));
  }
  for (auto& [name, record] : best_per_template) candidates.push_back(std::move(record));
}

}  // namespace

ShapeSignature shape_signature(const OpDesc& desc) {
  ShapeSignature signature;
  signature.structure = desc.op() + "|";
  for (const TensorSpec& tensor : desc.inputs()) describe(tensor, &signature);
  describe(desc.output(), &signature);
  return signature;
}

double shape_distance(const ShapeSignature& a, const ShapeSignature& b) {
  if (a.structure != b.structure || a.features.size() != b.features.size()) {
    return std::numeric_limits<double>::infinity();
  }
  double distance = 0;
  for (size_t i = 0; i < a.features.size(); ++i)
    distance += std::abs(a.features[i] - b.features[i]);
  return distance;
}

std::vector<TuningRecord> transfer_candidates(Database& database, const OpDesc& desc,
                                              const std::string& target, int threads,
                                              int max_workloads) {
  if (max_workloads <= 0) return {};
  const ShapeSignature here = shape_signature(desc);
  const std::string own_key = desc.key();

  // Tuned workloads of this op, target and thread count, by distance.
  std::vector<std::pair<double, std::string>> neighbours;
  for (const TuningRecord& best : database.best_per_workload(target)) {
    if (best.threads != threads || best.op != desc.op() || best.workload_key == own_key) continue;
    std::unique_ptr<OpDesc> other;
    try {
      other = parse_op(best.op, best.workload_key);
    } catch (const std::exception&) {
      continue;  // a record of a descriptor this version cannot read
    }
    const double distance = shape_distance(here, shape_signature(*other));
    if (std::isfinite(distance)) neighbours.emplace_back(distance, best.workload_key);
  }
  std::sort(neighbours.begin(), neighbours.end());
  if (static_cast<int>(neighbours.size()) > max_workloads) neighbours.resize(max_workloads);

  std::vector<TuningRecord> candidates;
  for (const auto& [distance, key] : neighbours) {
    append_best_per_template(database, key, target, threads, candidates);
  }
  return candidates;
}

std::vector<TuningRecord> other_thread_count_candidates(Database& database, const OpDesc& desc,
                                                        const std::string& target, int threads) {
  const std::string own_key = desc.key();
  std::vector<int> counts = database.thread_counts(own_key, target);
  counts.erase(std::remove(counts.begin(), counts.end(), threads), counts.end());
  std::sort(counts.begin(), counts.end(), [threads](int a, int b) {
    const int da = std::abs(a - threads), db = std::abs(b - threads);
    return da != db ? da < db : a < b;
  });
  std::vector<TuningRecord> candidates;
  for (int count : counts) append_best_per_template(database, own_key, target, count, candidates);
  return candidates;
}

}  // namespace kf
