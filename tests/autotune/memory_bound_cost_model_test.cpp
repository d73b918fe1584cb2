// The analytical cost model on the memory-bound templates (softmax, normalisation, reorder,
// image_blob): every template declares CostFeatures for its baseline, the features respond to
// the knobs the way the hardware does, and, on recorded tuning data
// (tests/data/memory_bound_trials.tsv: every ok trial of `kforge tune` over a few shapes per op
// family, 1 thread, on this machine), the analytical estimate orders each workload's candidates
// far better than chance. No kernel is compiled: the model needs descriptors and knobs only.
//
// Mean Kendall's tau of the analytical model per workload on that data, development set (where
// the cost constants were chosen) / held-out set (recorded after they were fixed), 2026-11-22:
//   softmax_inner 0.55 / 0.61    softmax_strided 0.66 / 0.68    norm_rows 0.47 / 0.42
//   norm_affine 0.65 / 0.76      norm_groups 0.60 / 0.69        reorder_tiled 0.43 / 0.58
//   image_blob_rows 0.48 / 0.41
// (norm_rows and norm_groups on trials recorded again for Welford statistics without the model's
// guidance; on the model-guided trials of the sum-of-squares version they scored 0.64 / 0.56 and
// 0.59 / 0.76.) Lowest single workloads: image_blob 300x300 NCHW 0.16, 256x256 NHWC 0.17,
// lnorm 30x300 0.25, softmax 2x16x128x128 NHWC 0.25. A model without CostFeatures, such as the time
// per FLOP the learned model falls back to, predicts one time for every candidate of a workload:
// tau 0.
#include <gtest/gtest.h>

#include <cctype>
#include <cmath>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <ostream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "autotune/cost_model.h"
#include "jit/jit_session.h"
#include "tests/support/shared_jit_session.h"

namespace kf {
namespace memory_bound_cost_model_test {

const Halide::Target& target() { return test::kernel_target(); }

// The recorded trials: op, workload key, template, version, knobs, min seconds (tab-separated).
// Workloads after the line "# held-out" go to `held_out`.
std::vector<TuningRecord> recorded_trials(std::set<std::string>* held_out) {
  std::ifstream file(std::string(KF_SOURCE_DIR) + "/tests/data/memory_bound_trials.tsv");
  EXPECT_TRUE(file.good()) << "tests/data/memory_bound_trials.tsv is missing";
  std::vector<TuningRecord> records;
  std::string line;
  bool after_marker = false;
  while (std::getline(file, line)) {
    if (line == "# held-out") after_marker = true;
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
    r.min_seconds = std::stod(seconds);
    r.status = TrialStatus::kOk;
    if (after_marker) held_out->insert(r.workload_key);
    records.push_back(r);
  }
  return records;
}

// Analytical seconds of `knobs` of `template_name` on `op`:`descriptor` (must exist).
double predict(const std::string& op, const std::string& descriptor,
               const std::string& template_name, const std::string& knobs) {
  const std::unique_ptr<OpDesc> desc = parse_op(op, descriptor);
  const Template* tmpl = find_template(template_name);
  EXPECT_TRUE(tmpl && tmpl->applicable(*desc)) << template_name << " on " << descriptor;
  const Config config = tmpl->knob_space(*desc, target()).decode(knobs);
  const std::optional<double> seconds =
      analytical_seconds(*tmpl, *desc, config, target(), MachineModel{});
  EXPECT_TRUE(seconds.has_value()) << template_name << " " << knobs;
  return seconds.value_or(0.0);
}

struct BaselineCase {
  std::string op, descriptor, template_name;
};

// Readable parameters in failure messages.
void PrintTo(const BaselineCase& c, std::ostream* os) {
  *os << c.template_name << " on " << c.op << ":" << c.descriptor;
}

class BaselineFeatures : public testing::TestWithParam<BaselineCase> {};

TEST_P(BaselineFeatures, DeclaresUsefulWorkAndAnEstimate) {
  const BaselineCase& c = GetParam();
  const std::unique_ptr<OpDesc> desc = parse_op(c.op, c.descriptor);
  const Template* tmpl = find_template(c.template_name);
  ASSERT_NE(tmpl, nullptr) << c.template_name;
  ASSERT_TRUE(tmpl->applicable(*desc));
  const Config baseline = tmpl->baseline(*desc, target());
  const std::optional<CostFeatures> f = tmpl->cost_features(*desc, baseline, target());
  ASSERT_TRUE(f.has_value()) << c.template_name << " declares no CostFeatures";
  EXPECT_GT(f->flops, 0.0);
  EXPECT_GT(f->useful_fraction, 0.0);
  EXPECT_LE(f->useful_fraction, 1.0);
  EXPECT_GE(f->parallel_tasks, 1.0);
  EXPECT_GE(f->memory_bytes, 0.0);
  const std::optional<double> seconds =
      analytical_seconds(*tmpl, *desc, baseline, target(), MachineModel{});
  ASSERT_TRUE(seconds.has_value());
  // Each element is loaded and stored at least once: at two loads and one store a cycle at
  // 4 GHz, no kernel moves more than 64 bytes a cycle per natural vector.
  double elements = 1;
  for (int64_t e : desc->output().shape) elements *= static_cast<double>(e);
  EXPECT_GT(*seconds, elements / target().natural_vector_size<float>() / 4e9);
  EXPECT_LT(*seconds, 1.0);
}

INSTANTIATE_TEST_SUITE_P(
    MemoryBoundTemplates, BaselineFeatures,
    testing::Values(BaselineCase{"softmax", "2560x20", "softmax_inner"},
                    BaselineCase{"softmax", "96x1000x1x1", "softmax_inner"},
                    BaselineCase{"softmax", "2x19x128x256_axis1_nhwc", "softmax_inner"},
                    BaselineCase{"softmax", "7x61", "softmax_inner"},
                    BaselineCase{"softmax", "2x19x128x256", "softmax_strided"},
                    BaselineCase{"softmax", "3x17x9x37x19", "softmax_strided"},
                    BaselineCase{"lnorm", "30x300", "norm_rows"},
                    BaselineCase{"rmsnorm", "3x5x33_nd2", "norm_rows"},
                    BaselineCase{"bnorm", "mb1ic64ih56iw56", "norm_affine"},
                    BaselineCase{"bnorm", "mb2ic17ih5iw7_nchw", "norm_affine"},
                    BaselineCase{"gnorm", "g32mb2ic256ih28iw28", "norm_groups"},
                    BaselineCase{"gnorm", "g5mb2ic10id9ih1iw10_nchw", "norm_groups"},
                    BaselineCase{"inorm", "mb2ic7ih3iw4", "norm_groups"},
                    BaselineCase{"reorder", "mb2ic17ih5iw7_nchw_to_nchw16c", "reorder_tiled"},
                    BaselineCase{"reorder", "mb1ic64ih56iw56_nhwc_to_nchw16c", "reorder_tiled"},
                    BaselineCase{"reorder", "mb1ic3iw9_nwc_to_ncw", "reorder_tiled"},
                    BaselineCase{"image_blob", "mb1ih224iw224ic3_scale0.017", "image_blob_rows"},
                    BaselineCase{"image_blob", "mb2ih13iw17ic4_nhwc", "image_blob_rows"},
                    BaselineCase{"conv", "mb1ic64ih56oc64oh56kh3ph1_nchw", "conv_nchw_via_nhwc"},
                    BaselineCase{"conv", "mb2ic3ih17oc8oh17kh3ph1_nchw", "conv_nchw_via_nhwc"}),
    [](const testing::TestParamInfo<BaselineCase>& info) {
      std::string name = info.param.template_name + "_" + info.param.descriptor;
      for (char& ch : name) {
        if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
      }
      return name;
    });

TEST(MemoryBoundCostModel, KnobsMoveTheEstimateTheWayTheHardwareDoes) {
  // Narrow vectors leave lanes idle.
  EXPECT_GT(predict("bnorm", "mb1ic64ih56iw56", "norm_affine",
                    "lanes=4,unroll=2,task_kib=16,params_root=1,stream_stores=0"),
            predict("bnorm", "mb1ic64ih56iw56", "norm_affine",
                    "lanes=16,unroll=2,task_kib=16,params_root=1,stream_stores=0"));
  // Streaming stores send an output that would stay in the last-level cache to DRAM.
  EXPECT_GT(predict("bnorm", "mb1ic64ih56iw56", "norm_affine",
                    "lanes=16,unroll=2,task_kib=16,params_root=1,stream_stores=1"),
            predict("bnorm", "mb1ic64ih56iw56", "norm_affine",
                    "lanes=16,unroll=2,task_kib=16,params_root=1,stream_stores=0"));
  // Two-pass statistics read the row twice.
  EXPECT_GT(predict("lnorm", "256x768", "norm_rows",
                    "lanes=16,accumulators=2,rows_per_task=4,statistics=two_pass,stats_at=row"),
            predict("lnorm", "256x768", "norm_rows",
                    "lanes=16,accumulators=2,rows_per_task=4,statistics=one_pass,stats_at=row"));
  // Tiny tasks pay the thread pool per row.
  EXPECT_GT(predict("lnorm", "256x768", "norm_rows",
                    "lanes=16,accumulators=2,rows_per_task=1,statistics=one_pass,stats_at=row"),
            predict("lnorm", "256x768", "norm_rows",
                    "lanes=16,accumulators=2,rows_per_task=16,statistics=one_pass,stats_at=row"));
  // exp computed twice costs more than exp stored and read back along the axis.
  EXPECT_GT(predict("softmax", "96x1000x1x1", "softmax_inner",
                    "lanes=16,unroll=1,store_exp=0,rows_per_task=16,vectorize=axis"),
            predict("softmax", "96x1000x1x1", "softmax_inner",
                    "lanes=16,unroll=1,store_exp=1,rows_per_task=16,vectorize=axis"));
  // A 20-element axis along 16-lane vectors wastes 12 lanes a row and reduces every row
  // horizontally; vectors across rows do not.
  EXPECT_GT(predict("softmax", "2560x20", "softmax_inner",
                    "lanes=16,unroll=1,store_exp=0,rows_per_task=16,vectorize=axis"),
            2 * predict("softmax", "2560x20", "softmax_inner",
                        "lanes=16,unroll=4,store_exp=0,rows_per_task=4,vectorize=rows_dense"));
}

TEST(MemoryBoundCostModel, ConvolutionViaNhwcPaysForBothConversions) {
  const std::string knobs =
      "vectors_k=2,tile_w=14,tile_h=1,k_tiles_outer=0,taps_inner=0,unroll_kw=0,rows_per_task=1,"
      "pad_at=row";
  const double direct = predict("conv", "mb1ic64ih56oc64oh56kh3ph1", "conv_direct_nhwc", knobs);
  const double via = predict("conv", "mb1ic64ih56oc64oh56kh3ph1_nchw", "conv_nchw_via_nhwc", knobs);
  // Two transposes of 200K elements each: a few percent of a 3x3 convolution, not nothing.
  EXPECT_GT(via, direct * 1.01);
  EXPECT_LT(via, direct * 1.5);
}

TEST(MemoryBoundCostModel, RanksRecordedCandidatesOfEveryTemplate) {
  std::set<std::string> held_out;
  const std::vector<TuningRecord> records = recorded_trials(&held_out);
  ASSERT_GE(records.size(), 1000u);
  ASSERT_GE(held_out.size(), 15u);
  std::map<std::string, std::vector<const TuningRecord*>> groups;  // workload and template
  for (const TuningRecord& r : records) {
    groups[r.workload_key + "\t" + r.template_name].push_back(&r);
  }

  const MachineModel machine;
  // Kendall's tau per workload, by template, development then held-out.
  std::map<std::string, std::vector<double>> taus[2];
  for (const auto& [key, group] : groups) {
    ASSERT_GE(group.size(), 10u) << key;
    const TuningRecord& first = *group.front();
    const std::unique_ptr<OpDesc> desc = parse_op(first.op, first.workload_key);
    const Template* tmpl = find_template(first.template_name);
    ASSERT_NE(tmpl, nullptr) << first.template_name;
    ASSERT_EQ(tmpl->version(), first.template_version)
        << first.template_name << " changed: record tests/data/memory_bound_trials.tsv again";
    const KnobSpace space = tmpl->knob_space(*desc, target());
    std::vector<double> measured, predicted;
    for (const TuningRecord* r : group) {
      const std::optional<double> seconds =
          analytical_seconds(*tmpl, *desc, space.decode(r->knobs), target(), machine);
      if (!seconds) break;
      measured.push_back(r->min_seconds);
      predicted.push_back(*seconds);
    }
    ASSERT_EQ(predicted.size(), group.size()) << first.template_name << " has no estimate";
    const double tau = kendall_tau(predicted, measured);
    const bool held = held_out.count(first.workload_key) > 0;
    taus[held][first.template_name].push_back(tau);
    RecordProperty(first.workload_key, std::to_string(tau));
    // Every workload is ranked better than chance.
    EXPECT_GT(tau, 0.1) << first.template_name << " on " << first.workload_key;
  }
  for (const char* name : {"softmax_inner", "softmax_strided", "norm_rows", "norm_affine",
                           "norm_groups", "reorder_tiled", "image_blob_rows"}) {
    for (int held = 0; held < 2; ++held) {
      const std::vector<double>& t = taus[held][name];
      ASSERT_FALSE(t.empty()) << name << (held ? " has no held-out" : " has no") << " workloads";
      double sum = 0;
      for (double tau : t) sum += tau;
      const double mean = sum / t.size();
      RecordProperty(std::string(name) + (held ? "_held_out_tau" : "_tau"), std::to_string(mean));
      EXPECT_GT(mean, 0.3) << name << (held ? " (held out)" : "");
    }
  }
}

}  // namespace memory_bound_cost_model_test
}  // namespace kf
