// Cost models. Kendall's tau on hand-made orders; the analytical model on configs whose order
// is not in doubt; and, on recorded tuning data (tests/data/conv_trials.tsv: every ok trial of
// `kforge tune` over ResNet-50 at mb1, 1 thread, on this machine), the learned model trained on
// the other workloads ranks each held-out workload's candidates better than the analytical model
// alone.
#include "autotune/cost_model.h"

#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "dsl/conv_desc.h"
#include "jit/jit_session.h"
#include "tests/support/shared_jit_session.h"

namespace kf {
namespace {

const Halide::Target& target() { return test::shared_session().kernel_target(); }

TEST(KendallTau, CountsConcordantPairs) {
  EXPECT_DOUBLE_EQ(kendall_tau({1, 2, 3, 4}, {10, 20, 30, 40}), 1.0);
  EXPECT_DOUBLE_EQ(kendall_tau({1, 2, 3, 4}, {40, 30, 20, 10}), -1.0);
  EXPECT_DOUBLE_EQ(kendall_tau({1, 2, 3}, {1, 3, 2}), 1.0 / 3.0);
  EXPECT_DOUBLE_EQ(kendall_tau({1}, {1}), 0.0);
  // A model that cannot tell candidates apart ranks nothing; measured ties are not pairs.
  EXPECT_DOUBLE_EQ(kendall_tau({5, 5, 5}, {1, 2, 3}), 0.0);
  EXPECT_DOUBLE_EQ(kendall_tau({1, 2, 3}, {7, 7, 8}), 1.0);
}

TEST(AnalyticalModel, PrefersFullRegisterTilesAndWinogradOnLargeImages) {
  const ConvDesc desc = parse_conv("mb1ic64ih56oc64oh56kh3ph1");
  const Template* direct = find_template("conv_direct_nhwc");
  const Template* winograd = find_template("conv_winograd_f4_nhwc");
  ASSERT_TRUE(direct && winograd);
  const MachineModel machine;
  const KnobSpace space = direct->knob_space(desc, target());
  const Config tiny = space.decode(
      "vectors_k=1,tile_w=1,tile_h=1,k_tiles_outer=0,taps_inner=0,unroll_kw=0,rows_per_task=1,"
      "pad_at=row");
  const Config full = space.decode(
      "vectors_k=2,tile_w=14,tile_h=1,k_tiles_outer=0,taps_inner=0,unroll_kw=0,rows_per_task=1,"
      "pad_at=row");
  const double tiny_seconds = *analytical_seconds(*direct, desc, tiny, target(), machine);
  const double full_seconds = *analytical_seconds(*direct, desc, full, target(), machine);
  EXPECT_GT(tiny_seconds, 3 * full_seconds);
  // Useful work at the FMA peak is a lower bound.
  EXPECT_GE(full_seconds, desc.flops() / (machine.peak_gflops_per_thread * 1e9));
  const double winograd_seconds =
      *analytical_seconds(*winograd, desc, winograd->baseline(desc, target()), target(), machine);
  EXPECT_LT(winograd_seconds, full_seconds);
  // Templates without an analysis have no analytical estimate.
  EXPECT_FALSE(analytical_seconds(
      *find_template("conv_direct_nchw"), parse_conv("mb1ic8ih8oc8oh8kh3ph1_nchw"),
      find_template("conv_direct_nchw")
          ->baseline(parse_conv("mb1ic8ih8oc8oh8kh3ph1_nchw"), target()),
      target(), machine));
}

// The recorded trials: op, workload key, template, version, knobs, min seconds (tab-separated).
std::vector<TuningRecord> recorded_trials() {
  std::ifstream file(std::string(KF_SOURCE_DIR) + "/tests/data/conv_trials.tsv");
  EXPECT_TRUE(file.good()) << "tests/data/conv_trials.tsv is missing";
  std::vector<TuningRecord> records;
  std::string line;
  while (std::getline(file, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream in(line);
    TuningRecord r;
    std::string version, seconds;
    std::getline(in, r.op, '\t');
    std::getline(in, r.workload_key, '\t');
    std::getline(in, r.template_name, '\t');
    std::getline(in, version, '\t');
    std::getline(in, r.knobs, '\t');
    std::getline(in, seconds, '\t');
    r.template_version = std::stoi(version);
    r.min_seconds = r.median_seconds = std::stod(seconds);
    r.status = TrialStatus::kOk;
    records.push_back(r);
  }
  return records;
}

TEST(LearnedCostModel, RanksHeldOutWorkloadsBetterThanTheAnalyticalModel) {
  const std::vector<TuningRecord> records = recorded_trials();
  ASSERT_GE(records.size(), 200u);
  std::set<std::string> workloads;
  for (const TuningRecord& r : records) workloads.insert(r.workload_key);
  ASSERT_GE(workloads.size(), 10u);

  const MachineModel machine;
  double learned_sum = 0, analytical_sum = 0;
  int groups = 0;
  for (const std::string& held_out : workloads) {
    std::vector<TuningRecord> training;
    std::map<std::string, std::vector<const TuningRecord*>> by_template;
    for (const TuningRecord& r : records) {
      if (r.workload_key == held_out) {
        by_template[r.template_name].push_back(&r);
      } else {
        training.push_back(r);
      }
    }
    LearnedCostModel model(machine);
    ASSERT_GT(model.fit(training, target()), 0);
    const std::unique_ptr<OpDesc> desc = parse_op("conv", held_out);
    for (const auto& [name, group] : by_template) {
      if (group.size() < 5) continue;
      const Template& tmpl = *find_template(name);
      std::vector<double> measured, learned, analytical;
      for (const TuningRecord* r : group) {
        const Config config = tmpl.knob_space(*desc, target()).decode(r->knobs);
        measured.push_back(r->min_seconds);
        learned.push_back(*model.predict(tmpl, *desc, config, target()));
        analytical.push_back(*analytical_seconds(tmpl, *desc, config, target(), machine));
      }
      learned_sum += kendall_tau(learned, measured);
      analytical_sum += kendall_tau(analytical, measured);
      ++groups;
    }
  }
  ASSERT_GT(groups, 10);
  const double learned_mean = learned_sum / groups, analytical_mean = analytical_sum / groups;
  RecordProperty("learned_tau", std::to_string(learned_mean));
  RecordProperty("analytical_tau", std::to_string(analytical_mean));
  EXPECT_GT(analytical_mean, 0.0) << "the analytical model should carry some signal";
  EXPECT_GT(learned_mean, analytical_mean + 0.05)
      << "learned " << learned_mean << " vs analytical " << analytical_mean;
}

}  // namespace
}  // namespace kf
