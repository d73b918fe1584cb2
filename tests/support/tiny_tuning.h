// Tuning runs small enough for a test: one small conv workload, budgets of a few trials, short
// timings and the direct template only. Shared by the tuner's test files.
#pragma once

#include <string>
#include <vector>

#include "autotune/database.h"
#include "autotune/tuner.h"
#include "dsl/conv_desc.h"
#include "tests/support/shared_jit_session.h"

namespace kf::test {

/// The workload the tuner tests tune: 3x3, odd sizes, bias.
inline constexpr const char* kTinyWorkload = "mb1ic5ih9iw11oc7kh3kw3ph1pw1_nhwc_bia";

/// Options for a run of `budget_trials` trials with `seed`: 1 thread, 5-50 ms of timing, the
/// direct template only (Winograd kernels take several times longer to compile), and no
/// finalists, so that every trial is a search trial the tests can count and compare.
inline TuneOptions tiny_options(int budget_trials = 4, uint64_t seed = 1) {
  TuneOptions options;
  options.budget_trials = budget_trials;
  options.budget_seconds = 60;
  options.seed = seed;
  options.threads = 1;
  options.measure.min_seconds = 0.005;
  options.measure.max_seconds = 0.05;
  options.templates = {"conv_direct_nhwc"};
  options.finalists = 0;
  return options;
}

/// "template:knobs" of each record, in order.
inline std::vector<std::string> knobs_of(const std::vector<TuningRecord>& records) {
  std::vector<std::string> knobs;
  for (const TuningRecord& r : records) knobs.push_back(r.template_name + ":" + r.knobs);
  return knobs;
}

/// The 1-thread records of `desc` on the shared session's target, in trial order.
inline std::vector<TuningRecord> records_of(const ConvDesc& desc, Database& database) {
  return database.records(desc.key(), target_key(shared_session()), 1);
}

}  // namespace kf::test
