// What the Google Benchmark suites share: the timed loop with its counters, the reference
// machine's memory bandwidth, and the --kf_* command-line flags.
#pragma once

#include <benchmark/benchmark.h>

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "autotune/database.h"
#include "autotune/machine_peak.h"
#include "dsl/input_error.h"
#include "dsl/op_desc.h"
#include "jit/jit_session.h"

namespace kf::bench {

/// STREAM bandwidth in bytes/s measured on the reference machine (16 GB/s on one core, 31 on two).
double stream_bandwidth(int threads);

/// Runs `call` for the benchmark's iterations and sets the counters every suite reports: FLOPS
/// and bytes_per_second (rates: desc.flops() and desc.min_bytes() per iteration),
/// peak_fraction (FLOP/s over this machine's measured FMA peak for `threads`),
/// bandwidth_fraction (bytes/s over stream_bandwidth) and max_error. The suites use real time,
/// so rates are per wall-clock second.
template <typename Call>
void timed_loop(benchmark::State& state, const OpDesc& desc, int threads, double error,
                const Call& call) {
  const auto start = std::chrono::steady_clock::now();
  for (auto _ : state) {
    if (int code = call()) {
      state.SkipWithError(("kernel returned error " + std::to_string(code)).c_str());
      break;
    }
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const double iterations = static_cast<double>(state.iterations());
  const double flops = desc.flops() * iterations;
  const double bytes = desc.min_bytes() * iterations;
  state.counters["FLOPS"] = benchmark::Counter(flops, benchmark::Counter::kIsRate);
  state.counters["bytes_per_second"] = benchmark::Counter(bytes, benchmark::Counter::kIsRate);
  try {
    state.counters["peak_fraction"] = flops / seconds / (fma_peak_gflops(threads) * 1e9);
  } catch (const InputError& bad_override) {  // KF_PEAK_GFLOPS_PER_CORE
    state.SkipWithError(bad_override.what());
    return;
  }
  state.counters["bandwidth_fraction"] = bytes / seconds / stream_bandwidth(threads);
  state.counters["max_error"] = error;
}

/// Value of `--name=value` in argv, removed from argv; `fallback` when absent.
std::string take_flag(int* argc, char** argv, const std::string& name, const std::string& fallback);

/// A positive integer, or InputError naming `flag`.
int64_t parse_positive(const std::string& flag, const std::string& text);

/// "1,2" -> {1, 2}; InputError naming --kf_threads otherwise (also when `ascending` is asked
/// for and a count is lower than the one before it).
std::vector<int> parse_thread_list(const std::string& text, bool ascending = false);

/// Initialises Google Benchmark, with --benchmark_min_time=0.2 unless the command line sets
/// one (shorter than Google Benchmark's 0.5 s, which keeps full runs to minutes). False when it
/// rejected an argument (it has said which).
bool initialize(int* argc, char** argv);

/// The process's JitSession for the host; std::runtime_error with LLVM's reason otherwise.
std::unique_ptr<JitSession> host_session();

/// The best record (select_best, as Database::best ranks schedules) of `workload_key` for
/// `target` and `threads` among those whose template still exists at the record's version (a
/// record of an older version cannot be compiled: its knobs meant another schedule), or nullopt.
std::optional<TuningRecord> best_current_record(Database& database, const std::string& workload_key,
                                                const std::string& target, int threads);

}  // namespace kf::bench
