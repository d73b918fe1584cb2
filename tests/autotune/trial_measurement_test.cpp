// The measuring half of a trial (autotune/trial_measurement.h): the time caps are shared among
// the placements, the record's times are the means over them, a placement holds the Problem's
// values at other addresses with an output of its own, a kernel's packed tensors move to fresh
// memory, and check_and_time passes a correct kernel at every placement and refuses a wrong one.
#include "autotune/trial_measurement.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <stdexcept>
#include <vector>

#include "autotune/problem.h"
#include "autotune/tuner.h"
#include "dsl/conv_desc.h"
#include "schedules/op_template.h"
#include "tests/support/shared_jit_session.h"

namespace kf {
namespace trial_measurement_test {

// 16 output channels: the packed-weight template applies. Odd pixel counts hit the tails.
constexpr const char* kWorkload = "mb1ic5ih9iw7oc16kh3kw3ph1pw1_nhwc_bia";

MeasureOptions quick_options() {
  MeasureOptions options;
  options.min_seconds = 0.006;
  options.max_seconds = 0.06;
  options.max_samples = 20;
  return options;
}

OpKernel compile(const ConvDesc& desc, const char* template_name) {
  JitSession& session = test::shared_session();
  const Template* tmpl = find_template(template_name);
  EXPECT_NE(tmpl, nullptr) << template_name;
  llvm::Expected<OpKernel> kernel =
      compile_config(session, desc, *tmpl, tmpl->baseline(desc, session.kernel_target()),
                     UnalignedOutputs::kRefuse);
  if (!kernel) {
    ADD_FAILURE() << llvm::toString(kernel.takeError());
    return OpKernel();
  }
  return std::move(*kernel);
}

TEST(PerPlacementOptions, SharesTheTimeCapsAndKeepsThreeSamples) {
  MeasureOptions trial;
  trial.min_seconds = 0.3;
  trial.max_seconds = 1.5;
  trial.max_samples = 7;
  const MeasureOptions each = per_placement_options(trial, 3);
  EXPECT_DOUBLE_EQ(each.min_seconds, 0.1);
  EXPECT_DOUBLE_EQ(each.max_seconds, 0.5);
  EXPECT_EQ(each.max_samples, 3);
  EXPECT_DOUBLE_EQ(each.agreement, trial.agreement);
  EXPECT_EQ(per_placement_options(trial, 1).max_samples, 7);
  EXPECT_EQ(per_placement_options(trial, 5).max_samples, 3);  // not 2: the agreement rule
  trial.max_samples = 200;
  EXPECT_EQ(per_placement_options(trial, 3).max_samples, 66);  // 198 in all, not 201
  EXPECT_THROW(per_placement_options(trial, 0), std::logic_error);
}

TEST(SummarizePlacements, TakesTheMeansNotTheBest) {
  Measurement fast, slow;
  fast.min_seconds = 1e-3;
  fast.median_seconds = 1.2e-3;
  slow.min_seconds = 2e-3;
  slow.median_seconds = 3e-3;
  const PlacementSummary summary = summarize_placements({fast, slow, fast});
  EXPECT_NEAR(summary.min_seconds, 4e-3 / 3, 1e-12);
  EXPECT_NEAR(summary.median_seconds, 5.4e-3 / 3, 1e-12);
  EXPECT_THROW(summarize_placements({}), std::logic_error);
}

TEST(ProblemPlacement, HoldsTheSameValuesElsewhereWithAnOutputOfItsOwn) {
  const ConvDesc desc = parse_conv(kWorkload);
  Problem problem(desc, 7);
  ProblemPlacement placement(problem);
  std::vector<halide_buffer_t*> original = problem.buffers();
  std::vector<halide_buffer_t*> moved = placement.buffers();
  ASSERT_EQ(moved.size(), original.size());
  for (size_t i = 0; i < moved.size(); ++i) {
    EXPECT_NE(moved[i]->host, original[i]->host) << "buffer " << i;
    ASSERT_EQ(moved[i]->number_of_elements(), original[i]->number_of_elements());
    if (i + 1 < moved.size()) {
      EXPECT_EQ(std::memcmp(moved[i]->host, original[i]->host, original[i]->size_in_bytes()), 0)
          << "input " << i;
    }
  }
  // The placement's output is checked against the Problem's reference, and only its own.
  placement.poison_output();
  EXPECT_TRUE(std::isinf(placement.max_error()));
  std::memcpy(moved.back()->host, problem.reference().data(),
              problem.reference().size() * sizeof(float));
  EXPECT_EQ(placement.max_error(), 0.0);
  problem.poison_output();
  EXPECT_EQ(placement.max_error(), 0.0);
  EXPECT_TRUE(std::isinf(problem.max_error()));
}

TEST(MovePackedTensors, GivesFreshMemoryAndNeedsPrepareAgain) {
  const ConvDesc desc = parse_conv(kWorkload);
  OpKernel kernel = compile(desc, "conv_direct_packed_nhwc");
  ASSERT_TRUE(kernel.valid());
  ASSERT_TRUE(kernel.needs_prepare());
  Problem problem(desc, 3);
  std::vector<halide_buffer_t*> buffers = problem.buffers();
  const int count = static_cast<int>(buffers.size());
  ASSERT_EQ(kernel.prepare(buffers.data(), count), 0);
  const void* before = kernel.packs()[0].packed.data();
  const std::vector<int64_t> shape = kernel.packs()[0].shape;
  kernel.move_packed_tensors();
  EXPECT_FALSE(kernel.prepared());
  EXPECT_NE(kernel.packs()[0].packed.data(), before);
  EXPECT_EQ(kernel.packs()[0].shape, shape);
  EXPECT_EQ(kernel.run(buffers.data(), count), OpKernel::kNotPrepared);
  ASSERT_EQ(kernel.prepare(buffers.data(), count), 0);
  problem.poison_output();
  ASSERT_EQ(kernel.run(buffers.data(), count), 0);
  EXPECT_LE(problem.max_error(), problem.tolerance());
}

TEST(CheckAndTime, PassesACorrectKernelAtEveryPlacement) {
  const ConvDesc desc = parse_conv(kWorkload);
  for (const char* name : {"conv_direct_nhwc", "conv_direct_packed_nhwc"}) {
    OpKernel kernel = compile(desc, name);
    ASSERT_TRUE(kernel.valid()) << name;
    Problem problem(desc, 5);
    problem.poison_output();
    const TrialResult result =
        check_and_time(kernel, problem, problem.tolerance(), quick_options(), 3);
    EXPECT_EQ(result.status, TrialStatus::kOk) << name << ": " << result.failure_reason;
    // Every placement is a copy: the Problem's own output was never written.
    EXPECT_TRUE(std::isinf(problem.max_error())) << name;
    EXPECT_GT(result.min_seconds, 0) << name;
    EXPECT_LE(result.min_seconds, result.median_seconds) << name;
    EXPECT_LE(result.max_error, problem.tolerance()) << name;
    // The kernel is left prepared for the last placement, whose tensors are gone: a caller
    // must prepare it for its own buffers before running it.
    std::vector<halide_buffer_t*> buffers = problem.buffers();
    const int count = static_cast<int>(buffers.size());
    ASSERT_EQ(kernel.prepare(buffers.data(), count), 0) << name;
    problem.poison_output();
    ASSERT_EQ(kernel.run(buffers.data(), count), 0) << name;
    EXPECT_LE(problem.max_error(), problem.tolerance()) << name;
  }
}

TEST(CheckAndTime, RefusesAWrongKernelWithTheError) {
  // A kernel that fuses a ReLU the workload does not have: wrong wherever the output is < 0.
  const ConvDesc desc = parse_conv(kWorkload);
  OpKernel kernel = compile(parse_conv(std::string(kWorkload) + "_relu"), "conv_direct_nhwc");
  ASSERT_TRUE(kernel.valid());
  Problem problem(desc, 5);
  const TrialResult result =
      check_and_time(kernel, problem, problem.tolerance(), quick_options(), 3);
  EXPECT_EQ(result.status, TrialStatus::kWrongResult);
  EXPECT_GT(result.max_error, problem.tolerance());
  EXPECT_NE(result.failure_reason.find("exceeds tolerance"), std::string::npos)
      << result.failure_reason;
  EXPECT_EQ(result.min_seconds, 0);
}

}  // namespace trial_measurement_test
}  // namespace kf
