// tune_workload's searches, each a run of its own on the tiny workload: a re-tune starts at the
// recorded best, a new workload starts from its neighbour's best and from its own best at another
// thread count, seeds fix the proposed knobs, patience stops a search early, the finalists re-time
// searched schedules and the median decides; options out of range are refused before anything is
// measured. (conv_tuner_test.cpp holds the tests that read one shared run.)
#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "autotune/database.h"
#include "autotune/schedule_ranking.h"
#include "autotune/tuner.h"
#include "dsl/conv_desc.h"
#include "dsl/input_error.h"
#include "schedules/op_template.h"
#include "tests/support/shared_jit_session.h"
#include "tests/support/tiny_tuning.h"

namespace kf {
namespace conv_tuner_search_test {

using test::knobs_of;
using test::kTinyWorkload;
using test::records_of;
using test::shared_session;
using test::tiny_options;

TEST(ConvTunerSearchTest, TargetKeyAndToolVersions) {
  const std::string key = target_key(shared_session());
  EXPECT_FALSE(key.empty());
  EXPECT_EQ(key.find("no_runtime"), std::string::npos) << key;
  EXPECT_EQ(Halide::Target(key).arch, shared_session().kernel_target().arch);
  const std::string versions = tool_versions();
  EXPECT_NE(versions.find("kforge "), std::string::npos) << versions;
  EXPECT_NE(versions.find("Halide 14"), std::string::npos) << versions;
  EXPECT_NE(versions.find("LLVM 14"), std::string::npos) << versions;
}

// Runs tune_workload with `options` and returns the InputError it throws; fails the test if it
// does not, or if anything reached the database.
InputError tune_error(const ConvDesc& desc, const TuneOptions& options) {
  std::unique_ptr<Database> database = Database::open(":memory:");
  try {
    tune_workload(desc, shared_session(), *database, options);
    ADD_FAILURE() << "tune_workload accepted the options";
  } catch (const InputError& e) {
    EXPECT_EQ(database->count(), 0);
    return e;
  }
  return InputError("", "");
}

TEST(ConvTunerSearchTest, RefusesOptionsOutOfRange) {
  const ConvDesc desc = parse_conv(kTinyWorkload);
  TuneOptions options = tiny_options();
  options.placements = 0;
  InputError e = tune_error(desc, options);
  EXPECT_EQ(e.field(), "placements");
  EXPECT_NE(std::string(e.what()).find("at least 1"), std::string::npos) << e.what();
  options = tiny_options();
  options.finalists = -1;
  EXPECT_EQ(tune_error(desc, options).field(), "finalists");
  options = tiny_options();
  options.finalist_trials = 0;
  EXPECT_EQ(tune_error(desc, options).field(), "finalist_trials");
}

TEST(ConvTunerSearchTest, RetuneStartsAtTheRecordedBest) {
  const ConvDesc desc = parse_conv(kTinyWorkload);
  // The recorded best is a non-baseline config of the second template: a re-tune with two
  // templates and a budget of one trial measures exactly that config again.
  std::unique_ptr<Database> database = Database::open(":memory:");
  const Template& im2col = *find_template("conv_im2col_nhwc");
  const Halide::Target& target = shared_session().kernel_target();
  const KnobSpace space = im2col.knob_space(desc, target);
  std::mt19937_64 rng(3);
  Config config = space.sample(rng);
  while (config.values == im2col.baseline(desc, target).values) config = space.sample(rng);
  TuningRecord record;
  record.workload_key = desc.key();
  record.op = "conv";
  record.target = target_key(shared_session());
  record.threads = 1;
  record.tool_versions = tool_versions();
  record.status = TrialStatus::kOk;
  record.template_name = im2col.name();
  record.template_version = im2col.version();
  record.knobs = space.encode(config);
  record.min_seconds = record.median_seconds = 1e-9;  // faster than anything measured
  database->insert(record);

  TuneOptions options = tiny_options(1);
  options.templates = {"conv_direct_nhwc", "conv_im2col_nhwc"};
  options.retune = true;
  const TuneOutcome outcome = tune_workload(desc, shared_session(), *database, options);
  EXPECT_FALSE(outcome.from_database);
  ASSERT_EQ(outcome.trials, 1);
  const std::vector<TuningRecord> stored = records_of(desc, *database);
  ASSERT_EQ(stored.size(), 2u);
  EXPECT_EQ(stored[1].template_name, im2col.name());
  EXPECT_EQ(stored[1].knobs, record.knobs);
  EXPECT_EQ(stored[1].status, TrialStatus::kOk) << stored[1].failure_reason;
}

// An ok trial of conv_direct_nhwc with `knobs` on `desc`, faster than anything measured.
TuningRecord direct_record(const ConvDesc& desc, int threads, const std::string& knobs) {
  TuningRecord record;
  record.workload_key = desc.key();
  record.op = "conv";
  record.target = target_key(shared_session());
  record.threads = threads;
  record.template_name = "conv_direct_nhwc";
  record.template_version = find_template("conv_direct_nhwc")->version();
  record.knobs = knobs;
  record.min_seconds = record.median_seconds = 1e-9;
  record.tool_versions = tool_versions();
  return record;
}

TEST(ConvTunerSearchTest, NewWorkloadStartsFromItsNeighboursBest) {
  const ConvDesc desc = parse_conv(kTinyWorkload);
  // A neighbour (same structure, one more input channel) tuned with a config that is not the
  // baseline: the new workload measures that config right after its own baseline.
  std::unique_ptr<Database> database = Database::open(":memory:");
  const ConvDesc neighbour = parse_conv("mb1ic6ih9iw11oc7kh3kw3ph1pw1_nhwc_bia");
  const TuningRecord record = direct_record(
      neighbour, /*threads=*/1,
      "vectors_k=1,tile_w=3,tile_h=2,k_tiles_outer=1,taps_inner=1,unroll_kw=1,rows_per_task=2,"
      "pad_at=inline");
  database->insert(record);

  const TuneOutcome outcome = tune_workload(desc, shared_session(), *database, tiny_options(2));
  EXPECT_EQ(outcome.trials, 2);
  const std::vector<TuningRecord> trials = records_of(desc, *database);
  ASSERT_EQ(trials.size(), 2u);
  EXPECT_EQ(trials[1].knobs, record.knobs);
}

TEST(ConvTunerSearchTest, WorkloadTunedWithOtherThreadsSeedsTheSearch) {
  const ConvDesc desc = parse_conv(kTinyWorkload);
  // The workload itself, tuned with 2 threads: a search with 1 thread is not answered by that
  // record, but measures its config right after the baseline.
  std::unique_ptr<Database> database = Database::open(":memory:");
  const TuningRecord record = direct_record(
      desc, /*threads=*/2,
      "vectors_k=1,tile_w=2,tile_h=2,k_tiles_outer=1,taps_inner=0,unroll_kw=1,rows_per_task=1,"
      "pad_at=inline");
  database->insert(record);

  const TuneOutcome outcome = tune_workload(desc, shared_session(), *database, tiny_options(2));
  EXPECT_FALSE(outcome.from_database);
  const std::vector<TuningRecord> trials = records_of(desc, *database);
  ASSERT_EQ(trials.size(), 2u);
  EXPECT_NE(trials[0].knobs, record.knobs);  // the baseline first
  EXPECT_EQ(trials[1].knobs, record.knobs);
  EXPECT_EQ(trials[1].threads, 1);

  // Without transfer, the second trial is the search's own.
  std::unique_ptr<Database> alone = Database::open(":memory:");
  alone->insert(record);
  TuneOptions no_transfer = tiny_options(2);
  no_transfer.transfer_workloads = 0;
  tune_workload(desc, shared_session(), *alone, no_transfer);
  const std::vector<TuningRecord> own = records_of(desc, *alone);
  ASSERT_EQ(own.size(), 2u);
  EXPECT_NE(own[1].knobs, record.knobs);
}

TEST(ConvTunerSearchTest, OtherSeedProposesOtherKnobs) {
  const ConvDesc desc = parse_conv(kTinyWorkload);
  // Budget 7 over three templates: each starts from its baseline, then samples of its own.
  std::unique_ptr<Database> one = Database::open(":memory:");
  std::unique_ptr<Database> other = Database::open(":memory:");
  TuneOptions first_options = tiny_options(7, /*seed=*/5), second_options = tiny_options(7, 77);
  first_options.templates.clear();
  second_options.templates.clear();
  tune_workload(desc, shared_session(), *one, first_options);
  tune_workload(desc, shared_session(), *other, second_options);
  const std::vector<std::string> first = knobs_of(records_of(desc, *one));
  const std::vector<std::string> second = knobs_of(records_of(desc, *other));
  ASSERT_EQ(first.size(), 7u);
  ASSERT_EQ(second.size(), 7u);
  EXPECT_EQ(second[0], first[0]);  // both start from the first template's baseline
  EXPECT_NE(second, first);
}

TEST(ConvTunerSearchTest, PatienceStopsASearchThatNoLongerGains) {
  const ConvDesc desc = parse_conv(kTinyWorkload);
  std::unique_ptr<Database> database = Database::open(":memory:");
  TuneOptions options = tiny_options(60);
  options.patience = 1;
  const TuneOutcome outcome = tune_workload(desc, shared_session(), *database, options);
  EXPECT_TRUE(outcome.stopped_early);
  EXPECT_LT(outcome.trials, 60);
  EXPECT_EQ(database->count(), outcome.trials);
}

TEST(ConvTunerSearchTest, FinalistsAreTimedAgainAndTheMedianDecides) {
  const ConvDesc desc = parse_conv(kTinyWorkload);
  // Budget 8 with 2 finalists of 2 trials: the search stops min(2 * (2 - 1), 8 / 4) = 2 trials
  // early, and those 2 time again schedules the search had timed.
  std::unique_ptr<Database> database = Database::open(":memory:");
  TuneOptions options = tiny_options(8);
  options.finalists = 2;
  options.finalist_trials = 2;
  const TuneOutcome outcome = tune_workload(desc, shared_session(), *database, options);
  EXPECT_EQ(outcome.trials, 8);
  const std::vector<TuningRecord> stored = records_of(desc, *database);
  ASSERT_EQ(stored.size(), 8u);
  const std::vector<std::string> knobs = knobs_of(stored);
  const std::vector<std::string> searched(knobs.begin(), knobs.begin() + 6);
  for (size_t i = 6; i < 8; ++i) {
    EXPECT_NE(std::find(searched.begin(), searched.end(), knobs[i]), searched.end())
        << "trial " << i << " times a schedule the search did not: " << knobs[i];
  }
  const std::vector<RankedSchedule> ranked = rank_schedules(stored);
  ASSERT_FALSE(ranked.empty());
  EXPECT_TRUE(std::any_of(ranked.begin(), ranked.end(),
                          [](const RankedSchedule& s) { return s.trials >= 2; }));
  // The outcome and the database agree on the best: the fastest schedule by its median trial.
  ASSERT_TRUE(outcome.best.has_value());
  EXPECT_EQ(outcome.best->uid, ranked.front().trial.uid);
  const std::optional<TuningRecord> stored_best =
      database->best(desc.key(), target_key(shared_session()), 1);
  ASSERT_TRUE(stored_best.has_value());
  EXPECT_EQ(stored_best->uid, outcome.best->uid);
}

}  // namespace conv_tuner_search_test
}  // namespace kf
