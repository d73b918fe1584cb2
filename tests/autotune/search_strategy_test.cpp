// RandomSearch: seeded configs come first (those outside the space are skipped), no config is
// ever proposed twice, a small space runs dry with empty proposals, and a seed fixes the order.
#include "autotune/search_strategy.h"

#include <gtest/gtest.h>

#include <set>
#include <vector>

namespace kf {
namespace search_strategy_test {

// 3 x 2 x 3 = 18 combinations; the constraint excludes {a=4, b=1}, leaving 15.
KnobSpace constrained_space() {
  return KnobSpace({{"a", {1, 2, 4}, {}}, {"b", {0, 1}, {}}, {"c", {0, 1, 2}, {}}},
                   [](const Config& c) { return c.values[0] + c.values[1] <= 4; });
}
constexpr int kLegalConfigs = 15;

// Proposes in batches of `batch` until the strategy returns nothing (or `limit` configs).
std::vector<Config> drain(SearchStrategy& search, int batch, int limit = 1000) {
  std::vector<Config> all;
  while (static_cast<int>(all.size()) < limit) {
    const std::vector<Config> next = search.propose(batch);
    EXPECT_LE(static_cast<int>(next.size()), batch);
    if (next.empty()) break;
    all.insert(all.end(), next.begin(), next.end());
  }
  return all;
}

TEST(RandomSearchTest, ProposesSeededConfigsFirst) {
  const Config first{{2, 1, 0}}, second{{1, 0, 2}};
  RandomSearch search(constrained_space(), {first, second}, 1);
  const std::vector<Config> batch = search.propose(3);
  ASSERT_EQ(batch.size(), 3u);
  EXPECT_EQ(batch[0], first);
  EXPECT_EQ(batch[1], second);
  EXPECT_NE(batch[2], first);
  EXPECT_NE(batch[2], second);
}

TEST(RandomSearchTest, SeededConfigsSpanBatches) {
  const Config first{{2, 1, 0}}, second{{1, 0, 2}};
  RandomSearch search(constrained_space(), {first, second}, 1);
  EXPECT_EQ(search.propose(1), std::vector<Config>{first});
  EXPECT_EQ(search.propose(1), std::vector<Config>{second});
}

TEST(RandomSearchTest, SkipsSeededConfigsOutsideTheSpaceAndDuplicates) {
  const Config legal{{2, 1, 0}};
  const Config constrained_out{{4, 1, 0}};
  const Config illegal_value{{3, 0, 0}};
  const Config wrong_length{{1, 0}};
  RandomSearch search(constrained_space(),
                      {constrained_out, legal, illegal_value, legal, wrong_length}, 1);
  const std::vector<Config> all = drain(search, 4);
  ASSERT_FALSE(all.empty());
  EXPECT_EQ(all[0], legal);
  const KnobSpace space = constrained_space();
  for (const Config& c : all) EXPECT_TRUE(space.contains(c)) << space.encode(c);
}

TEST(RandomSearchTest, NeverRepeatsAndExhaustsATinySpace) {
  const KnobSpace space = constrained_space();
  RandomSearch search(space, {Config{{1, 1, 1}}}, 5);
  const std::vector<Config> all = drain(search, 4);
  std::set<std::vector<int>> distinct;
  for (const Config& c : all) {
    EXPECT_TRUE(space.contains(c)) << space.encode(c);
    EXPECT_TRUE(distinct.insert(c.values).second) << "repeated " << space.encode(c);
  }
  EXPECT_EQ(static_cast<int>(all.size()), kLegalConfigs);
  // Once exhausted, it stays exhausted.
  EXPECT_TRUE(search.propose(4).empty());
  EXPECT_TRUE(search.propose(1).empty());
}

TEST(RandomSearchTest, StopsAtTheSizeOfAnUnconstrainedSpace) {
  RandomSearch search(KnobSpace({{"x", {1, 2}, {}}, {"y", {3, 5}, {}}}), {}, 9);
  const std::vector<Config> batch = search.propose(10);
  EXPECT_EQ(batch.size(), 4u);
  EXPECT_TRUE(search.propose(10).empty());
}

TEST(RandomSearchTest, ZeroCountProposesNothing) {
  RandomSearch search(constrained_space(), {Config{{1, 1, 1}}}, 1);
  EXPECT_TRUE(search.propose(0).empty());
  // The seeded config is still first afterwards.
  EXPECT_EQ(search.propose(1), (std::vector<Config>{Config{{1, 1, 1}}}));
}

TEST(RandomSearchTest, IsDeterministicForASeed) {
  // A large space, so that two seeds are practically certain to differ.
  std::vector<Knob> knobs;
  for (int i = 0; i < 6; ++i) knobs.push_back({"k" + std::to_string(i), {1, 2, 3, 4, 5}, {}});
  const KnobSpace space(knobs);
  RandomSearch a(space, {}, 11), b(space, {}, 11), other(space, {}, 12);
  const std::vector<Config> from_a = drain(a, 4, 40);
  const std::vector<Config> from_b = drain(b, 4, 40);
  const std::vector<Config> from_other = drain(other, 4, 40);
  ASSERT_EQ(from_a.size(), 40u);
  EXPECT_EQ(from_a, from_b);
  EXPECT_NE(from_a, from_other);
}

TEST(RandomSearchTest, BatchSizeDoesNotChangeTheSequence) {
  RandomSearch ones(constrained_space(), {Config{{4, 0, 2}}}, 3);
  RandomSearch fours(constrained_space(), {Config{{4, 0, 2}}}, 3);
  EXPECT_EQ(drain(ones, 1), drain(fours, 4));
}

TEST(RandomSearchTest, ObserveDoesNotChangeProposals) {
  RandomSearch observed(constrained_space(), {}, 21), blind(constrained_space(), {}, 21);
  const std::vector<Config> first = observed.propose(3);
  ASSERT_EQ(first, blind.propose(3));
  observed.observe({{first[0], 1e-3}, {first[1], std::nullopt}, {first[2], 2e-3}});
  EXPECT_EQ(observed.propose(3), blind.propose(3));
}

}  // namespace search_strategy_test
}  // namespace kf
