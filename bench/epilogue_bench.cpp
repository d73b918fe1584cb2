// kf_epilogue_bench: what fusing a convolution's epilogue (bias + ReLU) is worth, on ResNet-50
// layers at batch 1 (NHWC), ours and oneDNN's, per thread count. Variants per layer:
//   <schedule>/fused              our conv with bias and ReLU in the kernel (the descriptor's
//                                 _bia_relu: the bias initialises the accumulators, ReLU is
//                                 applied as the tile is stored)
//   <schedule>/separate_bias_relu our conv without bias or activation, then a separate pass
//                                 out = max(out + bias[c], 0) over the output, in place
//   <schedule>/separate_relu      our conv with bias, then a separate ReLU pass in place (the
//                                 same split as onednn/separate)
//   onednn/fused                  oneDNN direct conv with bias and an eltwise_relu post-op
//   onednn/separate               oneDNN direct conv with bias, then an eltwise_relu primitive
//                                 in place over its output (bench/peers/onednn_conv_eltwise.h)
// <schedule> is "tuned" (the layer's bench/tuned_configs.h record, tuned for the plain layer and
// used unchanged for all three of our variants, so they differ only in the epilogue) and
// "baseline" (the first applicable template's hand baseline). The separate pass is a small
// Halide pipeline (make_epilogue_pass below) compiled by our JitSession: channels vectorised,
// pixels in blocks handed to the thread pool when threads > 1; its input and output are two
// views of the conv output, so it runs in place.
//
// Names read BM_Epilogue/resnet_50:res2a_branch2b/tuned/fused/threads:1/real_time. Every variant
// writes into the same problem output and is checked against the reference of the fused layer
// (conv + bias + ReLU) before it is timed. FLOPS counts the convolution's multiply-adds for
// every variant (bias and ReLU not counted), so GFLOP/s compare like time does. The separate
// variants also report epilogue_us: the second pass alone (median by kf::measure), run after
// the timed loop on the output left in place.
//
// Flags (before Google Benchmark's own): --kf_shapes=PATH (benchdnn shape file, default
// ResNet-50), --kf_layers=NAME,... (layer names, with or without the "resnet_50:" prefix; "all"
// for every line), --kf_threads=1,2 (default 1).
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "autotune/measurer.h"
#include "autotune/problem.h"
#include "autotune/tuner.h"
#include "bench/bench_common.h"
#include "bench/peers/onednn_conv_eltwise.h"
#include "bench/tuned_configs.h"
#include "dsl/conv_desc.h"
#include "dsl/input_error.h"
#include "jit/jit_session.h"
#include "schedules/conv_template.h"

namespace kf::bench {

namespace {

const char* const kDefaultLayers =
    "res2a_branch2a,res2a_branch1,res2a_branch2b,res3a_branch2b,res4a_branch2b,res5a_branch2b";

// ---------------------------------------------------------------------------------------------
// The separate epilogue pass: out(c, pixel) = max(in(c, pixel) [+ bias(c)], 0) over the NHWC
// output seen as (channel, pixel), channels innermost.

/// Handles of the epilogue pass's algorithm, declared by make_epilogue_algorithm (which calls no
/// scheduling directive) and scheduled by schedule_epilogue.
struct EpilogueAlgorithm {
  Halide::ImageParam input;  ///< conv output (c, pixel), f32, dense
  Halide::ImageParam bias;   ///< (c), f32; an argument only when with_bias
  Halide::Var c{"c"}, pixel{"pixel"};
  Halide::Func output{"epilogue"};
  bool with_bias = false;

  /// Pipeline arguments in call order: input, [bias]; the output follows them at run time.
  std::vector<Halide::Argument> arguments() const {
    if (with_bias) return {input, bias};
    return {input};
  }
};

/// Declares the pass for a dense (channels x pixels) tensor; both buffers are constrained to that
/// shape so addressing is a constant stride.
EpilogueAlgorithm make_epilogue_algorithm(int channels, int pixels, bool with_bias) {
  EpilogueAlgorithm a;
  a.with_bias = with_bias;
  a.input = Halide::ImageParam(Halide::Float(32), 2, "epilogue_input");
  a.bias = Halide::ImageParam(Halide::Float(32), 1, "epilogue_bias");
  Halide::Expr value = a.input(a.c, a.pixel);
  if (with_bias) value += a.bias(a.c);
  a.output(a.c, a.pixel) = Halide::max(value, 0.0f);
  for (Halide::OutputImageParam buffer :
       {Halide::OutputImageParam(a.input), a.output.output_buffer()}) {
    buffer.dim(0).set_bounds(0, channels).set_stride(1);
    buffer.dim(1).set_bounds(0, pixels).set_stride(channels);
  }
  if (with_bias) a.bias.dim(0).set_bounds(0, channels).set_stride(1);
  return a;
}

/// Schedules the pass: channels in vectors of `lanes` (whole vectors unrolled across a pixel when
/// the channels divide into at most 8 of them, a guarded tail otherwise), and with `parallel`
/// pixels in blocks of about 16K elements for the thread pool.
void schedule_epilogue(const EpilogueAlgorithm& a, int channels, int lanes, bool parallel) {
  Halide::Func output = a.output;
  Halide::Var c = a.c, pixel = a.pixel;
  Halide::Var c_vector("c_vector"), c_lane("c_lane"), block("block"), pixel_in("pixel_in");
  if (channels % lanes == 0) {
    output.split(c, c_vector, c_lane, lanes).vectorize(c_lane);
    if (channels / lanes <= 8) output.unroll(c_vector);
  } else {
    output.vectorize(c, lanes, Halide::TailStrategy::GuardWithIf);
  }
  if (parallel) {
    const int pixels_per_block = std::max(1, 16384 / channels);
    output.split(pixel, block, pixel_in, pixels_per_block, Halide::TailStrategy::GuardWithIf)
        .parallel(block);
  }
}

/// Compiles the pass for `desc`'s output in `session`; `desc` must be NHWC.
llvm::Expected<Kernel> make_epilogue_pass(JitSession& session, const ConvDesc& desc, bool with_bias,
                                          bool parallel) {
  if (desc.layout != Layout::kNHWC) {
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "the separate epilogue pass is written for NHWC outputs");
  }
  const int channels = static_cast<int>(desc.oc);
  const int pixels = static_cast<int>(desc.output_elements() / desc.oc);
  const EpilogueAlgorithm a = make_epilogue_algorithm(channels, pixels, with_bias);
  schedule_epilogue(a, channels, session.kernel_target().natural_vector_size<float>(), parallel);
  return session.compile(Halide::Pipeline(a.output), a.arguments());
}

// ---------------------------------------------------------------------------------------------
// Variants and the shared context.

/// Which conv schedule our variants use (the same one for all three epilogues of a layer).
enum class Schedule { kTuned, kBaseline };
/// Where bias and ReLU run (see the header comment).
enum class Epilogue { kFused, kSeparateBiasRelu, kSeparateRelu };

/// The name of `schedule` in benchmark names.
const char* name_of(Schedule schedule) {
  return schedule == Schedule::kTuned ? "tuned" : "baseline";
}

/// The name of `epilogue` in benchmark names.
const char* name_of(Epilogue epilogue) {
  switch (epilogue) {
    case Epilogue::kFused:
      return "fused";
    case Epilogue::kSeparateBiasRelu:
      return "separate_bias_relu";
    default:
      return "separate_relu";
  }
}

/// The convolution our kernel computes for `epilogue`, given the fused layer `fused`.
ConvDesc conv_part(const ConvDesc& fused, Epilogue epilogue) {
  ConvDesc desc = fused;
  if (epilogue != Epilogue::kFused) desc.activation = Activation::kNone;
  if (epilogue == Epilogue::kSeparateBiasRelu) desc.bias = false;
  return desc;
}

/// The bench/tuned_configs.h record of the plain layer (no bias, no activation) at `threads`, or
/// its 1-thread record.
std::optional<TuningRecord> tuned_record(const ConvDesc& fused, int threads) {
  ConvDesc plain = conv_part(fused, Epilogue::kSeparateBiasRelu);
  const std::string key = workload_key(plain);
  for (int wanted : {threads, 1}) {
    for (const TunedConfig& entry : kTunedConfigs) {
      if (key != entry.workload_key || entry.threads != wanted) continue;
      TuningRecord record;
      record.template_name = entry.template_name;
      record.template_version = entry.template_version;
      record.knobs = entry.knobs;
      return record;
    }
  }
  return std::nullopt;
}

/// A compiled variant of ours: the conv kernel, the pass (separate variants) and a label.
struct OurVariant {
  OpKernel conv;
  std::optional<Kernel> pass;
  std::string label;
};

/// The JIT session, one problem per layer (the fused layer's tensors and reference), and
/// compiled kernels and oneDNN primitives cached by benchmark name, so that repetitions and
/// random interleaving never recompile.
class Context {
 public:
  explicit Context(std::unique_ptr<JitSession> session) : session_(std::move(session)) {}
  // The kernels' code lives in the session's JIT memory: unload it before the session goes.
  ~Context() { variants.clear(); }
  JitSession& session() { return *session_; }

  ConvProblem& problem(const ConvDesc& desc) {
    std::unique_ptr<ConvProblem>& p = problems_[workload_key(desc)];
    if (!p) p = std::make_unique<ConvProblem>(desc);
    return *p;
  }

  std::map<std::string, OurVariant> variants;
  std::map<std::string, std::unique_ptr<peers::OnednnConvEltwise>> primitives;

 private:
  std::unique_ptr<JitSession> session_;
  std::map<std::string, std::unique_ptr<ConvProblem>> problems_;
};

/// An llvm::Error carrying `message`.
llvm::Error make_error(const std::string& message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message.c_str());
}

/// Compiles the conv part of `epilogue` with `schedule`, and the pass it needs.
llvm::Expected<OurVariant> compile_variant(JitSession& session, const ConvDesc& fused,
                                           Schedule schedule, Epilogue epilogue, int threads) {
  const ConvDesc desc = conv_part(fused, epilogue);
  OurVariant variant;
  auto compile_conv = [&]() -> llvm::Expected<OpKernel> {
    if (schedule == Schedule::kTuned) {
      const std::optional<TuningRecord> record = tuned_record(fused, threads);
      if (!record) return make_error("no tuned schedule in bench/tuned_configs.h");
      variant.label = record->template_name + " " + record->knobs;
      return compile_record(session, desc, *record);
    }
    const Halide::Target& target = session.kernel_target();
    const ConvTemplate& tmpl = *conv_templates_for(desc).at(0);
    const Config config = tmpl.baseline(desc, target);
    variant.label = tmpl.name() + " " + tmpl.knob_space(desc, target).encode(config);
    return compile_config(session, desc, tmpl, config);
  };
  try {
    llvm::Expected<OpKernel> conv = compile_conv();
    if (!conv) return conv.takeError();
    variant.conv = std::move(*conv);
  } catch (const std::exception& e) {  // a record that no longer fits its template
    return make_error(e.what());
  }
  if (epilogue != Epilogue::kFused) {
    llvm::Expected<Kernel> pass = make_epilogue_pass(
        session, fused, epilogue == Epilogue::kSeparateBiasRelu, /*parallel=*/threads > 1);
    if (!pass) return pass.takeError();
    variant.pass = std::move(*pass);
  }
  return variant;
}

/// Compiles (once) and times one of our variants.
void run_ours(benchmark::State& state, Context& context, const std::string& name,
              const ConvDesc& fused, Schedule schedule, Epilogue epilogue, int threads) {
  auto cached = context.variants.find(name);
  if (cached == context.variants.end()) {
    llvm::Expected<OurVariant> variant =
        compile_variant(context.session(), fused, schedule, epilogue, threads);
    if (!variant) {
      state.SkipWithError(llvm::toString(variant.takeError()).c_str());
      return;
    }
    cached = context.variants.emplace(name, std::move(*variant)).first;
  }
  OurVariant& variant = cached->second;
  ConvProblem& problem = context.problem(fused);
  context.session().set_num_threads(threads);

  // The fused problem's buffers are input, weights, bias, output; the conv part takes the bias
  // only when it adds it itself.
  const std::vector<halide_buffer_t*> all = problem.buffers();
  std::vector<halide_buffer_t*> conv_buffers = all;
  if (epilogue == Epilogue::kSeparateBiasRelu) conv_buffers.erase(conv_buffers.begin() + 2);
  const int conv_count = static_cast<int>(conv_buffers.size());

  // The pass reads and writes the output in place: two views of the same memory.
  const int channels = static_cast<int>(fused.oc);
  const int pixels = static_cast<int>(fused.output_elements() / fused.oc);
  auto* output = static_cast<float*>(static_cast<void*>(all.back()->host));
  auto* bias = static_cast<float*>(static_cast<void*>(all[2]->host));
  Halide::Runtime::Buffer<float> pass_in(output, channels, pixels);
  Halide::Runtime::Buffer<float> pass_out(output, channels, pixels);
  Halide::Runtime::Buffer<float> pass_bias(bias, channels);
  std::vector<halide_buffer_t*> pass_buffers = {pass_in.raw_buffer()};
  if (epilogue == Epilogue::kSeparateBiasRelu) pass_buffers.push_back(pass_bias.raw_buffer());
  pass_buffers.push_back(pass_out.raw_buffer());
  const int pass_count = static_cast<int>(pass_buffers.size());

  auto run_pass = [&] { return variant.pass->run(pass_buffers.data(), pass_count); };
  auto run_all = [&] {
    if (int code = variant.conv.run(conv_buffers.data(), conv_count)) return code;
    return variant.pass ? run_pass() : 0;
  };

  problem.poison_output();
  int code = variant.conv.prepare(conv_buffers.data(), conv_count);  // weights packed untimed
  if (code == 0) code = run_all();
  if (code != 0) {
    state.SkipWithError(("Halide error " + std::to_string(code)).c_str());
    return;
  }
  const double error = problem.max_error();
  if (!(error <= problem.tolerance())) {
    state.SkipWithError(("wrong result, max error " + std::to_string(error)).c_str());
    return;
  }
  timed_loop(state, fused, threads, error, run_all);
  if (variant.pass) {
    MeasureOptions options;
    options.min_seconds = 0.05;
    options.max_seconds = 0.5;
    state.counters["epilogue_us"] = measure(run_pass, options).median_seconds * 1e6;
  }
  state.SetLabel(variant.label);
}

/// Builds (once) and times oneDNN's conv with the ReLU fused or as its own primitive.
void run_onednn(benchmark::State& state, Context& context, const std::string& name,
                const ConvDesc& fused, peers::EltwiseMode mode, int threads) {
  std::unique_ptr<peers::OnednnConvEltwise>& peer = context.primitives[name];
  try {
    if (!peer) peer = peers::OnednnConvEltwise::create(context.problem(fused), threads, mode);
  } catch (const std::exception& e) {
    state.SkipWithError(e.what());
    return;
  }
  if (!peer) {
    state.SkipWithError("oneDNN has no implementation");
    return;
  }
  const double error = peer->check();
  if (!(error <= context.problem(fused).tolerance())) {
    state.SkipWithError(("wrong result, max error " + std::to_string(error)).c_str());
    return;
  }
  timed_loop(state, fused, threads, error, [&] { return peer->run(); });
  if (mode == peers::EltwiseMode::kSeparate) {
    MeasureOptions options;
    options.min_seconds = 0.05;
    options.max_seconds = 0.5;
    state.counters["epilogue_us"] =
        measure([&] { return peer->run_eltwise(); }, options).median_seconds * 1e6;
  }
  state.SetLabel(peer->implementation());
}

/// The entries of `entries` that `layers` names ("all", or names with or without the part up to
/// ':'), in file order; InputError naming --kf_layers for a name that matches nothing.
std::vector<ShapeEntry> select_layers(const std::vector<ShapeEntry>& entries,
                                      const std::string& layers) {
  if (layers == "all") return entries;
  std::vector<std::string> wanted;
  for (size_t start = 0; start <= layers.size();) {
    const size_t comma = std::min(layers.find(',', start), layers.size());
    wanted.push_back(layers.substr(start, comma - start));
    start = comma + 1;
  }
  auto short_name = [](const std::string& name) {
    const size_t colon = name.rfind(':');
    return colon == std::string::npos ? name : name.substr(colon + 1);
  };
  std::vector<ShapeEntry> selected;
  for (const std::string& name : wanted) {
    auto match = std::find_if(entries.begin(), entries.end(), [&](const ShapeEntry& e) {
      return e.desc.name == name || short_name(e.desc.name) == name;
    });
    if (match == entries.end()) {
      throw InputError("--kf_layers", "no layer named '" + name + "' in the shape file");
    }
    selected.push_back(*match);
  }
  std::stable_sort(selected.begin(), selected.end(),
                   [](const ShapeEntry& a, const ShapeEntry& b) { return a.line < b.line; });
  return selected;
}

/// Registers every variant of every layer, thread counts outermost, the variants of one layer
/// next to each other.
void register_benchmarks(Context& context, const std::vector<ShapeEntry>& entries,
                         const std::vector<int>& thread_counts) {
  for (int threads : thread_counts) {
    const std::string suffix = "/threads:" + std::to_string(threads);
    for (const ShapeEntry& entry : entries) {
      ConvDesc fused = entry.desc;
      fused.bias = true;
      fused.activation = Activation::kRelu;
      const std::string prefix =
          "BM_Epilogue/" + (fused.name.empty() ? workload_key(fused) : fused.name) + "/";
      for (Schedule schedule : {Schedule::kTuned, Schedule::kBaseline}) {
        if (schedule == Schedule::kTuned && !tuned_record(fused, threads)) continue;
        for (Epilogue epilogue :
             {Epilogue::kFused, Epilogue::kSeparateBiasRelu, Epilogue::kSeparateRelu}) {
          const std::string name = prefix + name_of(schedule) + "/" + name_of(epilogue) + suffix;
          benchmark::RegisterBenchmark(
              name.c_str(),
              [&context, name, fused, schedule, epilogue, threads](benchmark::State& s) {
                run_ours(s, context, name, fused, schedule, epilogue, threads);
              })
              ->UseRealTime()
              ->Unit(benchmark::kMicrosecond);
        }
      }
      for (peers::EltwiseMode mode : {peers::EltwiseMode::kFused, peers::EltwiseMode::kSeparate}) {
        const std::string name = prefix + "onednn/" + peers::to_string(mode) + suffix;
        benchmark::RegisterBenchmark(name.c_str(),
                                     [&context, name, fused, mode, threads](benchmark::State& s) {
                                       run_onednn(s, context, name, fused, mode, threads);
                                     })
            ->UseRealTime()
            ->Unit(benchmark::kMicrosecond);
      }
    }
  }
}

}  // namespace

}  // namespace kf::bench

int main(int argc, char** argv) {
  using namespace kf;
  const std::string shapes = bench::take_flag(
      &argc, argv, "kf_shapes", std::string(KF_SHAPES_DIR) + "/conv/shapes_resnet_50");
  const std::string layers = bench::take_flag(&argc, argv, "kf_layers", bench::kDefaultLayers);
  const std::string threads_text = bench::take_flag(&argc, argv, "kf_threads", "1");
  if (!kf::bench::initialize(&argc, argv)) return 1;
  try {
    const std::vector<int> threads = bench::parse_thread_list(threads_text);
    const std::vector<ShapeEntry> entries =
        bench::select_layers(read_conv_shape_file(shapes, /*mb_override=*/1), layers);
    std::unique_ptr<kf::JitSession> session = kf::bench::host_session();
    bench::Context context(std::move(session));
    bench::register_benchmarks(context, entries, threads);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "kf_epilogue_bench: %s\n", e.what());
    return 1;
  }
  return 0;
}
