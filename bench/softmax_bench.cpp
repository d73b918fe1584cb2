// kf_softmax_bench: Google Benchmark suite of the memory-bound ops softmax (every shape of
// benchdnn's softmax shapes_2d, shapes_3d and shapes_nlp, plus segmentation-style channel
// softmax in both layouts) and reorder (ResNet-sized layout conversions), per thread count:
//   baseline   the first applicable template's hand baseline()
//   tuned      the best record of the tuning database named by $KF_BENCH_DB (when it has one)
//   onednn     dnnl::softmax_forward / dnnl::reorder (bench/peers/)
//   xnnpack    XNNPACK softmax_nc_f32, softmax only (innermost axis only, else skipped with the
//              reason; see bench/peers/xnnpack_softmax.h)
// Names read BM_Softmax/2x19x128x256_axis1_nhwc/baseline/threads:1/real_time. Counters: bytes
// (one read of the input and one write of the output per call, a rate), bandwidth_fraction (of
// STREAM on this machine: 16 GB/s on 1 core, 31 GB/s on 2) and max_error. Every kernel is
// compiled once, outside the timed loop, and checked against the reference before it is timed.
//
// Extra flag (before Google Benchmark's own): --kf_threads=1,2 (ascending thread counts).
#include <benchmark/benchmark.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "autotune/database.h"
#include "autotune/problem.h"
#include "autotune/tuner.h"
#include "bench/bench_common.h"
#include "bench/peers/onednn_reorder.h"
#include "bench/peers/onednn_softmax.h"
#include "bench/xnnpack_bench.h"
#include "dsl/input_error.h"
#include "dsl/reorder_desc.h"
#include "dsl/softmax_desc.h"
#include "jit/jit_session.h"
#include "schedules/op_template.h"

namespace kf::bench {

namespace {

const char* const kWorkloads[] = {
    // Segmentation logits: per-pixel class probabilities in both layouts.
    "softmax:2x19x128x256_axis1_nchw",
    "softmax:2x19x128x256_axis1_nhwc",
    "softmax:2x16x128x128_axis1_nchw",
    "softmax:2x16x128x128_axis1_nhwc",
    // Every line of benchdnn's softmax shapes_2d, shapes_3d and shapes_nlp, with benchdnn's
    // defaults (axis 1, plain layout); 2x19x128x256 and 2x16x128x128 are above.
    "softmax:96x1000x1x1",
    "softmax:256x10x1x1",
    "softmax:1x8x1024x16",
    "softmax:1x8x1024x16_axis3",  // also along the contiguous W axis
    "softmax:1x2x64x64",
    "softmax:448x16x28x28",
    "softmax:64x1011x1x1",
    "softmax:96x1024x1x1x1",
    "softmax:256x10x1x1x1",
    "softmax:3x17x9x37x19",
    "softmax:2x16x128x2x4",
    "softmax:240x20",
    "softmax:2560x20",
    "softmax:2688x21",
    "softmax:3712x29",
    "softmax:4480x35",
    "softmax:4736x37",
    "softmax:4864x38",
    "softmax:4992x39",
    "softmax:5120x40",
    "softmax:5248x41",
    "softmax:5376x42",
    "softmax:5504x43",
    "softmax:5632x44",
    "softmax:6144x48",
    "softmax:6272x49",
    "softmax:6400x50",
    "softmax:6784x53",
    "softmax:7296x57",
    "softmax:7424x58",
    "softmax:7808x61",
    "softmax:8192x64",
    "softmax:8448x66",
    "softmax:8576x67",
    // ResNet-50 stage-1 and stage-2 activations.
    "reorder:mb1ic64ih56iw56_nchw_to_nchw16c",
    "reorder:mb1ic64ih56iw56_nchw16c_to_nchw",
    "reorder:mb1ic64ih56iw56_nchw_to_nhwc",
    "reorder:mb1ic64ih56iw56_nhwc_to_nchw",
    "reorder:mb1ic256ih56iw56_nchw_to_nchw16c",
    "reorder:mb1ic256ih56iw56_nhwc_to_nchw16c",
    "reorder:mb1ic256ih56iw56_nchw16c_to_nhwc",
};

/// Shared by every benchmark: the JIT session, the database (if any), problems, compiled
/// kernels and oneDNN primitives cached by benchmark name.
struct Context {
  std::unique_ptr<JitSession> session;
  std::unique_ptr<Database> database;
  std::map<std::string, std::unique_ptr<Problem>> problems;
  std::map<std::string, OpKernel> kernels;
  std::map<std::string, std::unique_ptr<peers::OnednnSoftmax>> softmaxes;
  std::map<std::string, std::unique_ptr<peers::OnednnReorder>> reorders;
  XnnpackPeers xnnpack;

  Problem& problem(const OpDesc& desc) {
    std::unique_ptr<Problem>& p = problems[desc.key()];
    if (!p) p = std::make_unique<Problem>(desc);
    return *p;
  }
};

void run_kernelforge(benchmark::State& state, Context& context, const std::string& name,
                     const OpDesc& desc, bool tuned, int threads) {
  auto cached = context.kernels.find(name);
  std::string label;
  if (cached == context.kernels.end()) {
    llvm::Expected<OpKernel> kernel = llvm::createStringError(llvm::inconvertibleErrorCode(), "");
    try {
      const Halide::Target& target = context.session->kernel_target();
      std::optional<TuningRecord> best;
      if (tuned && context.database) {
        best = best_current_record(*context.database, desc.key(), target_key(*context.session),
                                   threads);
      }
      if (tuned && !best) {
        state.SkipWithError("no tuned record");
        return;
      }
      if (best) {
        kernel = compile_record(*context.session, desc, *best);
      } else {
        const Template& tmpl = *templates_for(desc).at(0);
        kernel = compile_config(*context.session, desc, tmpl, tmpl.baseline(desc, target));
      }
    } catch (const std::exception& e) {
      state.SkipWithError(e.what());
      return;
    }
    if (!kernel) {
      state.SkipWithError(llvm::toString(kernel.takeError()).c_str());
      return;
    }
    cached = context.kernels.emplace(name, std::move(*kernel)).first;
  }
  Problem& problem = context.problem(desc);
  context.session->set_num_threads(threads);
  std::vector<halide_buffer_t*> buffers = problem.buffers();
  const int count = static_cast<int>(buffers.size());
  problem.poison_output();
  if (int code = cached->second.run(buffers.data(), count)) {
    state.SkipWithError(("Halide error " + std::to_string(code)).c_str());
    return;
  }
  const double error = problem.max_error();
  if (!(error <= problem.tolerance())) {
    state.SkipWithError(("wrong result, max error " + std::to_string(error)).c_str());
    return;
  }
  timed_loop(state, desc, threads, error,
             [&] { return cached->second.run(buffers.data(), count); });
}

template <typename Peer, typename Desc>
void run_onednn(benchmark::State& state, std::unique_ptr<Peer>& peer, Problem& problem,
                const Desc& desc, int threads) {
  try {
    if (!peer) peer = Peer::create(desc, problem, threads);
  } catch (const std::exception& e) {
    state.SkipWithError(e.what());
    return;
  }
  if (!peer) {
    state.SkipWithError("oneDNN has no implementation");
    return;
  }
  const double error = peer->check();
  timed_loop(state, desc, threads, error, [&] { return peer->run(); });
  state.SetLabel(peer->implementation());
}

void register_benchmarks(Context& context, const std::vector<int>& thread_counts) {
  for (int threads : thread_counts) {
    const std::string suffix = "/threads:" + std::to_string(threads);
    for (const char* text : kWorkloads) {
      std::shared_ptr<const OpDesc> desc(parse_op("softmax", text));
      const std::string prefix =
          (desc->op() == "softmax" ? "BM_Softmax/" : "BM_Reorder/") + desc->to_string() + "/";
      for (bool tuned : {false, true}) {
        if (tuned &&
            (!context.database || !best_current_record(*context.database, desc->key(),
                                                       target_key(*context.session), threads))) {
          continue;
        }
        const std::string name = prefix + (tuned ? "tuned" : "baseline") + suffix;
        benchmark::RegisterBenchmark(name.c_str(),
                                     [&context, name, desc, tuned, threads](benchmark::State& s) {
                                       run_kernelforge(s, context, name, *desc, tuned, threads);
                                     })
            ->UseRealTime()
            ->Unit(benchmark::kMicrosecond);
      }
      const std::string name = prefix + "onednn" + suffix;
      benchmark::RegisterBenchmark(
          name.c_str(),
          [&context, name, desc, threads](benchmark::State& s) {
            Problem& problem = context.problem(*desc);
            if (const auto* softmax = dynamic_cast<const SoftmaxDesc*>(desc.get())) {
              run_onednn(s, context.softmaxes[name], problem, *softmax, threads);
            } else {
              run_onednn(s, context.reorders[name], problem,
                         dynamic_cast<const ReorderDesc&>(*desc), threads);
            }
          })
          ->UseRealTime()
          ->Unit(benchmark::kMicrosecond);
      if (desc->op() != "softmax") continue;  // this XNNPACK has no transpose / reorder op
      const std::string xnnpack_name = prefix + "xnnpack" + suffix;
      benchmark::RegisterBenchmark(xnnpack_name.c_str(),
                                   [&context, xnnpack_name, desc, threads](benchmark::State& s) {
                                     context.xnnpack.run(s, xnnpack_name,
                                                         dynamic_cast<const SoftmaxDesc&>(*desc),
                                                         context.problem(*desc), threads);
                                   })
          ->UseRealTime()
          ->Unit(benchmark::kMicrosecond);
    }
  }
}

}  // namespace

}  // namespace kf::bench

int main(int argc, char** argv) {
  using namespace kf;
  const std::string threads_text = bench::take_flag(&argc, argv, "kf_threads", "1,2");
  if (!kf::bench::initialize(&argc, argv)) return 1;
  try {
    const std::vector<int> threads = bench::parse_thread_list(threads_text, true);
    std::unique_ptr<kf::JitSession> session = kf::bench::host_session();
    bench::Context context;
    context.session = std::move(session);
    if (const char* path = std::getenv("KF_BENCH_DB"); path && *path) {
      context.database = Database::open(path);
    }
    bench::register_benchmarks(context, threads);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "kf_softmax_bench: %s\n", e.what());
    return 1;
  }
  return 0;
}
