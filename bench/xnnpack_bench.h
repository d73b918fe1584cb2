// XNNPACK in the Google Benchmark suites: one helper that the conv, deconv and softmax suites
// share, so that each suite only registers an "xnnpack" variant next to its oneDNN one.
// Benchmark names follow the suites' scheme, e.g.
// BM_Conv2d/resnet_50:res2a_branch2b/xnnpack/threads:1/real_time, with the same counters
// (bench_common.h's timed_loop). Workloads XNNPACK cannot run are skipped with XNNPACK's reason
// (e.g. "XNNPACK convolution is NHWC-only; ..."), so the report says why a cell is empty.
#pragma once

#include <benchmark/benchmark.h>

#include <map>
#include <string>

#include "autotune/problem.h"
#include "bench/bench_common.h"
#include "bench/peers/xnnpack_common.h"
#include "bench/peers/xnnpack_conv.h"
#include "bench/peers/xnnpack_deconv.h"
#include "bench/peers/xnnpack_softmax.h"

namespace kf::bench {

/// The XNNPACK peers of one suite, created once per benchmark name (weights packed, tensors
/// bound) so that repetitions and random interleaving never rebuild them. The problems passed
/// to run() must outlive every run() call (destroying the peers does not touch them).
class XnnpackPeers {
 public:
  /// Creates (once) and checks the XNNPACK peer of `desc` on `problem` with `threads` threads,
  /// then times it with timed_loop. Skips with XNNPACK's reason when it cannot run `desc`, and
  /// with the error when its output disagrees with the reference.
  template <typename Desc>
  void run(benchmark::State& state, const std::string& name, const Desc& desc, Problem& problem,
           int threads) {
    peers::XnnpackSetup& setup = setups_[name];
    if (!setup.peer && setup.unsupported.empty()) {
      setup = peers::create_xnnpack_peer(desc, problem, threads);
    }
    if (!setup.peer) {
      state.SkipWithError(("XNNPACK cannot run this: " + setup.unsupported).c_str());
      return;
    }
    const double error = setup.peer->check();
    if (!(error <= problem.tolerance())) {
      state.SkipWithError(("XNNPACK wrong result, max error " + std::to_string(error)).c_str());
      return;
    }
    timed_loop(state, desc, threads, error, [&] { return setup.peer->run(); });
    state.SetLabel(setup.peer->implementation());
  }

 private:
  std::map<std::string, peers::XnnpackSetup> setups_;
};

}  // namespace kf::bench
