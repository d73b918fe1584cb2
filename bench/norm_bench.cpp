// kf_norm_bench: normalisation kernels (bnorm, lnorm, rmsnorm, gnorm) on every shape of
// benchdnn's bnorm/shapes_resnet_50, lnorm/shapes_ci and gnorm/shapes_ci plus a few larger ones,
// at 1 and 2 threads, against oneDNN where it has the op.
//
// Variants per workload:
//   baseline  the first applicable template's hand baseline
//   tuned     the best record of the database named by KF_BENCH_DB (when it has one)
//   onednn    oneDNN 2.6.3 (bnorm; lnorm over the last dim only)
// Names read BM_Norm/bnorm:resnet_50:bn2a_branch1_nhwc/baseline/threads:1/real_time. Counters:
// bytes_per_second (one read of every input, one write of the output: OpDesc::min_bytes), the
// bandwidth_fraction of STREAM on this machine (16 GB/s on 1 core, 31 GB/s on 2) and max_error.
// Every kernel is compiled once, outside the timed loop, and checked before it is timed.
//
// Extra flag (before Google Benchmark's own): --kf_threads=1,2 (ascending thread counts).
#include <benchmark/benchmark.h>

#include <algorithm>
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
#include "bench/peers/onednn_norm.h"
#include "dsl/norm_desc.h"
#include "jit/jit_session.h"
#include "schedules/op_template.h"

namespace kf::bench {

namespace {

/// The workloads: every line of benchdnn's bnorm/shapes_resnet_50 (at its batch of 50),
/// lnorm/shapes_ci and gnorm/shapes_ci, bnorm and gnorm in both layouts, plus a few larger
/// lnorm, rmsnorm and gnorm shapes (transformer rows, 3D U-Net group norms).
std::vector<std::pair<std::string, std::string>> workloads() {
  std::vector<std::pair<std::string, std::string>> list;
  for (const char* layout : {"nhwc", "nchw"}) {
    for (const char* bn : {"mb50ic64ih112iw112_n\"resnet_50:bn_conv1\"",
                           "mb50ic256ih56iw56_n\"resnet_50:bn2a_branch1\"",
                           "mb50ic64ih56iw56_n\"resnet_50:bn2a_branch2a\"",
                           "mb50ic512ih28iw28_n\"resnet_50:bn3a_branch1\"",
                           "mb50ic128ih28iw28_n\"resnet_50:bn3a_branch2a\"",
                           "mb50ic1024ih14iw14_n\"resnet_50:bn4a_branch1\"",
                           "mb50ic256ih14iw14_n\"resnet_50:bn4a_branch2a\"",
                           "mb50ic2048ih7iw7_n\"resnet_50:bn5a_branch1\"",
                           "mb50ic512ih7iw7_n\"resnet_50:bn5a_branch2a\""}) {
      list.push_back({"bnorm", std::string(layout) + "_" + bn});
    }
    for (const char* gn :
         {"g2mb2ic2iw4_n\"gnorm_ci_1d:1\"", "g7mb2ic7ih3iw4_n\"gnorm_ci_2d:1\"",
          "g5mb2ic5id9ih1iw10_n\"gnorm_ci_3d:1\"", "g1mb2ic2iw4_n\"gnorm_ci_1d:2\"",
          "g2mb2ic8ih3iw4_n\"gnorm_ci_2d:2\"", "g5mb2ic10id9ih1iw10_n\"gnorm_ci_3d:2\"",
          "g5mb2ic40id2ih1iw5_n\"gnorm_ci_3d:3\"", "g5mb2ic80id2ih1iw5_n\"gnorm_ci_3d:4\"",
          "g1mb1ic128ih2iw2_n\"gnorm_ci_2d:3\"", "g2mb2ic30ih1iw1_n\"gnorm_ci_2d:4\"",
          "g256mb6ic256id2ih28iw28_n\"unet3d:in2\"", "g320mb2ic320id10ih14iw14_n\"unet3d:in3\"",
          "g32mb2ic64ih56iw56_n\"gnorm:32x64x56x56\""}) {
      list.push_back({"gnorm", std::string(layout) + "_" + gn});
    }
  }
  for (const char* ln : {"15x3", "30x300", "256x768", "257x768", "128x1x1024", "6x2x128x1024",
                         "5120x1024", "128x40x1024", "2x56x56x64_nd3"}) {
    list.push_back({"lnorm", ln});
  }
  for (const char* rms : {"5120x1024", "128x40x1024"}) list.push_back({"rmsnorm", rms});
  return list;
}

class BenchContext {
 public:
  explicit BenchContext(std::unique_ptr<JitSession> session) : session_(std::move(session)) {
    if (const char* path = std::getenv("KF_BENCH_DB"); path && *path) {
      database_ = Database::open(path);
    }
  }
  JitSession& session() { return *session_; }
  Database* database() { return database_.get(); }
  Problem& problem(const OpDesc& desc) {
    std::unique_ptr<Problem>& p = problems_[desc.key()];
    if (!p) p = std::make_unique<Problem>(desc);
    return *p;
  }
  std::map<std::string, OpKernel>& kernels() { return kernels_; }
  std::map<std::string, std::unique_ptr<peers::OnednnNorm>>& primitives() { return primitives_; }

 private:
  std::unique_ptr<JitSession> session_;
  std::unique_ptr<Database> database_;
  std::map<std::string, std::unique_ptr<Problem>> problems_;
  std::map<std::string, OpKernel> kernels_;
  std::map<std::string, std::unique_ptr<peers::OnednnNorm>> primitives_;
};

/// Compiles the baseline (or the database's best when `tuned`) kernel of `desc`.
llvm::Expected<OpKernel> compile_kernel(BenchContext& context, const OpDesc& desc, bool tuned,
                                        int threads) {
  try {
    if (tuned) {
      const auto best = best_current_record(*context.database(), desc.key(),
                                            target_key(context.session()), threads);
      return compile_record(context.session(), desc, *best);
    }
    const Template& tmpl = *templates_for(desc).at(0);
    return compile_config(context.session(), desc, tmpl,
                          tmpl.baseline(desc, context.session().kernel_target()));
  } catch (const std::exception& e) {
    return llvm::createStringError(llvm::inconvertibleErrorCode(), e.what());
  }
}

void run_kernelforge(benchmark::State& state, BenchContext& context, const std::string& name,
                     const OpDesc& desc, bool tuned, int threads) {
  Problem& problem = context.problem(desc);
  auto cached = context.kernels().find(name);
  if (cached == context.kernels().end()) {
    llvm::Expected<OpKernel> kernel = compile_kernel(context, desc, tuned, threads);
    if (!kernel) {
      state.SkipWithError(llvm::toString(kernel.takeError()).c_str());
      return;
    }
    cached = context.kernels().emplace(name, std::move(*kernel)).first;
  }
  const OpKernel& kernel = cached->second;
  context.session().set_num_threads(threads);
  std::vector<halide_buffer_t*> buffers = problem.buffers();
  const int count = static_cast<int>(buffers.size());
  problem.poison_output();
  if (int code = kernel.run(buffers.data(), count)) {
    state.SkipWithError(("Halide error " + std::to_string(code)).c_str());
    return;
  }
  const double error = problem.max_error();
  if (!(error <= problem.tolerance())) {
    state.SkipWithError(("wrong result, max error " + std::to_string(error)).c_str());
    return;
  }
  timed_loop(state, desc, threads, error, [&] { return kernel.run(buffers.data(), count); });
}

void run_onednn(benchmark::State& state, BenchContext& context, const std::string& name,
                const OpDesc& desc, int threads) {
  std::unique_ptr<peers::OnednnNorm>& norm = context.primitives()[name];
  try {
    if (!norm) norm = peers::OnednnNorm::create(context.problem(desc), threads);
  } catch (const std::exception& e) {
    state.SkipWithError(e.what());
    return;
  }
  if (!norm) {
    state.SkipWithError("oneDNN has no implementation");
    return;
  }
  const double error = norm->check();
  timed_loop(state, desc, threads, error, [&] { return norm->run(); });
  state.SetLabel(norm->implementation());
}

void register_benchmarks(BenchContext& context, const std::vector<int>& thread_counts) {
  std::vector<std::shared_ptr<const OpDesc>> descs;
  for (const auto& [op, text] : workloads()) descs.push_back(parse_op(op, text));
  for (int threads : thread_counts) {
    const std::string suffix = "/threads:" + std::to_string(threads);
    for (const auto& desc : descs) {
      const auto* norm = dynamic_cast<const NormDesc*>(desc.get());
      std::string label = desc->op() + ":" + (norm->name.empty() ? desc->to_string() : norm->name);
      if (!norm->row_wise()) label += norm->layout == NormLayout::kNHWC ? "_nhwc" : "_nchw";
      const std::string prefix = "BM_Norm/" + label + "/";
      std::vector<std::string> variants = {"baseline"};
      if (context.database() && best_current_record(*context.database(), desc->key(),
                                                    target_key(context.session()), threads)) {
        variants.push_back("tuned");
      }
      for (const std::string& variant : variants) {
        const std::string name = prefix + variant + suffix;
        const bool tuned = variant == "tuned";
        // Compiled now, before any tensor is allocated: with RuntimeDyld's small code model, a
        // kernel mapped more than 2 GB away from the Halide runtime (after the batch-50 tensors
        // took the address space in between) crashed on an overflowed RIP-relative reference.
        if (llvm::Expected<OpKernel> kernel = compile_kernel(context, *desc, tuned, threads)) {
          context.kernels().emplace(name, std::move(*kernel));
        } else {
          llvm::consumeError(kernel.takeError());  // reported by the benchmark itself
        }
        benchmark::RegisterBenchmark(name.c_str(),
                                     [&context, name, desc, tuned, threads](benchmark::State& s) {
                                       run_kernelforge(s, context, name, *desc, tuned, threads);
                                     })
            ->UseRealTime()
            ->Unit(benchmark::kMicrosecond);
      }
      if (!peers::onednn_has_norm(*norm)) continue;
      const std::string name = prefix + "onednn" + suffix;
      benchmark::RegisterBenchmark(name.c_str(),
                                   [&context, name, desc, threads](benchmark::State& s) {
                                     run_onednn(s, context, name, *desc, threads);
                                   })
          ->UseRealTime()
          ->Unit(benchmark::kMicrosecond);
    }
  }
}

}  // namespace

}  // namespace kf::bench

int main(int argc, char** argv) {
  const std::string threads_text = kf::bench::take_flag(&argc, argv, "kf_threads", "1,2");
  if (!kf::bench::initialize(&argc, argv)) return 1;
  try {
    std::unique_ptr<kf::JitSession> session = kf::bench::host_session();
    kf::bench::BenchContext context(std::move(session));
    // Ascending thread counts: Halide 14 workers, once created, keep taking tasks.
    const std::vector<int> threads = kf::bench::parse_thread_list(threads_text, true);
    kf::bench::register_benchmarks(context, threads);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "kf_norm_bench: %s\n", e.what());
    return 1;
  }
  return 0;
}
