// oneDNN's batch and layer normalisation against KernelForge's reference on small odd shapes:
// both layouts and ranks for bnorm, last-dim lnorm of 2-4 dims; and which descriptors have a
// oneDNN peer at all (no group, instance, RMS or multi-dim layer norm in oneDNN 2.6.3).
#include "bench/peers/onednn_norm.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "autotune/problem.h"
#include "dsl/norm_desc.h"

namespace kf {
namespace onednn_norm_test {

class OnednnNormTest : public testing::TestWithParam<std::pair<const char*, const char*>> {};

TEST_P(OnednnNormTest, MatchesReference) {
  const std::unique_ptr<OpDesc> desc = parse_op(GetParam().first, GetParam().second);
  Problem problem(*desc, 5);
  for (int threads : {1, 2}) {
    std::unique_ptr<peers::OnednnNorm> norm = peers::OnednnNorm::create(problem, threads);
    ASSERT_NE(norm, nullptr) << desc->to_string();
    EXPECT_LE(norm->check(), problem.tolerance()) << desc->to_string() << " threads " << threads;
    EXPECT_FALSE(norm->implementation().empty());
  }
}

INSTANTIATE_TEST_SUITE_P(Shapes, OnednnNormTest,
                         testing::Values(std::make_pair("bnorm", "mb2ic13ih5iw7_nhwc"),
                                         std::make_pair("bnorm", "mb2ic13ih5iw7_nchw_eps1e-3"),
                                         std::make_pair("bnorm", "mb1ic5id3ih2iw3_nchw"),
                                         std::make_pair("bnorm", "mb3ic17iw9_nhwc"),
                                         std::make_pair("bnorm", "mb3ic17"),
                                         std::make_pair("lnorm", "7x33"),
                                         std::make_pair("lnorm", "7x3x33_eps1e-5"),
                                         std::make_pair("lnorm", "2x3x5x31")));

TEST(OnednnNorm, PeerExistsOnlyWhereSemanticsMatch) {
  auto has = [](const char* op, const char* text) {
    return peers::onednn_has_norm(static_cast<const NormDesc&>(*parse_op(op, text)));
  };
  EXPECT_TRUE(has("bnorm", "mb2ic3ih4"));
  EXPECT_TRUE(has("lnorm", "4x8"));
  EXPECT_FALSE(has("lnorm", "4x8_nd2"));  // oneDNN normalises the last dim only
  EXPECT_FALSE(has("lnorm", "8"));
  EXPECT_FALSE(has("rmsnorm", "4x8"));
  EXPECT_FALSE(has("gnorm", "g2mb2ic4ih3"));
  EXPECT_FALSE(has("inorm", "mb2ic4ih3"));
  MeasureOptions quick;
  quick.min_seconds = 0.001;
  EXPECT_FALSE(
      peers::time_onednn_norm(static_cast<const NormDesc&>(*parse_op("gnorm", "g1ic2")), 1, quick));
  const auto timing =
      peers::time_onednn_norm(static_cast<const NormDesc&>(*parse_op("lnorm", "4x8")), 1, quick);
  ASSERT_TRUE(timing.has_value());
  EXPECT_GT(timing->min_seconds, 0);
}

}  // namespace onednn_norm_test
}  // namespace kf
