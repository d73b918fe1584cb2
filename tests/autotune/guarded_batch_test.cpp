// run_guarded_batch: results come back in trial order; prepare phases run side by side up to
// the parallel limit while measure phases never overlap each other or any prepare phase
// (checked with marker files, since the phases run in separate processes); an early result, a
// crash or an overrun in either phase ends only its own trial.
#include "autotune/guarded_batch.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <filesystem>
#include <string>
#include <thread>

namespace kf {
namespace guarded_batch_test {

class GuardedBatchTest : public testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("kf_batch_" + std::to_string(::getpid()) + "_" +
            testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string path(const std::string& name) const { return (dir_ / name).string(); }

  std::filesystem::path dir_;
};

bool exists(const std::string& path) { return ::access(path.c_str(), F_OK) == 0; }

void touch(const std::string& path) { ::close(::open(path.c_str(), O_CREAT | O_WRONLY, 0600)); }

TEST_F(GuardedBatchTest, ResultsInOrderAndMeasurementsNeverOverlap) {
  const std::string lock = path("measuring");
  std::vector<StagedTrial> trials;
  for (int i = 0; i < 5; ++i) {
    StagedTrial trial;
    trial.prepare = [] { return std::optional<TrialResult>(); };
    trial.measure = [lock, i] {
      // Exclusive creation fails if another trial is measuring right now.
      const int fd = ::open(lock.c_str(), O_CREAT | O_EXCL | O_WRONLY, 0600);
      if (fd < 0) return TrialResult{TrialStatus::kWrongResult, "overlapping measurement"};
      std::this_thread::sleep_for(std::chrono::milliseconds(30));
      ::close(fd);
      ::unlink(lock.c_str());
      return TrialResult{TrialStatus::kOk, "", static_cast<double>(i), 1e-3 * (i + 1),
                         1e-3 * (i + 1)};
    };
    trials.push_back(trial);
  }
  const std::vector<TrialResult> results = run_guarded_batch(trials, 3, 30);
  ASSERT_EQ(results.size(), 5u);
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(results[i].status, TrialStatus::kOk) << i << ": " << results[i].failure_reason;
    EXPECT_EQ(results[i].max_error, i);
  }
}

TEST_F(GuardedBatchTest, NothingPreparesWhileATrialMeasures) {
  // Every prepare holds a marker for 20 ms; a measurement that sees one overlapped a compile.
  std::vector<StagedTrial> trials;
  for (int i = 0; i < 6; ++i) {
    const std::string mine = path("preparing" + std::to_string(i));
    const std::string dir = dir_.string();
    StagedTrial trial;
    trial.prepare = [mine] {
      touch(mine);
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
      ::unlink(mine.c_str());
      return std::optional<TrialResult>();
    };
    trial.measure = [dir] {
      int overlaps = 0;
      for (int sample = 0; sample < 5; ++sample) {
        for (const auto& entry : std::filesystem::directory_iterator(dir)) {
          overlaps += entry.path().filename().string().rfind("preparing", 0) == 0;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
      }
      return TrialResult{TrialStatus::kOk, "", static_cast<double>(overlaps), 1e-3, 1e-3};
    };
    trials.push_back(trial);
  }
  const std::vector<TrialResult> results = run_guarded_batch(trials, 2, 30);
  ASSERT_EQ(results.size(), 6u);
  for (int i = 0; i < 6; ++i) {
    EXPECT_EQ(results[i].status, TrialStatus::kOk) << i << ": " << results[i].failure_reason;
    EXPECT_EQ(results[i].max_error, 0.0) << "trial " << i << " measured beside a prepare";
  }
}

TEST_F(GuardedBatchTest, PreparePhasesRunSideBySide) {
  // Trials 0 and 1 each wait (up to 5 s) for the other's marker: both see it only if their
  // prepare phases overlap.
  std::vector<StagedTrial> trials;
  for (int i = 0; i < 2; ++i) {
    const std::string mine = path("prepare" + std::to_string(i));
    const std::string partner = path("prepare" + std::to_string(1 - i));
    auto saw = std::make_shared<bool>(false);
    StagedTrial trial;
    trial.prepare = [mine, partner, saw] {
      touch(mine);
      for (int wait = 0; wait < 500 && !exists(partner); ++wait) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
      }
      *saw = exists(partner);
      return std::optional<TrialResult>();
    };
    trial.measure = [saw] { return TrialResult{TrialStatus::kOk, "", *saw ? 1.0 : 0.0, 1, 1}; };
    trials.push_back(trial);
  }
  const std::vector<TrialResult> results = run_guarded_batch(trials, 2, 30);
  ASSERT_EQ(results.size(), 2u);
  EXPECT_EQ(results[0].max_error, 1.0);
  EXPECT_EQ(results[1].max_error, 1.0);
}

TEST_F(GuardedBatchTest, FailuresEndOnlyTheirOwnTrial) {
  auto ok = [] { return TrialResult{TrialStatus::kOk, "", 0, 1e-3, 1e-3}; };
  auto go_on = [] { return std::optional<TrialResult>(); };
  std::vector<StagedTrial> trials(5);
  // 0: compile error (early result); 1: crash while preparing; 2: crash while measuring;
  // 3: hangs while measuring; 4: fine.
  trials[0] = {
      [] {
        return std::optional<TrialResult>(TrialResult{TrialStatus::kCompileError, "no such loop"});
      },
      ok};
  trials[1] = {[]() -> std::optional<TrialResult> {
                 std::raise(SIGSEGV);
                 return std::nullopt;
               },
               ok};
  trials[2] = {go_on, []() -> TrialResult {
                 std::abort();
                 return TrialResult{};
               }};
  trials[3] = {go_on, []() -> TrialResult {
                 for (;;) std::this_thread::sleep_for(std::chrono::seconds(1));
               }};
  trials[4] = {go_on, ok};
  // The timeout must leave room for a crash's report: under AddressSanitizer the child that
  // raised SIGSEGV symbolises its stack before it exits, which took over 0.5 s on a loaded CI
  // machine and was then counted as a timeout.
  const std::vector<TrialResult> results = run_guarded_batch(trials, 2, 3.0);
  ASSERT_EQ(results.size(), 5u);
  EXPECT_EQ(results[0].status, TrialStatus::kCompileError);
  EXPECT_EQ(results[0].failure_reason, "no such loop");
  EXPECT_EQ(results[1].status, TrialStatus::kCrash);
  EXPECT_EQ(results[2].status, TrialStatus::kCrash);
  EXPECT_NE(results[2].failure_reason.find("SIGABRT"), std::string::npos)
      << results[2].failure_reason;
  EXPECT_EQ(results[3].status, TrialStatus::kTimeout);
  EXPECT_EQ(results[4].status, TrialStatus::kOk);
}

TEST_F(GuardedBatchTest, EmptyBatch) { EXPECT_TRUE(run_guarded_batch({}, 2, 1).empty()); }

}  // namespace guarded_batch_test
}  // namespace kf
