// kf_autoscheduler_bench: one algorithm, several schedulers. For each layer of a benchdnn shape
// list (ResNet-50 by default, batch 1, NHWC) and thread count, the convolution algorithm of
// make_conv_algorithm is scheduled by
//   mullapudi2016   Halide 14's Mullapudi2016 autoscheduler plugin
//   li2018          Halide 14's Li2018 ("gradient") autoscheduler plugin
//   adams2019       Halide 14's Adams2019 autoscheduler, greedy (beam size 1, one pass, built-in
//                   weights: peers::adams2019_greedy_settings(); its defaults run out of memory)
//   baseline        our first applicable template's hand baseline()
//   tuned           our tuner's record for the layer in bench/tuned_configs.h
// and compared with oneDNN's direct convolution (onednn_direct). Every Halide kernel goes through
// the process's one JitSession and is checked against the reference before it is timed; a
// schedule that fails to compile or computes a wrong answer is reported as a skipped benchmark
// with the reason. The autoschedulers get MachineParams(parallelism = thread count, this
// machine's L3, balance 40) and their schedule is made per thread count.
//
// Counters: FLOPS, peak_fraction and the rest of timed_loop(); for the autoschedulers also
// schedule_s (wall time of Pipeline::auto_schedule) and compile_s (JitSession::compile).
// With KF_DUMP_DIR set, each autoscheduler's schedule source is written there
// (<layer>.<scheduler>.t<threads>.schedule.cpp) beside the JIT's own dumps.
// Names read BM_Autosched/resnet_50:res2a_branch2b/mullapudi2016/threads:1/real_time.
//
// Extra flags (before Google Benchmark's own): --kf_shapes=PATH, --kf_mb=N (default 1),
// --kf_threads=1,2, --kf_autoschedulers=Mullapudi2016,Li2018,Adams2019 (which plugins to run),
// --kf_machine_params=P,LLC,BALANCE (MachineParams for every thread count instead of the
// host-derived ones, e.g. Halide's generic 16,16777216,40).
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "autotune/problem.h"
#include "autotune/tuner.h"
#include "bench/bench_common.h"
#include "bench/peers/halide_autoscheduler.h"
#include "bench/peers/onednn_conv.h"
#include "bench/tuned_configs.h"
#include "dsl/conv_desc.h"
#include "jit/jit_session.h"
#include "schedules/conv_template.h"

namespace kf::bench {

namespace {

using peers::HalideAutoscheduler;

/// An autoscheduled kernel, or why there is none (kept so repetitions do not search again).
using AutoscheduledOrFailure = std::variant<peers::AutoscheduledKernel, std::string>;

/// What every benchmark of the process shares: the JIT session, one ConvProblem per workload,
/// and compiled kernels and oneDNN primitives cached by benchmark name.
class BenchContext {
 public:
  BenchContext(std::unique_ptr<JitSession> session,
               std::optional<Halide::MachineParams> machine_params)
      : session_(std::move(session)), machine_params_(std::move(machine_params)) {}

  JitSession& session() { return *session_; }

  /// What the autoschedulers are told about the machine when running with `threads`.
  Halide::MachineParams machine_params(int threads) const {
    return machine_params_ ? *machine_params_ : peers::autoscheduler_machine_params(threads);
  }

  ConvProblem& problem(const ConvDesc& desc) {
    std::unique_ptr<ConvProblem>& problem = problems_[workload_key(desc)];
    if (!problem) problem = std::make_unique<ConvProblem>(desc);
    return *problem;
  }

  std::map<std::string, AutoscheduledOrFailure>& autoscheduled() { return autoscheduled_; }
  std::map<std::string, OpKernel>& kernels() { return kernels_; }
  std::map<std::string, std::unique_ptr<peers::OnednnConv>>& primitives() { return primitives_; }

 private:
  std::unique_ptr<JitSession> session_;
  std::optional<Halide::MachineParams> machine_params_;
  std::map<std::string, std::unique_ptr<ConvProblem>> problems_;
  std::map<std::string, AutoscheduledOrFailure> autoscheduled_;
  std::map<std::string, OpKernel> kernels_;
  std::map<std::string, std::unique_ptr<peers::OnednnConv>> primitives_;
};

/// The record of bench/tuned_configs.h for `desc` at `threads` (falling back to the 1-thread
/// one), or std::nullopt.
std::optional<TuningRecord> tuned_record(const ConvDesc& desc, int threads) {
  const std::string key = workload_key(desc);
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

/// Runs the one-off check of a kernel's output (poisoned first) and returns an error message,
/// or "" when the output is within `tolerance` of the reference.
template <typename Run>
std::string check(ConvProblem& problem, double tolerance, const Run& run) {
  problem.poison_output();
  if (int code = run()) return "Halide error " + std::to_string(code);
  const double error = problem.max_error();
  if (!(error <= tolerance)) return "wrong result, max error " + std::to_string(error);
  return "";
}

/// Writes an autoscheduler's schedule source to $KF_DUMP_DIR, when that is set.
void dump_schedule(const std::string& file_name, const std::string& source) {
  const char* dir = std::getenv("KF_DUMP_DIR");
  if (!dir || !*dir) return;
  std::ofstream(std::string(dir) + "/" + file_name) << source;
}

/// Autoschedules and compiles (once per name) and times one Halide autoscheduler's kernel.
void run_autoscheduler(benchmark::State& state, BenchContext& context, const std::string& name,
                       const std::string& layer, const ConvDesc& desc,
                       HalideAutoscheduler scheduler, int threads) {
  auto cached = context.autoscheduled().find(name);
  if (cached == context.autoscheduled().end()) {
    llvm::Expected<peers::AutoscheduledKernel> compiled = peers::compile_autoscheduled_conv(
        context.session(), desc, scheduler, context.machine_params(threads));
    AutoscheduledOrFailure entry;
    if (compiled) {
      dump_schedule(layer + "." + peers::to_string(scheduler) + ".t" + std::to_string(threads) +
                        ".schedule.cpp",
                    compiled->schedule_source);
      entry = std::move(*compiled);
    } else {
      entry = peers::to_string(scheduler) + ": " + llvm::toString(compiled.takeError());
    }
    cached = context.autoscheduled().emplace(name, std::move(entry)).first;
  }
  if (const auto* failure = std::get_if<std::string>(&cached->second)) {
    state.SkipWithError(failure->c_str());
    return;
  }
  const auto& compiled = std::get<peers::AutoscheduledKernel>(cached->second);

  ConvProblem& problem = context.problem(desc);
  context.session().set_num_threads(threads);
  std::vector<halide_buffer_t*> buffers = problem.buffers();
  const int count = static_cast<int>(buffers.size());
  auto run = [&] { return compiled.kernel.run(buffers.data(), count); };
  if (std::string failure = check(problem, problem.tolerance(), run); !failure.empty()) {
    state.SkipWithError((peers::to_string(scheduler) + ": " + failure).c_str());
    return;
  }
  timed_loop(state, desc, threads, problem.max_error(), run);
  state.counters["schedule_s"] = compiled.schedule_seconds;
  state.counters["compile_s"] = compiled.compile_seconds;
  state.SetLabel(peers::to_string(scheduler) + " " + context.machine_params(threads).to_string());
}

/// Compiles the tuned `record`, or the baseline of `first` when there is none. A record that no
/// longer fits its template comes back as llvm::Error like Halide's complaints.
llvm::Expected<OpKernel> compile_ours(JitSession& session, const ConvDesc& desc,
                                      const ConvTemplate& first,
                                      const std::optional<TuningRecord>& record) {
  try {
    if (record) return compile_record(session, desc, *record);
    return compile_config(session, desc, first, first.baseline(desc, session.kernel_target()));
  } catch (const std::exception& e) {
    return llvm::createStringError(llvm::inconvertibleErrorCode(), e.what());
  }
}

/// Compiles (once per name) and times our baseline (`tuned` false) or tuned schedule.
void run_kernelforge(benchmark::State& state, BenchContext& context, const std::string& name,
                     const ConvDesc& desc, bool tuned, int threads) {
  JitSession& session = context.session();
  const Halide::Target& target = session.kernel_target();
  const ConvTemplate& first = *conv_templates_for(desc).at(0);
  const std::optional<TuningRecord> record = tuned ? tuned_record(desc, threads) : std::nullopt;
  const Template* tmpl = tuned ? find_template(record->template_name) : &first;
  auto cached = context.kernels().find(name);
  if (cached == context.kernels().end()) {
    llvm::Expected<OpKernel> kernel = compile_ours(session, desc, first, record);
    if (!kernel) {
      state.SkipWithError(llvm::toString(kernel.takeError()).c_str());
      return;
    }
    cached = context.kernels().emplace(name, std::move(*kernel)).first;
  }
  OpKernel& kernel = cached->second;

  ConvProblem& problem = context.problem(desc);
  session.set_num_threads(threads);
  std::vector<halide_buffer_t*> buffers = problem.buffers();
  const int count = static_cast<int>(buffers.size());
  if (int code = kernel.prepare(buffers.data(), count)) {
    state.SkipWithError(("Halide error " + std::to_string(code) + " packing weights").c_str());
    return;
  }
  auto run = [&] { return kernel.run(buffers.data(), count); };
  if (std::string failure = check(problem, tmpl->tolerance(desc), run); !failure.empty()) {
    state.SkipWithError(failure.c_str());
    return;
  }
  timed_loop(state, desc, threads, problem.max_error(), run);
  state.SetLabel(tuned ? record->template_name + " " + record->knobs
                       : first.name() + " " +
                             first.knob_space(desc, target).encode(first.baseline(desc, target)));
}

/// Builds (once) and times oneDNN's direct convolution.
void run_onednn(benchmark::State& state, BenchContext& context, const std::string& name,
                const ConvDesc& desc, int threads) {
  std::unique_ptr<peers::OnednnConv>& conv = context.primitives()[name];
  try {
    if (!conv) {
      conv = peers::OnednnConv::create(context.problem(desc), threads,
                                       peers::OnednnAlgorithm::kDirect);
    }
  } catch (const std::exception& e) {
    state.SkipWithError(e.what());
    return;
  }
  if (!conv) {
    state.SkipWithError("oneDNN has no direct implementation");
    return;
  }
  const double error = conv->check();
  if (!(error <= context.problem(desc).tolerance())) {
    state.SkipWithError(("oneDNN: wrong result, max error " + std::to_string(error)).c_str());
    return;
  }
  timed_loop(state, desc, threads, error, [&] { return conv->run(); });
  state.SetLabel(conv->implementation());
}

/// Registers every variant of every layer, thread counts outermost, the variants of one layer
/// next to each other (autoschedulers first, then ours, then oneDNN).
void register_benchmarks(BenchContext& context, const std::vector<ShapeEntry>& entries,
                         const std::vector<int>& thread_counts,
                         const std::vector<HalideAutoscheduler>& schedulers) {
  auto add = [](const std::string& name, auto body) {
    benchmark::RegisterBenchmark(name.c_str(), body)->UseRealTime()->Unit(benchmark::kMicrosecond);
  };
  for (int threads : thread_counts) {
    const std::string suffix = "/threads:" + std::to_string(threads);
    for (const ShapeEntry& entry : entries) {
      const ConvDesc desc = entry.desc;
      const std::string layer = desc.name.empty() ? workload_key(desc) : desc.name;
      const std::string prefix = "BM_Autosched/" + layer + "/";
      for (HalideAutoscheduler scheduler : schedulers) {
        std::string variant = peers::to_string(scheduler);
        for (char& c : variant) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        const std::string name = prefix + variant + suffix;
        add(name, [&context, name, layer, desc, scheduler, threads](benchmark::State& s) {
          run_autoscheduler(s, context, name, layer, desc, scheduler, threads);
        });
      }
      for (bool tuned : {false, true}) {
        if (tuned && !tuned_record(desc, threads)) continue;
        const std::string name = prefix + (tuned ? "tuned" : "baseline") + suffix;
        add(name, [&context, name, desc, tuned, threads](benchmark::State& s) {
          run_kernelforge(s, context, name, desc, tuned, threads);
        });
      }
      const std::string name = prefix + "onednn_direct" + suffix;
      add(name, [&context, name, desc, threads](benchmark::State& s) {
        run_onednn(s, context, name, desc, threads);
      });
    }
  }
}

/// "Mullapudi2016,Li2018" -> the schedulers, in the order given.
std::vector<HalideAutoscheduler> parse_schedulers(const std::string& text) {
  std::vector<HalideAutoscheduler> result;
  size_t start = 0;
  while (start < text.size()) {
    const size_t comma = std::min(text.find(',', start), text.size());
    result.push_back(peers::parse_halide_autoscheduler(text.substr(start, comma - start),
                                                       "--kf_autoschedulers"));
    start = comma + 1;
  }
  return result;
}

}  // namespace

}  // namespace kf::bench

int main(int argc, char** argv) {
  using namespace kf;
  const std::string shapes = bench::take_flag(
      &argc, argv, "kf_shapes", std::string(KF_SHAPES_DIR) + "/conv/shapes_resnet_50");
  const std::string mb_text = bench::take_flag(&argc, argv, "kf_mb", "1");
  const std::string threads_text = bench::take_flag(&argc, argv, "kf_threads", "1,2");
  const std::string schedulers_text =
      bench::take_flag(&argc, argv, "kf_autoschedulers", "Mullapudi2016,Li2018,Adams2019");
  const std::string machine_params_text = bench::take_flag(&argc, argv, "kf_machine_params", "");

  // A shorter default than Google Benchmark's 0.5 s keeps the full run to a few minutes.
  if (!kf::bench::initialize(&argc, argv)) return 1;

  try {
    const int64_t mb = bench::parse_positive("--kf_mb", mb_text);
    const std::vector<int> threads = bench::parse_thread_list(threads_text);
    const std::vector<peers::HalideAutoscheduler> schedulers =
        bench::parse_schedulers(schedulers_text);
    const std::vector<ShapeEntry> entries = read_conv_shape_file(shapes, mb);
    for (peers::HalideAutoscheduler scheduler : schedulers) {
      std::string settings;
      if (scheduler == peers::HalideAutoscheduler::kAdams2019) {
        settings = " with " + peers::apply_environment_defaults(peers::adams2019_greedy_settings());
      }
      benchmark::AddCustomContext("autoscheduler_" + peers::to_string(scheduler),
                                  peers::halide_autoscheduler_plugin(scheduler) + settings);
    }
    std::unique_ptr<kf::JitSession> session = kf::bench::host_session();
    std::optional<Halide::MachineParams> machine_params;
    if (!machine_params_text.empty()) machine_params = Halide::MachineParams(machine_params_text);
    bench::BenchContext context(std::move(session), machine_params);
    bench::register_benchmarks(context, entries, threads, schedulers);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "kf_autoscheduler_bench: %s\n", e.what());
    return 1;
  }
  return 0;
}
