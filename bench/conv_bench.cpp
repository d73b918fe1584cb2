// kf_conv_bench: Google Benchmark suite of forward convolution over benchdnn network shape lists
// (ResNet-50 by default, batch 1, NHWC), comparing per layer and thread count:
//   baseline        the first applicable template's hand baseline()
//   winograd_f2/f4  the hand baselines of the Winograd templates (3x3 stride-1 NHWC or nChw16c
//                   layers)
//   tuned           the best record of the tuning database named by $KF_BENCH_DB, else the
//                   schedule recorded in bench/tuned_configs.h
//   onednn_direct   oneDNN 2.6 direct convolution (library-chosen layouts, see bench/peers/)
//   onednn_winograd oneDNN Winograd, registered only for layers oneDNN implements it for
//   xnnpack         XNNPACK convolution2d_nhwc_f32 (NHWC 1D/2D only, else skipped with the
//                   reason; weights packed at setup, see bench/peers/xnnpack_conv.h)
// Names read BM_Conv2d/resnet_50:res2a_branch2b/tuned/threads:1/real_time. Every kernel is
// compiled (or its primitive built) once per benchmark, outside the timed loop, in the one
// JitSession of the process, and checked against the reference before it is timed.
//
// Extra flags (before Google Benchmark's own): --kf_shapes=PATH (a benchdnn shape file),
// --kf_mb=N (batch override, default 1), --kf_threads=1,2 (thread counts),
// --kf_layout=nhwc|nchw|nchw16c (the user's layout of every layer, default nhwc; oneDNN gets the
// same tensors either way; with nchw16c both libraries work on blocked tensors, as chained layers
// would).
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "autotune/database.h"
#include "autotune/machine_peak.h"
#include "autotune/problem.h"
#include "autotune/tuner.h"
#include "bench/bench_common.h"
#include "bench/peers/onednn_conv.h"
#include "bench/tuned_configs.h"
#include "bench/xnnpack_bench.h"
#include "dsl/conv_desc.h"
#include "dsl/input_error.h"
#include "jit/jit_session.h"
#include "schedules/conv_template.h"
#include "schedules/op_template.h"

namespace kf::bench {

namespace {

enum class Variant { kBaseline, kWinogradF2, kWinogradF4, kTuned, kOnednnDirect, kOnednnWinograd };

const char* variant_name(Variant variant) {
  switch (variant) {
    case Variant::kBaseline:
      return "baseline";
    case Variant::kWinogradF2:
      return "winograd_f2";
    case Variant::kWinogradF4:
      return "winograd_f4";
    case Variant::kTuned:
      return "tuned";
    case Variant::kOnednnDirect:
      return "onednn_direct";
    default:
      return "onednn_winograd";
  }
}

/// What every benchmark of the process shares: the JIT session, the tuning database (if any),
/// one ConvProblem per workload, and compiled kernels and oneDNN primitives cached by benchmark
/// name, so that repetitions (and random interleaving) never recompile.
class BenchContext {
 public:
  explicit BenchContext(std::unique_ptr<JitSession> session) : session_(std::move(session)) {
    if (const char* path = std::getenv("KF_BENCH_DB"); path && *path) {
      database_ = Database::open(path);
    }
  }

  JitSession& session() { return *session_; }

  ConvProblem& problem(const ConvDesc& desc) {
    std::unique_ptr<ConvProblem>& problem = problems_[workload_key(desc)];
    if (!problem) problem = std::make_unique<ConvProblem>(desc);
    return *problem;
  }

  /// The tuned schedule of `desc` at `threads` and where it came from ("database", "table" or
  /// "table, 1-thread config"), or std::nullopt when neither source has one.
  std::optional<std::pair<TuningRecord, std::string>> tuned_record(const ConvDesc& desc,
                                                                   int threads) {
    const std::string key = workload_key(desc);
    if (database_) {
      if (auto best = best_current_record(*database_, desc.key(), target_key(*session_), threads)) {
        return std::make_pair(*best, std::string("database"));
      }
    }
    for (int wanted : {threads, 1}) {
      for (const TunedConfig& entry : kTunedConfigs) {
        if (key != entry.workload_key || entry.threads != wanted) continue;
        TuningRecord record;
        record.template_name = entry.template_name;
        record.template_version = entry.template_version;
        record.knobs = entry.knobs;
        return std::make_pair(record,
                              std::string(wanted == threads ? "table" : "table, 1-thread config"));
      }
    }
    return std::nullopt;
  }

  std::map<std::string, OpKernel>& kernels() { return kernels_; }
  std::map<std::string, std::unique_ptr<peers::OnednnConv>>& primitives() { return primitives_; }
  XnnpackPeers& xnnpack() { return xnnpack_; }

 private:
  std::unique_ptr<JitSession> session_;
  std::unique_ptr<Database> database_;
  std::map<std::string, std::unique_ptr<ConvProblem>> problems_;
  std::map<std::string, OpKernel> kernels_;
  std::map<std::string, std::unique_ptr<peers::OnednnConv>> primitives_;
  XnnpackPeers xnnpack_;
};

/// The template whose baseline `variant` times (the first applicable one for kBaseline), or
/// nullptr for a tuned record or a peer.
const Template* baseline_template(const ConvDesc& desc, Variant variant) {
  // Declared-blocked layers have no ConvTemplate: their direct template is a blocked one.
  const bool blocked = desc.layout == Layout::kNCHW16c;
  switch (variant) {
    case Variant::kBaseline:
      return blocked ? find_template("conv_direct_nchw16c") : conv_templates_for(desc).at(0);
    case Variant::kWinogradF2:
      return find_template(blocked ? "conv_winograd_f2_nchw16c" : "conv_winograd_f2_nhwc");
    case Variant::kWinogradF4:
      return find_template(blocked ? "conv_winograd_f4_nchw16c" : "conv_winograd_f4_nhwc");
    default:
      return nullptr;
  }
}

/// The template the schedule of `variant` belongs to, or nullptr when there is none.
const Template* variant_template(BenchContext& context, const ConvDesc& desc, Variant variant,
                                 int threads) {
  if (variant != Variant::kTuned) return baseline_template(desc, variant);
  const auto tuned = context.tuned_record(desc, threads);
  return tuned ? find_template(tuned->first.template_name) : nullptr;
}

/// Compiles the schedule `variant` names for `desc`. Halide's complaints, and a tuned record
/// that no longer fits its template, come back as llvm::Error.
llvm::Expected<OpKernel> compile_variant(BenchContext& context, const ConvDesc& desc,
                                         Variant variant, int threads) {
  JitSession& session = context.session();
  try {
    if (const Template* tmpl = baseline_template(desc, variant)) {
      return compile_config(session, desc, *tmpl, tmpl->baseline(desc, session.kernel_target()));
    }
    const auto tuned = context.tuned_record(desc, threads);
    if (!tuned) {
      return llvm::createStringError(llvm::inconvertibleErrorCode(), "no tuned schedule");
    }
    return compile_record(session, desc, tuned->first);
  } catch (const std::exception& e) {
    return llvm::createStringError(llvm::inconvertibleErrorCode(), e.what());
  }
}

/// "template knobs" of the schedule `variant` names, plus where a tuned one came from.
std::string schedule_label(BenchContext& context, const ConvDesc& desc, Variant variant,
                           int threads) {
  if (variant == Variant::kTuned) {
    const auto tuned = context.tuned_record(desc, threads);
    if (!tuned) return "";
    return tuned->first.template_name + " " + tuned->first.knobs + " (" + tuned->second + ")";
  }
  const Halide::Target& target = context.session().kernel_target();
  const Template& tmpl = *baseline_template(desc, variant);
  return tmpl.name() + " " + tmpl.knob_space(desc, target).encode(tmpl.baseline(desc, target));
}

/// Compiles (once) and times one of KernelForge's own schedules.
void run_kernelforge(benchmark::State& state, BenchContext& context, const std::string& name,
                     const ConvDesc& desc, Variant variant, int threads) {
  ConvProblem& problem = context.problem(desc);
  auto cached = context.kernels().find(name);
  if (cached == context.kernels().end()) {
    llvm::Expected<OpKernel> kernel = compile_variant(context, desc, variant, threads);
    if (!kernel) {
      state.SkipWithError(llvm::toString(kernel.takeError()).c_str());
      return;
    }
    cached = context.kernels().emplace(name, std::move(*kernel)).first;
  }
  OpKernel& kernel = cached->second;

  context.session().set_num_threads(threads);
  std::vector<halide_buffer_t*> buffers = problem.buffers();
  const int count = static_cast<int>(buffers.size());
  problem.poison_output();
  // Weights are packed once, outside the timed calls; the packing time is reported apart.
  const auto pack_start = std::chrono::steady_clock::now();
  int code = kernel.prepare(buffers.data(), count);
  const double pack_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - pack_start).count();
  if (code == 0) code = kernel.run(buffers.data(), count);
  if (code != 0) {
    state.SkipWithError(("Halide error " + std::to_string(code)).c_str());
    return;
  }
  const Template* tmpl = variant_template(context, desc, variant, threads);
  const double tolerance = tmpl ? tmpl->tolerance(desc) : problem.tolerance();
  const double error = problem.max_error();
  if (!(error <= tolerance)) {
    state.SkipWithError(("wrong result, max error " + std::to_string(error)).c_str());
    return;
  }
  timed_loop(state, desc, threads, error, [&] { return kernel.run(buffers.data(), count); });
  if (kernel.needs_prepare()) state.counters["pack_us"] = pack_seconds * 1e6;
  state.SetLabel(schedule_label(context, desc, variant, threads));
}

/// Builds (once) and times a oneDNN primitive.
void run_onednn(benchmark::State& state, BenchContext& context, const std::string& name,
                const ConvDesc& desc, peers::OnednnAlgorithm algorithm, int threads) {
  std::unique_ptr<peers::OnednnConv>& conv = context.primitives()[name];
  try {
    if (!conv) conv = peers::OnednnConv::create(context.problem(desc), threads, algorithm);
  } catch (const std::exception& e) {
    state.SkipWithError(e.what());
    return;
  }
  if (!conv) {
    state.SkipWithError("oneDNN has no implementation");
    return;
  }
  const double error = conv->check();
  timed_loop(state, desc, threads, error, [&] { return conv->run(); });
  state.SetLabel(conv->implementation());
}

/// Times JitSession::compile of the baseline schedule: lowering, LLVM codegen and loading into
/// ORC, each iteration from scratch (the kernel is unloaded again).
void run_compile(benchmark::State& state, BenchContext& context, const ConvDesc& desc) {
  const Halide::Target& target = context.session().kernel_target();
  const Template& tmpl = *baseline_template(desc, Variant::kBaseline);
  const Config config = tmpl.baseline(desc, target);
  for (auto _ : state) {
    llvm::Expected<OpKernel> kernel = compile_config(context.session(), desc, tmpl, config);
    if (!kernel) {
      state.SkipWithError(llvm::toString(kernel.takeError()).c_str());
      return;
    }
  }
}

/// Registers the compile-time benchmark of every layer, then every variant of every layer,
/// thread counts outermost in the order given, layer by layer so that the variants of one layer
/// run next to each other (JitSession::set_num_threads makes any order of counts valid).
void register_benchmarks(BenchContext& context, const std::vector<ShapeEntry>& entries,
                         const std::vector<int>& thread_counts) {
  for (const ShapeEntry& entry : entries) {
    const ConvDesc desc = entry.desc;
    const std::string name =
        "BM_JitCompile/" + (desc.name.empty() ? workload_key(desc) : desc.name);
    benchmark::RegisterBenchmark(
        name.c_str(), [&context, desc](benchmark::State& s) { run_compile(s, context, desc); })
        ->Iterations(3)
        ->Unit(benchmark::kMillisecond);
  }
  for (int threads : thread_counts) {
    const std::string suffix = "/threads:" + std::to_string(threads);
    for (const ShapeEntry& entry : entries) {
      const ConvDesc& desc = entry.desc;
      const std::string prefix = "BM_Conv" + std::to_string(desc.spatial_rank) + "d/" +
                                 (desc.name.empty() ? workload_key(desc) : desc.name) + "/";
      for (Variant variant :
           {Variant::kBaseline, Variant::kWinogradF2, Variant::kWinogradF4, Variant::kTuned}) {
        if (variant == Variant::kTuned && !context.tuned_record(desc, threads)) continue;
        const Template* tmpl = baseline_template(desc, variant);
        if (variant != Variant::kTuned && !(tmpl && tmpl->applicable(desc))) continue;
        const std::string name = prefix + variant_name(variant) + suffix;
        benchmark::RegisterBenchmark(name.c_str(),
                                     [&context, name, desc, variant, threads](benchmark::State& s) {
                                       run_kernelforge(s, context, name, desc, variant, threads);
                                     })
            ->UseRealTime()
            ->Unit(benchmark::kMicrosecond);
      }
      for (Variant variant : {Variant::kOnednnDirect, Variant::kOnednnWinograd}) {
        const auto algorithm = variant == Variant::kOnednnDirect
                                   ? peers::OnednnAlgorithm::kDirect
                                   : peers::OnednnAlgorithm::kWinograd;
        if (!peers::onednn_conv_implementation(desc, threads, algorithm)) continue;
        const std::string name = prefix + variant_name(variant) + suffix;
        benchmark::RegisterBenchmark(
            name.c_str(),
            [&context, name, desc, algorithm, threads](benchmark::State& s) {
              run_onednn(s, context, name, desc, algorithm, threads);
            })
            ->UseRealTime()
            ->Unit(benchmark::kMicrosecond);
      }
      const std::string xnnpack_name = prefix + "xnnpack" + suffix;
      benchmark::RegisterBenchmark(xnnpack_name.c_str(),
                                   [&context, xnnpack_name, desc, threads](benchmark::State& s) {
                                     context.xnnpack().run(s, xnnpack_name, desc,
                                                           context.problem(desc), threads);
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
  const std::string shapes = bench::take_flag(
      &argc, argv, "kf_shapes", std::string(KF_SHAPES_DIR) + "/conv/shapes_resnet_50");
  const std::string mb_text = bench::take_flag(&argc, argv, "kf_mb", "1");
  const std::string threads_text = bench::take_flag(&argc, argv, "kf_threads", "1,2");
  const std::string layout = bench::take_flag(&argc, argv, "kf_layout", "nhwc");

  // A shorter default than Google Benchmark's 0.5 s keeps the full run to a few minutes.
  if (!kf::bench::initialize(&argc, argv)) return 1;

  try {
    const int64_t mb = bench::parse_positive("--kf_mb", mb_text);
    const std::vector<int> threads = bench::parse_thread_list(threads_text);
    std::vector<ShapeEntry> entries = read_conv_shape_file(shapes, mb);
    for (ShapeEntry& entry : entries) entry.desc.set_layout(layout);
    std::unique_ptr<kf::JitSession> session = kf::bench::host_session();
    bench::BenchContext context(std::move(session));
    bench::register_benchmarks(context, entries, threads);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "kf_conv_bench: %s\n", e.what());
    return 1;
  }
  return 0;
}
