// fma_peak_gflops: an FMA-throughput loop per ISA, run on one and on several threads.
//
// Each loop keeps 12 independent accumulator chains (more than FMA latency x throughput on
// current x86 cores) so the FMA ports, not dependencies, bound it. GCC vector extensions with
// per-function target attributes keep the rest of the project free of ISA flags.
#include "autotune/machine_peak.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "dsl/input_error.h"

namespace kf {

namespace {

constexpr int kChains = 12;
constexpr long kIterations = 2'000'000;
constexpr int kMaxRuns = 10;       // multi-thread runs at most, when the first three fall short
constexpr double kScaling = 0.95;  // of threads x one thread's peak: the runs can stop there
constexpr std::chrono::milliseconds kPauseBeforeRetry{25};

typedef float Vec16 __attribute__((vector_size(64)));
typedef float Vec8 __attribute__((vector_size(32)));
typedef float Vec4 __attribute__((vector_size(16)));

// Returns FLOPs performed; the sum is stored to `sink` so nothing is optimised away.
#define KF_FMA_LOOP(NAME, LANES, TARGET)                                  \
  __attribute__((target(TARGET), noinline)) double NAME(float* sink) {    \
    Vec##LANES acc[kChains];                                              \
    Vec##LANES a, b;                                                      \
    for (int l = 0; l < LANES; ++l) {                                     \
      a[l] = 0.999999f;                                                   \
      b[l] = 1e-7f;                                                       \
    }                                                                     \
    for (int c = 0; c < kChains; ++c) acc[c] = b * static_cast<float>(c); \
    for (long i = 0; i < kIterations; ++i) {                              \
      for (int c = 0; c < kChains; ++c) acc[c] = acc[c] * a + b;          \
      asm volatile("" : "+v"(a));                                         \
    }                                                                     \
    Vec##LANES total = acc[0];                                            \
    for (int c = 1; c < kChains; ++c) total += acc[c];                    \
    *sink = total[0];                                                     \
    return 2.0 * LANES * kChains * static_cast<double>(kIterations);      \
  }

KF_FMA_LOOP(fma_loop_avx512, 16, "avx512f,fma")
KF_FMA_LOOP(fma_loop_avx2, 8, "avx2,fma")
KF_FMA_LOOP(fma_loop_sse, 4, "sse2")

double run_best_loop(float* sink) {
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx512f")) return fma_loop_avx512(sink);
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) return fma_loop_avx2(sink);
  return fma_loop_sse(sink);
}

// GFLOP/s of the slowest of `threads` threads running the loop at once, times `threads`.
double measure(int threads) {
  std::vector<double> rates(threads);
  std::vector<float> sinks(threads * 16);
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      const auto start = std::chrono::steady_clock::now();
      const double flops = run_best_loop(&sinks[t * 16]);
      const double seconds =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      rates[t] = flops / seconds * 1e-9;
    });
  }
  for (auto& w : workers) w.join();
  return *std::min_element(rates.begin(), rates.end()) * threads;
}

}  // namespace

double measure_fma_gflops_one_thread() {
  double best = 0;
  for (int run = 0; run < 3; ++run) best = std::max(best, measure(1));
  return best;
}

double fma_peak_gflops(int threads) {
  threads = std::max(1, threads);
  if (const char* text = std::getenv("KF_PEAK_GFLOPS_PER_CORE"); text && *text) {
    char* end = nullptr;
    const double value = std::strtod(text, &end);
    if (end == text || *end != '\0' || !std::isfinite(value) || !(value > 0)) {
      throw InputError("KF_PEAK_GFLOPS_PER_CORE",
                       "must be a positive number of GFLOP/s per core (e.g. 224), not '" +
                           std::string(text) + "'");
    }
    return value * threads;
  }
  // The one-thread peak first (outside the lock): the multi-thread figure is checked against it.
  const double one = threads > 1 ? fma_peak_gflops(1) : 0;
  static std::mutex mutex;
  static std::map<int, double> measured;
  std::lock_guard<std::mutex> lock(mutex);
  auto it = measured.find(threads);
  if (it != measured.end()) return it->second;
  double best = 0;
  for (int run = 0; run < 3; ++run) best = std::max(best, measure(threads));
  if (threads > 1) {
    // A core that is busy during the ~12 ms of the runs above makes the slowest thread, and so
    // the figure, look like one core's. That happens right after a parallel kernel: the worker
    // threads of Halide's and OpenMP's pools spin for milliseconds before they sleep (a
    // benchmark measures the peak right after its first timed loop), or while another process
    // or a VM's host holds the core. Measure again after a pause, up to 10 runs in all, until
    // the figure scales with the threads; whatever the outcome, T threads can do at least what
    // one does.
    for (int run = 3; run < kMaxRuns && best < kScaling * one * threads; ++run) {
      std::this_thread::sleep_for(kPauseBeforeRetry);
      best = std::max(best, measure(threads));
    }
    best = std::max(best, one);
  }
  measured[threads] = best;
  return best;
}

}  // namespace kf
