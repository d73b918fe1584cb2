// run_guarded: a trial that crashes, aborts, throws, hangs or exits without a verdict becomes a
// failed TrialResult and the caller goes on; an ok trial comes back exactly as the child
// produced it; the child's writes never reach the parent. The pipe encoding round-trips and
// rejects what is not a complete record.
#include "autotune/guarded_trial.h"

#include <gtest/gtest.h>

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <stdexcept>
#include <thread>

namespace kf {
namespace guarded_trial_test {

TEST(GuardedTrial, OkResultComesBackExactly) {
  const TrialResult result = run_guarded(
      [] {
        return TrialResult{TrialStatus::kOk, "", 1.25e-6, 0.1 / 3, 0.2 / 3};
      },
      30);
  EXPECT_EQ(result.status, TrialStatus::kOk);
  EXPECT_EQ(result.failure_reason, "");
  EXPECT_EQ(result.max_error, 1.25e-6);
  EXPECT_EQ(result.min_seconds, 0.1 / 3);
  EXPECT_EQ(result.median_seconds, 0.2 / 3);
}

TEST(GuardedTrial, FailedResultKeepsItsReason) {
  const TrialResult result = run_guarded(
      [] {
        return TrialResult{TrialStatus::kWrongResult, "max error 0.5 exceeds 1e-5", 0.5};
      },
      30);
  EXPECT_EQ(result.status, TrialStatus::kWrongResult);
  EXPECT_EQ(result.failure_reason, "max error 0.5 exceeds 1e-5");
  EXPECT_EQ(result.max_error, 0.5);
}

TEST(GuardedTrial, SegmentationFaultIsACrash) {
  const TrialResult result = run_guarded(
      []() -> TrialResult {
        std::raise(SIGSEGV);
        return TrialResult{};
      },
      30);
  EXPECT_EQ(result.status, TrialStatus::kCrash);
  EXPECT_NE(result.failure_reason.find("trial process"), std::string::npos)
      << result.failure_reason;
}

TEST(GuardedTrial, AbortIsACrashNamingTheSignal) {
  const TrialResult result = run_guarded(
      []() -> TrialResult {
        std::abort();
        return TrialResult{};
      },
      30);
  EXPECT_EQ(result.status, TrialStatus::kCrash);
  EXPECT_NE(result.failure_reason.find("SIGABRT"), std::string::npos) << result.failure_reason;
}

TEST(GuardedTrial, ExceptionIsACrashWithItsMessage) {
  const TrialResult result =
      run_guarded([]() -> TrialResult { throw std::runtime_error("boom"); }, 30);
  EXPECT_EQ(result.status, TrialStatus::kCrash);
  EXPECT_EQ(result.failure_reason, "exception: boom");
}

TEST(GuardedTrial, ExitWithoutAVerdictIsACrash) {
  const TrialResult result = run_guarded(
      []() -> TrialResult {
        std::_Exit(7);
        return TrialResult{};
      },
      30);
  EXPECT_EQ(result.status, TrialStatus::kCrash);
  EXPECT_NE(result.failure_reason.find("exited with code 7"), std::string::npos)
      << result.failure_reason;
}

TEST(GuardedTrial, HangIsKilledAtTheDeadline) {
  const auto start = std::chrono::steady_clock::now();
  const TrialResult result = run_guarded(
      []() -> TrialResult {
        for (;;) std::this_thread::sleep_for(std::chrono::seconds(1));
      },
      0.3);
  const double elapsed =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_EQ(result.status, TrialStatus::kTimeout);
  EXPECT_NE(result.failure_reason.find("0.3 s"), std::string::npos) << result.failure_reason;
  EXPECT_LT(elapsed, 10.0);
}

TEST(GuardedTrial, ChildWritesStayInTheChild) {
  int value = 1;
  const TrialResult result = run_guarded(
      [&] {
        value = 2;
        return TrialResult{};
      },
      30);
  EXPECT_EQ(result.status, TrialStatus::kOk);
  EXPECT_EQ(value, 1);
}

TEST(GuardedTrial, EncodingRoundTripsAndFoldsNewlines) {
  const TrialResult original{TrialStatus::kCompileError, "line one\nline two  spaced", 0, 0, 0};
  TrialResult decoded;
  ASSERT_TRUE(decode_trial_result(encode_trial_result(original), &decoded));
  EXPECT_EQ(decoded.status, TrialStatus::kCompileError);
  EXPECT_EQ(decoded.failure_reason, "line one line two  spaced");
}

TEST(GuardedTrial, DecodingRejectsIncompleteRecords) {
  const std::string good = encode_trial_result(TrialResult{TrialStatus::kOk, "", 1, 2, 3});
  TrialResult decoded;
  EXPECT_TRUE(decode_trial_result(good, &decoded));
  EXPECT_FALSE(decode_trial_result(good.substr(0, good.size() - 1), &decoded));  // no newline
  EXPECT_FALSE(decode_trial_result(good.substr(0, 15) + "\n", &decoded));        // cut short
  EXPECT_FALSE(decode_trial_result("other-v1 ok 0 0 0 \n", &decoded));           // magic
  EXPECT_FALSE(decode_trial_result("kf-trial-v1 fine 0 0 0 \n", &decoded));      // status
  EXPECT_FALSE(decode_trial_result("", &decoded));
}

}  // namespace guarded_trial_test
}  // namespace kf
