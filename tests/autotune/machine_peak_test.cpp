// fma_peak_gflops: the override names a per-core figure (and a malformed one is an error), and a
// measured multi-thread peak is never below the one-thread peak (a core busy elsewhere while it is
// measured must not make
// "% of peak" figures of 2-thread runs exceed 100% by half).
#include "autotune/machine_peak.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <string>

#include "dsl/input_error.h"

namespace kf {
namespace machine_peak_test {

TEST(FmaPeak, OverridePerCoreScalesWithThreads) {
  ASSERT_EQ(setenv("KF_PEAK_GFLOPS_PER_CORE", "224", 1), 0);
  EXPECT_DOUBLE_EQ(fma_peak_gflops(1), 224);
  EXPECT_DOUBLE_EQ(fma_peak_gflops(2), 448);
  EXPECT_DOUBLE_EQ(fma_peak_gflops(0), 224);  // at least one thread
  unsetenv("KF_PEAK_GFLOPS_PER_CORE");
}

TEST(FmaPeak, MalformedOverrideIsAnErrorNamingTheVariable) {
  for (const char* bad : {"fast", "224x", "0", "-5", "nan", "inf"}) {
    ASSERT_EQ(setenv("KF_PEAK_GFLOPS_PER_CORE", bad, 1), 0);
    try {
      fma_peak_gflops(1);
      ADD_FAILURE() << "accepted '" << bad << "'";
    } catch (const InputError& error) {
      EXPECT_EQ(error.field(), "KF_PEAK_GFLOPS_PER_CORE");
      EXPECT_NE(error.rule().find(std::string("'") + bad + "'"), std::string::npos) << error.what();
    }
  }
  ASSERT_EQ(setenv("KF_PEAK_GFLOPS_PER_CORE", "", 1), 0);
  const double measured = fma_peak_gflops(1);  // empty: unset, measured
  unsetenv("KF_PEAK_GFLOPS_PER_CORE");
  EXPECT_GT(measured, 0);
}

TEST(FmaPeak, SeveralThreadsNeverMeasureBelowOne) {
  const double one = fma_peak_gflops(1);
  const double two = fma_peak_gflops(2);
  EXPECT_GT(one, 0);
  EXPECT_GE(two, one);
  EXPECT_EQ(fma_peak_gflops(2), two);  // measured once per process and thread count
}

}  // namespace machine_peak_test
}  // namespace kf
