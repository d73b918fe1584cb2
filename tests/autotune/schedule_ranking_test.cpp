// Ranking schedules by their trials (autotune/schedule_ranking.h): a schedule's time is the
// median of its ok trials' (the slower middle of an even count), one lucky trial does not win
// once the schedule is measured again, failures and other template versions are kept apart,
// ties keep the schedule seen first, and Database::best and best_per_workload rank the same way.
#include "autotune/schedule_ranking.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "autotune/database.h"

namespace kf {
namespace schedule_ranking_test {

TuningRecord trial(const std::string& knobs, double seconds, int version = 1) {
  TuningRecord r;
  r.workload_key = "g1mb1ic8ih9oc8oh9kh3ph1_nhwc";
  r.op = "conv";
  r.target = "x86-64-linux-avx512";
  r.threads = 1;
  r.template_name = "conv_direct_nhwc";
  r.template_version = version;
  r.knobs = knobs;
  r.min_seconds = seconds;
  r.median_seconds = seconds * 1.1;
  r.gflops = 1e-3 / seconds;
  r.tool_versions = "test";
  return r;
}

TuningRecord failure(const std::string& knobs) {
  TuningRecord r = trial(knobs, 0);
  r.status = TrialStatus::kCrash;
  r.failure_reason = "kernel returned Halide error -3";
  r.min_seconds = r.median_seconds = r.gflops = 0;
  return r;
}

TEST(RankSchedules, OneTrialPerScheduleRanksByTime) {
  const std::vector<RankedSchedule> ranked =
      rank_schedules({trial("a", 3e-3), trial("b", 1e-3), trial("c", 2e-3)});
  ASSERT_EQ(ranked.size(), 3u);
  EXPECT_EQ(ranked[0].trial.knobs, "b");
  EXPECT_EQ(ranked[1].trial.knobs, "c");
  EXPECT_EQ(ranked[2].trial.knobs, "a");
  EXPECT_EQ(ranked[0].trials, 1);
  EXPECT_DOUBLE_EQ(ranked[0].seconds, 1e-3);
}

TEST(RankSchedules, ALuckyTrialDoesNotWinOnceMeasuredAgain) {
  // "lucky" was fastest once, then twice slower than "steady".
  const std::vector<TuningRecord> records = {trial("lucky", 0.8e-3), trial("steady", 1e-3),
                                             trial("lucky", 1.3e-3), trial("lucky", 1.2e-3)};
  const std::vector<RankedSchedule> ranked = rank_schedules(records);
  ASSERT_EQ(ranked.size(), 2u);
  EXPECT_EQ(ranked[0].trial.knobs, "steady");
  EXPECT_EQ(ranked[1].trial.knobs, "lucky");
  EXPECT_EQ(ranked[1].trials, 3);
  EXPECT_DOUBLE_EQ(ranked[1].seconds, 1.2e-3);  // the median trial represents the schedule
  EXPECT_DOUBLE_EQ(ranked[1].trial.min_seconds, 1.2e-3);
  EXPECT_EQ(select_best(records)->knobs, "steady");
}

TEST(RankSchedules, AnEvenCountTakesTheSlowerMiddle) {
  const std::vector<RankedSchedule> ranked =
      rank_schedules({trial("a", 1e-3), trial("a", 2e-3), trial("b", 1.5e-3)});
  ASSERT_EQ(ranked.size(), 2u);
  EXPECT_EQ(ranked[0].trial.knobs, "b");
  EXPECT_DOUBLE_EQ(ranked[1].seconds, 2e-3);
  EXPECT_EQ(ranked[1].trials, 2);
}

TEST(RankSchedules, FailuresAndOtherVersionsAreKeptApart) {
  const std::vector<RankedSchedule> ranked = rank_schedules(
      {failure("a"), trial("a", 2e-3), failure("b"), trial("a", 1e-3, /*version=*/2)});
  ASSERT_EQ(ranked.size(), 2u);
  EXPECT_EQ(ranked[0].trial.template_version, 2);
  EXPECT_EQ(ranked[0].trials, 1);
  EXPECT_EQ(ranked[1].trial.template_version, 1);
  EXPECT_EQ(ranked[1].trials, 1);  // its failure does not count
  EXPECT_FALSE(select_best({failure("a"), failure("b")}).has_value());
  EXPECT_FALSE(select_best({}).has_value());
}

TEST(RankSchedules, TiesKeepTheScheduleSeenFirst) {
  TuningRecord first = trial("first", 1e-3), second = trial("second", 1e-3);
  first.trial_index = 0;
  second.trial_index = 1;
  EXPECT_EQ(select_best({first, second})->knobs, "first");
  EXPECT_EQ(select_best({second, first})->knobs, "second");
}

TEST(DatabaseBest, RanksSchedulesByTheirMedianTrial) {
  std::unique_ptr<Database> database = Database::open(":memory:");
  for (const TuningRecord& r :
       {trial("lucky", 0.8e-3), trial("steady", 1e-3), trial("lucky", 1.3e-3), failure("broken")}) {
    database->insert(r);
  }
  const TuningRecord sample = trial("", 1);
  const std::optional<TuningRecord> best =
      database->best(sample.workload_key, sample.target, sample.threads);
  ASSERT_TRUE(best.has_value());
  EXPECT_EQ(best->knobs, "steady");
  const std::vector<TuningRecord> per_workload = database->best_per_workload(sample.target);
  ASSERT_EQ(per_workload.size(), 1u);
  EXPECT_EQ(per_workload[0].uid, best->uid);
}

}  // namespace schedule_ranking_test
}  // namespace kf
