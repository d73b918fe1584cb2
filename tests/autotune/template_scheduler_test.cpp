// TemplateScheduler (autotune/template_scheduler.h): warm-up rounds in the given order, then the
// leader most of the time, a template close behind it some of the time, a template far behind
// never; each template's best kept over its rounds; templates without a correct kernel last;
// exhausted templates skipped; and bad arguments rejected with the field named.
#include "autotune/template_scheduler.h"

#include <gtest/gtest.h>

#include <vector>

#include "dsl/input_error.h"

namespace kf {
namespace template_scheduler_test {

/// Runs `rounds` rounds after the warm-up with fixed per-template bests; returns the choices.
std::vector<int> run_rounds(TemplateScheduler& scheduler, const std::vector<double>& best,
                            int rounds) {
  std::vector<int> chosen;
  for (int i = 0; i < rounds; ++i) {
    const std::optional<int> t = scheduler.next();
    if (!t) break;
    chosen.push_back(*t);
    scheduler.record_round(*t, best[*t]);
  }
  return chosen;
}

int count(const std::vector<int>& choices, int t) {
  int n = 0;
  for (int c : choices) n += c == t;
  return n;
}

TEST(TemplateSchedulerTest, WarmsUpEveryTemplateInTheGivenOrderFirst) {
  TemplateScheduler scheduler(3, {2, 0, 1}, 0.25);
  EXPECT_EQ(scheduler.cold(), 3);
  const std::vector<int> warm_up = run_rounds(scheduler, {1.0, 1.0, 1.0}, 3);
  EXPECT_EQ(warm_up, (std::vector<int>{2, 0, 1}));
  EXPECT_EQ(scheduler.cold(), 0);
}

TEST(TemplateSchedulerTest, LeaderTakesMostRoundsAndACloseTemplateSomeAndAFarOneNone) {
  // Template 0 leads; template 1 is 10% slower; template 2 takes twice as long.
  const std::vector<double> best = {1.0, 1.1, 2.0};
  TemplateScheduler scheduler(3, {0, 1, 2}, 0.25);
  run_rounds(scheduler, best, 3);  // the warm-up
  const std::vector<int> choices = run_rounds(scheduler, best, 40);
  ASSERT_EQ(choices.size(), 40u);
  // 1.1 * (1 - 0.25) = 0.825 lies between the leader's 0.823 after 2 rounds and 0.856 after 3.
  EXPECT_EQ(std::vector<int>(choices.begin(), choices.begin() + 3), (std::vector<int>{0, 0, 1}));
  EXPECT_EQ(count(choices, 2), 0);
  EXPECT_GE(count(choices, 1), 2);
  EXPECT_LE(count(choices, 1), 6);
  EXPECT_EQ(count(choices, 0) + count(choices, 1), 40);
}

TEST(TemplateSchedulerTest, TemplatesWithinAFewPercentShareTheRounds) {
  const std::vector<double> best = {1.0, 1.02};
  TemplateScheduler scheduler(2, {0, 1}, 0.25);
  run_rounds(scheduler, best, 2);
  const std::vector<int> choices = run_rounds(scheduler, best, 20);
  EXPECT_GE(count(choices, 1), 5);
  EXPECT_GE(count(choices, 0), count(choices, 1));
}

TEST(TemplateSchedulerTest, ZeroExplorationAlwaysPicksTheLeader) {
  const std::vector<double> best = {1.01, 1.0, 1.02};
  TemplateScheduler scheduler(3, {0, 1, 2}, 0.0);
  run_rounds(scheduler, best, 3);
  EXPECT_EQ(run_rounds(scheduler, best, 10), std::vector<int>(10, 1));
}

TEST(TemplateSchedulerTest, ANewBestMovesTheRoundsToThatTemplate) {
  TemplateScheduler scheduler(2, {0, 1}, 0.25);
  scheduler.record_round(*scheduler.next(), 1.0);
  scheduler.record_round(*scheduler.next(), 1.5);
  EXPECT_EQ(scheduler.next(), 0);
  scheduler.record_round(1, 0.5);  // template 1 breeds a kernel twice as fast
  EXPECT_EQ(run_rounds(scheduler, {1.0, 0.5}, 10), std::vector<int>(10, 1));
}

TEST(TemplateSchedulerTest, KeepsEachTemplatesBestOverItsRounds) {
  TemplateScheduler scheduler(2, {0, 1}, 0.25);
  EXPECT_EQ(scheduler.best_seconds(0), std::nullopt);
  scheduler.record_round(0, 1.0);
  scheduler.record_round(0, 2.0);           // a slower round
  scheduler.record_round(0, std::nullopt);  // a round without a correct kernel
  EXPECT_EQ(scheduler.best_seconds(0), 1.0);
  EXPECT_EQ(scheduler.rounds(0), 3);
  scheduler.record_round(0, 0.75);
  EXPECT_EQ(scheduler.best_seconds(0), 0.75);
}

TEST(TemplateSchedulerTest, TemplatesWithoutACorrectKernelComeLastFewestRoundsFirst) {
  TemplateScheduler scheduler(3, {0, 1, 2}, 0.25);
  scheduler.record_round(0, std::nullopt);
  scheduler.record_round(1, 2.0);
  scheduler.record_round(2, std::nullopt);
  EXPECT_EQ(scheduler.next(), 1);
  scheduler.mark_exhausted(1);
  // Neither has a kernel: fewest rounds first, then the lower index.
  EXPECT_EQ(scheduler.next(), 0);
  scheduler.record_round(0, std::nullopt);
  EXPECT_EQ(scheduler.next(), 2);
}

TEST(TemplateSchedulerTest, SkipsExhaustedTemplatesAndEndsWhenAllAre) {
  TemplateScheduler scheduler(2, {0, 1}, 0.25);
  scheduler.mark_exhausted(0);  // exhausted before its warm-up: not cold
  EXPECT_EQ(scheduler.cold(), 1);
  EXPECT_EQ(scheduler.next(), 1);
  scheduler.record_round(1, 1.0);
  EXPECT_EQ(scheduler.next(), 1);
  scheduler.mark_exhausted(1);
  EXPECT_EQ(scheduler.next(), std::nullopt);
}

TEST(TemplateSchedulerTest, RejectsBadArgumentsNamingTheField) {
  auto field_of = [](auto make) {
    try {
      make();
    } catch (const InputError& e) {
      return e.field();
    }
    return std::string("(no error)");
  };
  EXPECT_EQ(field_of([] { TemplateScheduler(0, {}, 0.25); }), "templates");
  EXPECT_EQ(field_of([] { TemplateScheduler(2, {0, 1}, 1.0); }), "exploration");
  EXPECT_EQ(field_of([] { TemplateScheduler(2, {0, 1}, -0.1); }), "exploration");
  EXPECT_EQ(field_of([] { TemplateScheduler(2, {0, 0}, 0.25); }), "warm_up_order");
  EXPECT_EQ(field_of([] { TemplateScheduler(2, {0}, 0.25); }), "warm_up_order");
  EXPECT_EQ(field_of([] { TemplateScheduler(2, {0, 2}, 0.25); }), "warm_up_order");
}

}  // namespace template_scheduler_test
}  // namespace kf
