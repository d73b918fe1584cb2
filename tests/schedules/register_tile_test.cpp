// choose_register_tile: the hand baselines' register tile avoids tiles that do not divide the
// channels or the row (their tails are recomputed), keeps 8+ accumulators for the FMA latency,
// and breaks ties towards larger tiles.
#include <gtest/gtest.h>

#include "schedules/schedule_helpers.h"

namespace kf {
namespace register_tile_test {

const std::vector<int> kVectors = {1, 2, 3, 4, 6};
const std::vector<int> kPixels = {1, 2, 3, 4, 5, 6, 7};

TEST(RegisterTileTest, DividesChannelsAndRowOfASmallImage) {
  // 160 channels = 10 vectors of 16, a row of 7 pixels: 2 x 7 wastes nothing, while the
  // "four vectors, six pixels" habit would compute 192 channels x 12 pixels.
  const RegisterTile tile = choose_register_tile(kVectors, kPixels, 160, 16, 7, 24);
  EXPECT_EQ(tile.vectors, 2);
  EXPECT_EQ(tile.pixels, 7);
}

TEST(RegisterTileTest, LargestTileWhenEverythingDivides) {
  const RegisterTile tile = choose_register_tile(kVectors, kPixels, 64, 16, 56, 28);
  EXPECT_EQ(tile.vectors, 4);
  EXPECT_EQ(tile.pixels, 7);
}

TEST(RegisterTileTest, RespectsTheAccumulatorLimit) {
  const RegisterTile tile = choose_register_tile(kVectors, kPixels, 96, 16, 7, 12);
  EXPECT_LE(tile.vectors * tile.pixels, 12);
  EXPECT_GE(tile.vectors * tile.pixels, 8);  // the FMA latency needs 8 in flight
}

TEST(RegisterTileTest, SingleChannelVectorStillGetsPixels) {
  // Three channels (one 4-lane vector): the tile grows along the row instead.
  const RegisterTile tile = choose_register_tile({1}, kPixels, 3, 4, 70, 28);
  EXPECT_EQ(tile.vectors, 1);
  EXPECT_EQ(tile.pixels, 7);
}

}  // namespace register_tile_test
}  // namespace kf
