// Halide's Mullapudi2016 autoscheduler applied to our convolution algorithm: the plugin is found
// and loaded, it produces a schedule, that schedule compiles through our JitSession, and the
// kernel agrees with the naive reference. One small workload, one compile.
#include "bench/peers/halide_autoscheduler.h"

#include <gtest/gtest.h>

#include <vector>

#include "autotune/problem.h"
#include "dsl/conv_desc.h"
#include "dsl/input_error.h"
#include "tests/support/shared_jit_session.h"

namespace kf {
namespace halide_autoscheduler_test {

TEST(HalideAutoscheduler, PluginsAreFound) {
  for (auto scheduler :
       {peers::HalideAutoscheduler::kMullapudi2016, peers::HalideAutoscheduler::kLi2018,
        peers::HalideAutoscheduler::kAdams2019}) {
    const std::string path = peers::halide_autoscheduler_plugin(scheduler);
    EXPECT_NE(path.find("libautoschedule_"), std::string::npos) << path;
  }
}

TEST(HalideAutoscheduler, NamesRoundTripAndUnknownIsRejected) {
  EXPECT_EQ(peers::parse_halide_autoscheduler("mullapudi2016", "f"),
            peers::HalideAutoscheduler::kMullapudi2016);
  EXPECT_EQ(peers::to_string(peers::parse_halide_autoscheduler("Adams2019", "f")), "Adams2019");
  EXPECT_THROW(peers::parse_halide_autoscheduler("Adams2020", "f"), InputError);
}

TEST(HalideAutoscheduler, Mullapudi2016ScheduleMatchesTheReference) {
  // Odd sizes, stride 2, padding, bias and ReLU: every boundary the schedule must get right.
  const ConvDesc desc = parse_conv("mb1ic5ih13oc7oh7kh3sh2ph1_bia_relu");
  ConvProblem problem(desc);

  llvm::Expected<peers::AutoscheduledKernel> compiled = peers::compile_autoscheduled_conv(
      test::shared_session(), desc, peers::HalideAutoscheduler::kMullapudi2016,
      peers::autoscheduler_machine_params(1));
  ASSERT_TRUE(bool(compiled)) << llvm::toString(compiled.takeError());
  EXPECT_FALSE(compiled->schedule_source.empty()) << "the plugin printed no schedule";
  EXPECT_GT(compiled->schedule_seconds, 0);

  problem.poison_output();
  std::vector<halide_buffer_t*> buffers = problem.buffers();
  ASSERT_EQ(compiled->kernel.run(buffers.data(), static_cast<int>(buffers.size())), 0);
  EXPECT_LE(problem.max_error(), problem.tolerance());
}

}  // namespace halide_autoscheduler_test
}  // namespace kf
