// kf_norm_bench: normalisation kernels (bnorm, lnorm, rmsnorm, gnorm, inorm) on a representative
// subset of benchdnn's shape lists, at 1 and 2 threads, against oneDNN where it has the op.
//
// Variants per workload:
//   baseline  the first applicable template's hand baseline
//   tuned     the best record of the database named by KF_BENCH_DB (when it has one)
//   onednn    oneDNN 2.6.3 (bnorm; lnorm over the last dim only)
// Names read BM_Norm/bnorm:resnet_50:bn2a_branch1_nhwc/baseline/threads:1/real_time. Counters:
// bytes_per_second (one read of every input, one write of the output: OpDesc::min_bytes), the
// bandwidth_fraction of STREAM on this machine (16 GB/s on 1 core, 31 GB/s on 2) and max_error.
// Every kernel is compiled once, outside the timed loop, and checked before it is timed.
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
#include "bench/peers/onednn_norm.h"
#include "dsl/norm_desc.h"
#include "jit/jit_session.h"
#include "schedules/op_template.h"

namespace kf::bench {

namespace {

/// The workloads: descriptors of benchdnn's lists (batch reduced where the list's is large).
std::vector<std::pair<std::string, std::string>> workloads() {
  std::vector<std::pair<std::string, std::string>> list;
  for (const char* layout : {"nhwc", "nchw"}) {
    for (const char* bn : {"mb2ic64ih112iw112_n\"resnet_50:bn_conv1\"",
                           "mb2ic256ih56iw56_n\"resnet_50:bn2a_branch1\"",
                           "mb2ic512ih28iw28_n\"resnet_50:bn3a_branch1\"",
                           "mb2ic2048ih7iw7_n\"resnet_50:bn5a_branch1\""}) {
      list.push_back({"bnorm", std::string(layout) + "_" + bn});
    }
    for (const char* gn :
         {"g256mb6ic256id2ih28iw28_n\"unet3d:in2\"", "g320mb2ic320id10ih14iw14_n\"unet3d:in3\"",
          "g5mb2ic10id9ih10iw10_n\"gnorm_all:3d\"", "g32mb2ic64ih56iw56_n\"gnorm:32x64x56x56\""}) {
      list.push_back({"gnorm", std::string(layout) + "_" + gn});
    }
  }
  for (const char* ln :
       {"256x768", "5120x1024", "128x40x1024", "6x2x128x1024", "30x300", "2x56x56x64_nd3"}) {
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

void run_kernelforge(benchmark::State& state, BenchContext& context, const std::string& name,
                     const OpDesc& desc, bool tuned, int threads) {
  Problem& problem = context.problem(desc);
  auto cached = context.kernels().find(name);
  std::string label;
  if (cached == context.kernels().end()) {
    llvm::Expected<OpKernel> kernel = llvm::createStringError(llvm::inconvertibleErrorCode(), "");
    try {
      if (tuned) {
        const auto best =
            context.database()->best(desc.key(), target_key(context.session()), threads);
        kernel = compile_record(context.session(), desc, *best);
      } else {
        const Template& tmpl = *templates_for(desc).at(0);
        kernel = compile_config(context.session(), desc, tmpl,
                                tmpl.baseline(desc, context.session().kernel_target()));
      }
    } catch (const std::exception& e) {
      llvm::consumeError(kernel.takeError());
      state.SkipWithError(e.what());
      return;
    }
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
      if (context.database() &&
          context.database()->best(desc->key(), target_key(context.session()), threads)) {
        variants.push_back("tuned");
      }
      for (const std::string& variant : variants) {
        const std::string name = prefix + variant + suffix;
        const bool tuned = variant == "tuned";
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
  std::vector<char*> args(argv, argv + argc);
  std::string min_time = "--benchmark_min_time=0.2";
  bool has_min_time = false;
  for (int i = 1; i < argc; ++i) {
    has_min_time |= std::string(argv[i]).rfind("--benchmark_min_time", 0) == 0;
  }
  if (!has_min_time) args.push_back(min_time.data());
  int args_count = static_cast<int>(args.size());
  benchmark::Initialize(&args_count, args.data());
  if (benchmark::ReportUnrecognizedArguments(args_count, args.data())) return 1;
  try {
    auto session = kf::JitSession::create(Halide::get_host_target());
    if (!session) {
      std::fprintf(stderr, "kf_norm_bench: %s\n", llvm::toString(session.takeError()).c_str());
      return 1;
    }
    kf::bench::BenchContext context(std::move(*session));
    // Ascending thread counts: Halide 14 workers, once created, keep taking tasks.
    kf::bench::register_benchmarks(context, {1, 2});
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "kf_norm_bench: %s\n", e.what());
    return 1;
  }
  return 0;
}
