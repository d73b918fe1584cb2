// kf_deconv_bench: transposed convolution, KernelForge against oneDNN, over a benchdnn deconv
// shape list (default ${KF_SHAPES_DIR}/deconv/shapes_2d) at batch 1, for 1 and 2 threads.
//
// Variants per layer:
//   baseline  the applicable template's hand baseline()
//   tuned     the schedule from $KF_BENCH_DB (a kforge database) or else from kTunedDeconv below
//   onednn_direct    oneDNN 2.6 deconvolution_forward, deconvolution_direct (library-chosen
//                    layouts, see bench/peers/)
//   onednn_winograd  the same with deconvolution_winograd, registered only for layers oneDNN
//                    implements it for
//   xnnpack   XNNPACK deconvolution2d_nhwc_f32 (NHWC 1D/2D only, else skipped with the reason;
//             weights packed at setup, see bench/peers/xnnpack_deconv.h)
// Names read BM_Deconv2d/googlenet_v1:inception_3a/1x1/tuned/threads:1/real_time. Kernels are
// compiled (primitives built) once, outside the timed loop, and checked against the reference.
// Flags (before Google Benchmark's own): --kf_shapes=PATH, --kf_mb=N, --kf_threads=1,2.
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
#include "bench/deconv_tuned_configs.h"
#include "bench/peers/onednn_deconv.h"
#include "bench/xnnpack_bench.h"
#include "dsl/deconv_desc.h"
#include "jit/jit_session.h"
#include "schedules/deconv_template.h"

namespace kf::bench {
namespace {

enum class Variant { kBaseline, kTuned, kOnednnDirect, kOnednnWinograd };
const char* const kVariantNames[] = {"baseline", "tuned", "onednn_direct", "onednn_winograd"};

class Context {
 public:
  explicit Context(std::unique_ptr<JitSession> session) : session_(std::move(session)) {
    if (const char* path = std::getenv("KF_BENCH_DB"); path && *path) {
      database_ = Database::open(path);
    }
  }
  // The kernels' code lives in the session's JIT memory: unload them before the session goes.
  ~Context() { kernels.clear(); }
  JitSession& session() { return *session_; }

  Problem& problem(const DeconvDesc& desc) {
    std::unique_ptr<Problem>& p = problems_[desc.key()];
    if (!p) p = std::make_unique<Problem>(desc);
    return *p;
  }

  std::optional<TuningRecord> tuned(const DeconvDesc& desc, int threads) {
    if (database_) {
      if (auto best = best_current_record(*database_, desc.key(), target_key(*session_), threads))
        return best;
    }
    for (int wanted : {threads, 1}) {
      for (const TunedDeconv& t : kTunedDeconv) {
        if (desc.key() != t.key || t.threads != wanted) continue;
        TuningRecord record;
        record.template_name = t.template_name;
        record.template_version = t.template_version;
        record.knobs = t.knobs;
        return record;
      }
    }
    return std::nullopt;
  }

  std::map<std::string, OpKernel> kernels;
  std::map<std::string, double> tolerances;  ///< each kernel's template's error bound
  std::map<std::string, std::unique_ptr<peers::OnednnDeconv>> primitives;
  XnnpackPeers xnnpack;

 private:
  std::unique_ptr<JitSession> session_;
  std::unique_ptr<Database> database_;
  std::map<std::string, std::unique_ptr<Problem>> problems_;
};

// Compiles the variant's kernel; `tolerance` receives its template's error bound.
llvm::Expected<OpKernel> compile(Context& context, const DeconvDesc& desc, Variant variant,
                                 int threads, std::string* label, double* tolerance) {
  try {
    const Halide::Target& target = context.session().kernel_target();
    if (variant == Variant::kBaseline) {
      const DeconvTemplate& tmpl = *deconv_templates_for(desc).at(0);
      const Config config = tmpl.baseline(desc, target);
      *label = tmpl.name() + " " + tmpl.knob_space(desc, target).encode(config);
      *tolerance = tmpl.tolerance(desc);
      return compile_config(context.session(), desc, tmpl, config);
    }
    const std::optional<TuningRecord> record = context.tuned(desc, threads);
    if (!record) return llvm::createStringError(llvm::inconvertibleErrorCode(), "not tuned");
    *label = record->template_name + " " + record->knobs;
    const Template* tmpl = find_template(record->template_name);
    *tolerance = tmpl ? tmpl->tolerance(desc) : desc.tolerance();
    return compile_record(context.session(), desc, *record);
  } catch (const std::exception& e) {
    return llvm::createStringError(llvm::inconvertibleErrorCode(), e.what());
  }
}

void run_ours(benchmark::State& state, Context& context, const std::string& name,
              const DeconvDesc& desc, Variant variant, int threads) {
  Problem& problem = context.problem(desc);
  std::string label;
  double& tolerance = context.tolerances[name];
  auto cached = context.kernels.find(name);
  if (cached == context.kernels.end()) {
    llvm::Expected<OpKernel> kernel = compile(context, desc, variant, threads, &label, &tolerance);
    if (!kernel) {
      state.SkipWithError(llvm::toString(kernel.takeError()).c_str());
      return;
    }
    cached = context.kernels.emplace(name, std::move(*kernel)).first;
  }
  context.session().set_num_threads(threads);
  std::vector<halide_buffer_t*> buffers = problem.buffers();
  const int count = static_cast<int>(buffers.size());
  problem.poison_output();
  // Weights are packed once, ahead of the timed calls (as oneDNN's reorder is); the packing
  // time is reported as its own counter.
  const auto pack_start = std::chrono::steady_clock::now();
  if (cached->second.prepare(buffers.data(), count) != 0) {
    state.SkipWithError("weight packing failed");
    return;
  }
  const double pack_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - pack_start).count();
  if (cached->second.run(buffers.data(), count) != 0 || !(problem.max_error() <= tolerance)) {
    state.SkipWithError("wrong result or kernel error");
    return;
  }
  timed_loop(state, desc, threads, problem.max_error(),
             [&] { return cached->second.run(buffers.data(), count); });
  if (cached->second.needs_prepare()) state.counters["pack_us"] = pack_seconds * 1e6;
  state.SetLabel(label);
}

void run_onednn(benchmark::State& state, Context& context, const std::string& name,
                const DeconvDesc& desc, int threads, peers::OnednnAlgorithm algorithm) {
  std::unique_ptr<peers::OnednnDeconv>& deconv = context.primitives[name];
  try {
    if (!deconv) {
      deconv = peers::OnednnDeconv::create(desc, context.problem(desc), threads, algorithm);
    }
  } catch (const std::exception& e) {
    state.SkipWithError(e.what());
    return;
  }
  if (!deconv) {
    state.SkipWithError("oneDNN has no implementation");
    return;
  }
  const double error = deconv->check();
  timed_loop(state, desc, threads, error, [&] { return deconv->run(); });
  state.SetLabel(deconv->implementation());
}

// Thread counts ascending, outermost (see conv_bench.cpp: Halide workers never retire).
void register_all(Context& context, const std::vector<OpEntry>& entries,
                  const std::vector<int>& thread_counts) {
  for (int threads : thread_counts) {
    for (const OpEntry& entry : entries) {
      const DeconvDesc desc = static_cast<const DeconvDesc&>(*entry.desc);
      const std::string prefix = "BM_Deconv" + std::to_string(desc.spatial_rank) + "d/" +
                                 (desc.name.empty() ? workload_key(desc) : desc.name) + "/";
      const std::string suffix = "/threads:" + std::to_string(threads);
      for (Variant v : {Variant::kBaseline, Variant::kTuned, Variant::kOnednnDirect,
                        Variant::kOnednnWinograd}) {
        if (v == Variant::kTuned && !context.tuned(desc, threads)) continue;
        const bool onednn = v == Variant::kOnednnDirect || v == Variant::kOnednnWinograd;
        const auto algorithm = v == Variant::kOnednnWinograd ? peers::OnednnAlgorithm::kWinograd
                                                             : peers::OnednnAlgorithm::kDirect;
        if (v == Variant::kOnednnWinograd &&
            !peers::onednn_deconv_implementation(desc, threads, algorithm)) {
          continue;
        }
        const std::string name = prefix + kVariantNames[static_cast<int>(v)] + suffix;
        benchmark::RegisterBenchmark(
            name.c_str(),
            [&context, name, desc, v, onednn, algorithm, threads](benchmark::State& s) {
              if (onednn) {
                run_onednn(s, context, name, desc, threads, algorithm);
              } else {
                run_ours(s, context, name, desc, v, threads);
              }
            })
            ->UseRealTime()
            ->Unit(benchmark::kMicrosecond);
      }
      const std::string xnnpack_name = prefix + "xnnpack" + suffix;
      benchmark::RegisterBenchmark(xnnpack_name.c_str(),
                                   [&context, xnnpack_name, desc, threads](benchmark::State& s) {
                                     context.xnnpack.run(s, xnnpack_name, desc,
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
  const std::string shapes =
      bench::take_flag(&argc, argv, "kf_shapes", std::string(KF_SHAPES_DIR) + "/deconv/shapes_2d");
  const std::string mb = bench::take_flag(&argc, argv, "kf_mb", "1");
  const std::string threads_text = bench::take_flag(&argc, argv, "kf_threads", "1,2");
  if (!kf::bench::initialize(&argc, argv)) return 1;
  try {
    const std::vector<int> threads = bench::parse_thread_list(threads_text);
    const std::vector<OpEntry> entries =
        parse_op_list("deconv", shapes, bench::parse_positive("--kf_mb", mb));
    std::unique_ptr<kf::JitSession> session = kf::bench::host_session();
    bench::Context context(std::move(session));
    bench::register_all(context, entries, threads);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "kf_deconv_bench: %s\n", e.what());
    return 1;
  }
  return 0;
}
