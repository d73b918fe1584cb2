// measure(): timing of a callable by the warm-up / repeat / stopping rules, checked for
// correctness only (loose bounds around a ~1 ms sleep, never speed): min <= median, enough
// samples, the sample and time caps, and error codes that stop measurement.
#include "autotune/measurer.h"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

namespace kf {
namespace measurer_test {

int sleep_one_millisecond() {
  std::this_thread::sleep_for(std::chrono::milliseconds(1));
  return 0;
}

MeasureOptions quick_options() {
  MeasureOptions options;
  options.min_seconds = 0.02;
  options.max_seconds = 0.5;
  return options;
}

double seconds_of(const std::function<void()>& action) {
  const auto start = std::chrono::steady_clock::now();
  action();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

TEST(MeasureTest, SleepOfOneMillisecondMeasuresAboutOneMillisecond) {
  int error_code = -1;
  const Measurement m = measure(sleep_one_millisecond, quick_options(), &error_code);
  EXPECT_EQ(error_code, 0);
  EXPECT_GE(m.min_seconds, 0.9e-3);
  EXPECT_LE(m.min_seconds, 50e-3);
  EXPECT_LE(m.min_seconds, m.median_seconds);
  EXPECT_LE(m.median_seconds, 0.5);
  EXPECT_GE(m.samples, 3);
  EXPECT_EQ(m.calls_per_sample, 1);  // one call already lasts longer than min_sample_seconds
}

TEST(MeasureTest, ErrorCodeIsOptional) {
  const Measurement m = measure(sleep_one_millisecond, quick_options());
  EXPECT_GE(m.samples, 3);
  EXPECT_GT(m.min_seconds, 0);
}

TEST(MeasureTest, FastCallsAreGroupedIntoSamples) {
  MeasureOptions options = quick_options();
  options.min_sample_seconds = 1e-3;
  volatile int counter = 0;
  int calls = 0;
  const Measurement m = measure(
      [&] {
        for (int i = 0; i < 100; ++i) counter = counter + 1;
        ++calls;
        return 0;
      },
      options);
  EXPECT_GT(m.calls_per_sample, 1);
  EXPECT_GE(m.samples, 3);
  EXPECT_GT(m.min_seconds, 0);
  EXPECT_LE(m.min_seconds, m.median_seconds);
  // Per-call times: a sample of calls_per_sample calls lasts about min_sample_seconds.
  EXPECT_LT(m.min_seconds, options.min_sample_seconds);
  // Warm-up plus whole samples.
  EXPECT_EQ(calls, 1 + m.samples * m.calls_per_sample);
}

TEST(MeasureTest, SampleCapStopsMeasurement) {
  MeasureOptions options;
  options.min_seconds = 100;  // never reached: the agreement rule is not even consulted
  options.max_seconds = 100;
  options.max_samples = 4;
  int calls = 0;
  const Measurement m = measure(
      [&] {
        ++calls;
        return sleep_one_millisecond();
      },
      options);
  EXPECT_EQ(m.samples, 4);
  EXPECT_FALSE(m.converged);
  EXPECT_EQ(calls, 1 + 4 * m.calls_per_sample);
}

TEST(MeasureTest, TimeCapStopsMeasurement) {
  MeasureOptions options;
  options.min_seconds = 100;
  options.max_seconds = 0.03;
  options.max_samples = 1000000;
  Measurement m;
  const double elapsed = seconds_of([&] { m = measure(sleep_one_millisecond, options); });
  EXPECT_FALSE(m.converged);
  EXPECT_GE(m.samples, 3);
  EXPECT_GE(elapsed, 0.03);
  EXPECT_LT(elapsed, 2.0);
}

TEST(MeasureTest, ConvergesWhenSamplesAgree) {
  MeasureOptions options = quick_options();
  options.agreement = 10.0;  // any three samples agree within 1000%
  const Measurement m = measure(sleep_one_millisecond, options);
  EXPECT_TRUE(m.converged);
  EXPECT_GE(m.samples, 3);
}

TEST(MeasureTest, ErrorInWarmUpStopsAtOnce) {
  int calls = 0;
  int error_code = 0;
  const Measurement m = measure(
      [&] {
        ++calls;
        return -7;
      },
      quick_options(), &error_code);
  EXPECT_EQ(error_code, -7);
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(m.samples, 0);
  EXPECT_EQ(m.min_seconds, 0);
  EXPECT_EQ(m.median_seconds, 0);
}

TEST(MeasureTest, ErrorDuringSamplingStopsAndIsReported) {
  int calls = 0;
  int error_code = 0;
  const Measurement m = measure(
      [&] {
        ++calls;
        if (calls == 5) return 3;
        return sleep_one_millisecond();
      },
      quick_options(), &error_code);
  EXPECT_EQ(error_code, 3);
  EXPECT_EQ(calls, 5);  // no call after the failing one
  EXPECT_EQ(m.samples, 0);
  EXPECT_EQ(m.min_seconds, 0);
  EXPECT_FALSE(m.converged);
}

}  // namespace measurer_test
}  // namespace kf
