// Tests of kf::Shard (autotune/shard.h): parsing of "i/n" with errors naming --shard, and the
// slices of every index of one count partitioning the workload list in order.
#include "autotune/shard.h"

#include <gtest/gtest.h>

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "dsl/input_error.h"

namespace kf {
namespace shard_test {

TEST(ShardTest, ParsesIndexOverCount) {
  for (const auto& [text, index, count] : std::vector<std::tuple<std::string, int, int>>{
           {"0/1", 0, 1}, {"1/2", 1, 2}, {"6/7", 6, 7}, {"0/1000000", 0, 1000000}}) {
    const Shard shard = parse_shard(text);
    EXPECT_EQ(shard.index, index) << text;
    EXPECT_EQ(shard.count, count) << text;
  }
}

TEST(ShardTest, RejectsBadTextNamingTheOption) {
  for (const std::string text :
       {"", "1", "2/2", "3/2", "-1/2", "1/-2", "0/0", "1/0", "a/b", "1/2/3", " 1/2", "1/2 ", "+1/2",
        "0x1/2", "0/1000001", "0/99999999999999999999", "1.0/2", "/2", "1/"}) {
    SCOPED_TRACE(text);
    try {
      parse_shard(text);
      ADD_FAILURE() << "accepted '" << text << "'";
    } catch (const InputError& e) {
      EXPECT_EQ(e.field(), "--shard");
      EXPECT_NE(e.rule().find(text), std::string::npos) << e.what();
    }
  }
  try {
    parse_shard("2/2", "SHARD");
    ADD_FAILURE();
  } catch (const InputError& e) {
    EXPECT_EQ(e.field(), "SHARD");
    EXPECT_NE(e.rule().find("< n"), std::string::npos) << e.what();
  }
}

TEST(ShardTest, SlicesPartitionTheListInOrder) {
  for (size_t size = 0; size <= 11; ++size) {
    for (int count = 1; count <= 5; ++count) {
      std::vector<int> owner(size, -1);
      for (int index = 0; index < count; ++index) {
        const std::vector<size_t> positions = shard_positions(size, Shard{index, count});
        for (size_t k = 0; k < positions.size(); ++k) {
          const size_t j = positions[k];
          ASSERT_LT(j, size);
          EXPECT_EQ(j % count, static_cast<size_t>(index));
          if (k > 0) EXPECT_LT(positions[k - 1], j);
          EXPECT_EQ(owner[j], -1) << "position " << j << " in two shards";
          owner[j] = index;
        }
      }
      for (size_t j = 0; j < size; ++j) {
        EXPECT_NE(owner[j], -1) << "position " << j << " of " << size << " in no shard of "
                                << count;
      }
    }
  }
}

TEST(ShardTest, TakeShardKeepsOrderAndMovesItems) {
  std::vector<std::unique_ptr<std::string>> items;
  for (const char* name : {"a", "b", "c", "d", "e"}) {
    items.push_back(std::make_unique<std::string>(name));
  }
  const std::vector<std::unique_ptr<std::string>> slice = take_shard(std::move(items), {1, 2});
  ASSERT_EQ(slice.size(), 2u);
  EXPECT_EQ(*slice[0], "b");
  EXPECT_EQ(*slice[1], "d");
  EXPECT_EQ(take_shard(std::vector<int>{1, 2, 3}, {2, 3}), std::vector<int>{3});
  EXPECT_TRUE(take_shard(std::vector<int>{1, 2}, {2, 3}).empty());
  EXPECT_EQ(take_shard(std::vector<int>{1, 2, 3}, {0, 1}), (std::vector<int>{1, 2, 3}));
}

TEST(ShardTest, InvalidShardIsAProgrammingError) {
  EXPECT_THROW(shard_positions(3, Shard{2, 2}), std::invalid_argument);
  EXPECT_THROW(shard_positions(3, Shard{0, 0}), std::invalid_argument);
  EXPECT_THROW(shard_positions(3, Shard{-1, 2}), std::invalid_argument);
}

}  // namespace shard_test
}  // namespace kf
