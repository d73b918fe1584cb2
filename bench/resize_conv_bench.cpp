// kf_resize_conv_bench: resize-convolution (2x upsample then 3x3 conv) on the upsampling layers
// of a U-Net / GAN decoder, KernelForge's fused kernel against oneDNN doing the same thing as a
// oneDNN user would, and against a transposed convolution of the same output size.
//
// Variants per layer:
//   baseline      our fused kernel, the template's hand baseline()
//   tuned         our fused kernel with the schedule from $KF_BENCH_DB (a kforge database)
//   onednn        oneDNN resampling_forward (nearest/linear) + convolution_forward, both timed
//   onednn_conv   oneDNN's convolution alone on an already upsampled tensor (the lower bound of
//                 the unfused approach: what the resampling pass adds is the difference)
//   deconv_k4s2   transposed conv k4 s2 p1 with the same channels and output size (the layer
//                 resize-conv replaces), our deconv baseline and oneDNN's (deconv_k4s2_onednn);
//                 its FLOPS counter counts its own (fewer) multiply-adds
// Names read BM_ResizeConv/dec:up28_nearest/baseline/threads:1/real_time. Every kernel is
// compiled (primitives built) once, outside the timed loop, and checked against the reference.
// Flags (before Google Benchmark's own): --kf_threads=1,2 (default 1).
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "autotune/database.h"
#include "autotune/problem.h"
#include "autotune/tuner.h"
#include "bench/bench_common.h"
#include "bench/peers/onednn_conv.h"
#include "bench/peers/onednn_deconv.h"
#include "bench/peers/onednn_resize_conv.h"
#include "dsl/deconv_desc.h"
#include "dsl/resize_conv_desc.h"
#include "jit/jit_session.h"
#include "schedules/op_template.h"

namespace kf::bench {
namespace {

// Decoder upsampling layers: name, channels in/out, input size (the output is twice as large).
struct Layer {
  const char* name;
  int ic, oc, in;
};
const Layer kLayers[] = {
    {"dec:up28", 256, 128, 14},
    {"dec:up56", 128, 64, 28},
    {"dec:up112", 64, 64, 56},
};

std::string resize_text(const Layer& l, const char* mode) {
  return "mb1ic" + std::to_string(l.ic) + "ih" + std::to_string(l.in) + "oc" +
         std::to_string(l.oc) + "kh3ph1_up2_" + mode + "_nhwc";
}

// The transposed convolution of the same shape: k4 s2 p1 gives out = 2 * in.
std::string deconv_text(const Layer& l) {
  return "mb1ic" + std::to_string(l.ic) + "ih" + std::to_string(l.in) + "oc" +
         std::to_string(l.oc) + "kh4sh2ph1_nhwc";
}

// A compiled kernel of ours: `prepare` packs its weights once (outside the timed loop; a no-op
// for kernels without packing stages), `run` computes.
struct Runner {
  std::function<int(halide_buffer_t**, int)> prepare, run;
  explicit operator bool() const { return bool(run); }
};

// Kernels with weight-packing stages have prepare(); others need none.
template <typename Kernel>
auto prepare_kernel(Kernel& kernel, halide_buffer_t** buffers, int count, int)
    -> decltype(kernel.prepare(buffers, count)) {
  return kernel.prepare(buffers, count);
}
template <typename Kernel>
int prepare_kernel(Kernel&, halide_buffer_t**, int, long) {
  return 0;
}

class Context {
 public:
  explicit Context(std::unique_ptr<JitSession> session) : session_(std::move(session)) {
    if (const char* path = std::getenv("KF_BENCH_DB"); path && *path) {
      database_ = Database::open(path);
    }
  }
  // Kernels and primitives go before the session whose JIT memory holds the kernels' code.
  ~Context() {
    kernels.clear();
    peer_objects.clear();
  }
  JitSession& session() { return *session_; }

  Problem& problem(const OpDesc& desc) {
    std::unique_ptr<Problem>& p = problems_[desc.key()];
    if (!p) p = std::make_unique<Problem>(desc);
    return *p;
  }

  ConvProblem& conv_problem(const ConvDesc& desc) {
    std::unique_ptr<ConvProblem>& p = conv_problems_[desc.key()];
    if (!p) p = std::make_unique<ConvProblem>(desc);
    return *p;
  }

  std::optional<TuningRecord> tuned(const OpDesc& desc, int threads) {
    if (!database_) return std::nullopt;
    return best_current_record(*database_, desc.key(), target_key(*session_), threads);
  }

  std::map<std::string, Runner> kernels;
  std::map<std::string, std::shared_ptr<void>> peer_objects;

 private:
  std::unique_ptr<JitSession> session_;
  std::unique_ptr<Database> database_;
  std::map<std::string, std::unique_ptr<Problem>> problems_;
  std::map<std::string, std::unique_ptr<ConvProblem>> conv_problems_;
};

template <typename Expected>
Runner as_runner(Expected kernel) {
  auto shared = std::make_shared<std::decay_t<decltype(*kernel)>>(std::move(*kernel));
  return Runner{
      [shared](halide_buffer_t** buffers, int count) {
        return prepare_kernel(*shared, buffers, count, 0);
      },
      [shared](halide_buffer_t** buffers, int count) { return shared->run(buffers, count); }};
}

// Compiles the baseline of `desc`'s first template, or its tuned record; empty on failure.
Runner compile(Context& context, const OpDesc& desc, bool tuned, int threads, std::string* label,
               std::string* error) {
  try {
    const Halide::Target& target = context.session().kernel_target();
    if (!tuned) {
      const Template& tmpl = *templates_for(desc).at(0);
      const Config config = tmpl.baseline(desc, target);
      *label = tmpl.name() + " " + tmpl.knob_space(desc, target).encode(config);
      auto kernel = compile_config(context.session(), desc, tmpl, config);
      if (!kernel) {
        *error = llvm::toString(kernel.takeError());
        return Runner{};
      }
      return as_runner(std::move(kernel));
    }
    const std::optional<TuningRecord> record = context.tuned(desc, threads);
    *label = record->template_name + " " + record->knobs;
    auto kernel = compile_record(context.session(), desc, *record);
    if (!kernel) {
      *error = llvm::toString(kernel.takeError());
      return Runner{};
    }
    return as_runner(std::move(kernel));
  } catch (const std::exception& e) {
    *error = e.what();
    return Runner{};
  }
}

void run_ours(benchmark::State& state, Context& context, const std::string& name,
              const OpDesc& desc, bool tuned, int threads) {
  Problem& problem = context.problem(desc);
  std::string label, error;
  Runner& runner = context.kernels[name];
  if (!runner) runner = compile(context, desc, tuned, threads, &label, &error);
  if (!runner) {
    state.SkipWithError(error.c_str());
    return;
  }
  context.session().set_num_threads(threads);
  std::vector<halide_buffer_t*> buffers = problem.buffers();
  const int count = static_cast<int>(buffers.size());
  problem.poison_output();
  if (runner.prepare(buffers.data(), count) != 0 || runner.run(buffers.data(), count) != 0 ||
      !(problem.max_error() <= problem.tolerance())) {
    state.SkipWithError("wrong result or kernel error");
    return;
  }
  timed_loop(state, desc, threads, problem.max_error(),
             [&] { return runner.run(buffers.data(), count); });
  state.SetLabel(label);
}

// Builds (once) and times a bound oneDNN peer: `make` returns the peer or nullptr.
template <typename Make>
void run_peer(benchmark::State& state, Context& context, const std::string& name,
              const OpDesc& desc, int threads, const Make& make) {
  std::shared_ptr<void>& object = context.peer_objects[name];
  using Peer = typename decltype(make())::element_type;
  try {
    if (!object) object = std::shared_ptr<Peer>(make().release());
  } catch (const std::exception& e) {
    state.SkipWithError(e.what());
    return;
  }
  auto* peer = static_cast<Peer*>(object.get());
  if (!peer) {
    state.SkipWithError("oneDNN has no implementation");
    return;
  }
  const double error = peer->check();
  timed_loop(state, desc, threads, error, [&] { return peer->run(); });
  state.SetLabel(peer->implementation());
}

void add(const std::string& name, std::function<void(benchmark::State&)> body) {
  benchmark::RegisterBenchmark(name.c_str(), std::move(body))
      ->UseRealTime()
      ->Unit(benchmark::kMicrosecond);
}

void register_all(Context& context, const std::vector<int>& thread_counts) {
  for (int threads : thread_counts) {
    const std::string suffix = "/threads:" + std::to_string(threads);
    for (const Layer& layer : kLayers) {
      for (const char* mode : {"nearest", "bilinear"}) {
        const ResizeConvDesc desc = parse_resize_conv(resize_text(layer, mode));
        const std::string prefix = "BM_ResizeConv/" + std::string(layer.name) + "_" + mode + "/";
        add(prefix + "baseline" + suffix,
            [&context, desc, threads, name = prefix + "b" + suffix](benchmark::State& s) {
              run_ours(s, context, name, desc, false, threads);
            });
        if (context.tuned(desc, threads)) {
          add(prefix + "tuned" + suffix,
              [&context, desc, threads, name = prefix + "t" + suffix](benchmark::State& s) {
                run_ours(s, context, name, desc, true, threads);
              });
        }
        add(prefix + "onednn" + suffix,
            [&context, desc, threads, name = prefix + "o" + suffix](benchmark::State& s) {
              run_peer(s, context, name, desc, threads, [&] {
                return peers::OnednnResizeConv::create(desc, context.problem(desc), threads);
              });
            });
        if (std::string(mode) != "nearest") continue;
        // The convolution alone on the upsampled tensor, counted with the same FLOPs.
        const ConvDesc conv = desc.conv;
        add(prefix + "onednn_conv" + suffix,
            [&context, conv, threads, name = prefix + "c" + suffix](benchmark::State& s) {
              run_peer(s, context, name, conv, threads, [&] {
                return peers::OnednnConv::create(context.conv_problem(conv), threads,
                                                 peers::OnednnAlgorithm::kDirect);
              });
            });
      }
      const DeconvDesc deconv = parse_deconv(deconv_text(layer));
      const std::string prefix = "BM_ResizeConv/" + std::string(layer.name) + "_deconv_k4s2/";
      add(prefix + "baseline" + suffix,
          [&context, deconv, threads, name = prefix + "b" + suffix](benchmark::State& s) {
            run_ours(s, context, name, deconv, false, threads);
          });
      add(prefix + "onednn" + suffix,
          [&context, deconv, threads, name = prefix + "o" + suffix](benchmark::State& s) {
            run_peer(s, context, name, deconv, threads, [&] {
              return peers::OnednnDeconv::create(deconv, context.problem(deconv), threads);
            });
          });
    }
  }
}

}  // namespace
}  // namespace kf::bench

int main(int argc, char** argv) {
  using namespace kf;
  const std::string threads_text = bench::take_flag(&argc, argv, "kf_threads", "1");
  if (!kf::bench::initialize(&argc, argv)) return 1;
  try {
    const std::vector<int> threads = bench::parse_thread_list(threads_text);
    std::unique_ptr<kf::JitSession> session = kf::bench::host_session();
    bench::Context context(std::move(session));
    bench::register_all(context, threads);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "kf_resize_conv_bench: %s\n", e.what());
    return 1;
  }
  return 0;
}
