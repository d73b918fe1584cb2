// kf_image_blob_bench: image pre-processing (blobFromImage: u8 HWC BGR -> f32 NCHW, ImageNet mean
// and scale, R/B swap) at camera and network sizes, per thread count:
//   baseline   image_blob_rows' hand baseline()
//   tuned      the best record of the tuning database named by $KF_BENCH_DB, else the schedule
//              recorded in bench/image_blob_tuned_configs.h (the 1-thread one when the table has
//              none for the thread count); the label says which
//   cpp_loop   a plain C++ loop, the peer in the same run (bench/image_blob_cpp_loop.h)
// oneDNN is not a peer here: its reorder u8 nhwc -> f32 nchw with output scales has no mean
// subtraction and no channel swap, so it computes a different function.
// Names read BM_ImageBlob/mb1ih224iw224ic3_.../baseline/threads:1/real_time. Counters: bytes
// (the u8 image read once plus the f32 blob written once, a rate), bandwidth_fraction (of STREAM
// on this machine: 16 GB/s on 1 core, 31 GB/s on 2) and max_error. Every kernel is compiled once,
// outside the timed loop, and checked against the reference before it is timed.
//
// Extra flag (before Google Benchmark's own): --kf_threads=1,2 (ascending thread counts).
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "autotune/database.h"
#include "autotune/problem.h"
#include "autotune/tuner.h"
#include "bench/bench_common.h"
#include "bench/image_blob_cpp_loop.h"
#include "bench/image_blob_tuned_configs.h"
#include "dsl/image_blob_desc.h"
#include "jit/jit_session.h"
#include "schedules/op_template.h"

namespace kf::bench {

namespace {

const char* const kWorkloads[] = {
    "mb1ih224iw224ic3_scale0.017_mean123.7:116.3:103.5_swaprb",    // ImageNet classifier input
    "mb1ih300iw300ic3_scale0.017_mean123.7:116.3:103.5_swaprb",    // SSD detector input
    "mb1ih480iw640ic3_scale0.017_mean123.7:116.3:103.5_swaprb",    // VGA camera frame
    "mb1ih1080iw1920ic3_scale0.017_mean123.7:116.3:103.5_swaprb",  // 1080p camera frame
};

/// A compiled kernel behind a call taking the problem's buffers (whatever the JIT's kernel type).
using KernelCall = std::function<int(halide_buffer_t**, int)>;

struct Context {
  std::unique_ptr<JitSession> session;
  std::unique_ptr<Database> database;
  std::map<std::string, std::unique_ptr<Problem>> problems;
  std::map<std::string, KernelCall> kernels;

  Problem& problem(const OpDesc& desc) {
    std::unique_ptr<Problem>& p = problems[desc.key()];
    if (!p) p = std::make_unique<Problem>(desc);
    return *p;
  }

  /// The tuned schedule of `desc` at `threads` and where it came from ("database", "table" or
  /// "table, 1-thread config"), or std::nullopt when neither source has one.
  std::optional<std::pair<TuningRecord, std::string>> tuned(const OpDesc& desc, int threads) {
    if (database) {
      if (auto best = best_current_record(*database, desc.key(), target_key(*session), threads)) {
        return std::make_pair(*best, std::string("database"));
      }
    }
    for (int wanted : {threads, 1}) {
      for (const TunedImageBlob& entry : kTunedImageBlob) {
        if (desc.key() != entry.key || entry.threads != wanted) continue;
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
};

/// Compiles `record` for `desc`, or the baseline of `tmpl` when `record` is null; a record that no
/// longer fits its template comes back as llvm::Error too.
llvm::Expected<OpKernel> compile_schedule(JitSession& session, const OpDesc& desc,
                                          const Template& tmpl, const TuningRecord* record) {
  try {
    if (record) return compile_record(session, desc, *record);
    return compile_config(session, desc, tmpl, tmpl.baseline(desc, session.kernel_target()));
  } catch (const std::exception& e) {
    return llvm::createStringError(llvm::inconvertibleErrorCode(), e.what());
  }
}

void run_kernelforge(benchmark::State& state, Context& context, const std::string& name,
                     const OpDesc& desc, bool tuned, int threads) {
  const Halide::Target& target = context.session->kernel_target();
  std::optional<std::pair<TuningRecord, std::string>> best;
  if (tuned) {
    best = context.tuned(desc, threads);
    if (!best) {
      state.SkipWithError("no tuned record");
      return;
    }
  }
  const Template& tmpl = *templates_for(desc).at(0);
  const std::string label =
      best ? best->first.template_name + " " + best->first.knobs + " (" + best->second + ")"
           : tmpl.name() + " " + tmpl.knob_space(desc, target).encode(tmpl.baseline(desc, target));
  auto cached = context.kernels.find(name);
  if (cached == context.kernels.end()) {
    llvm::Expected<OpKernel> kernel =
        compile_schedule(*context.session, desc, tmpl, best ? &best->first : nullptr);
    if (!kernel) {
      state.SkipWithError(llvm::toString(kernel.takeError()).c_str());
      return;
    }
    auto owned = std::make_shared<std::decay_t<decltype(*kernel)>>(std::move(*kernel));
    KernelCall call = [owned](halide_buffer_t** b, int n) { return owned->run(b, n); };
    cached = context.kernels.emplace(name, std::move(call)).first;
  }
  Problem& problem = context.problem(desc);
  context.session->set_num_threads(threads);
  std::vector<halide_buffer_t*> buffers = problem.buffers();
  const int count = static_cast<int>(buffers.size());
  problem.poison_output();
  if (int code = cached->second(buffers.data(), count)) {
    state.SkipWithError(("Halide error " + std::to_string(code)).c_str());
    return;
  }
  const double error = problem.max_error();
  if (!(error <= problem.tolerance())) {
    state.SkipWithError(("wrong result, max error " + std::to_string(error)).c_str());
    return;
  }
  timed_loop(state, desc, threads, error, [&] { return cached->second(buffers.data(), count); });
  state.SetLabel(label);
}

void run_cpp_loop(benchmark::State& state, Context& context, const ImageBlobDesc& desc,
                  int threads) {
  Problem& problem = context.problem(desc);
  const uint8_t* image = problem.input_u8(0);
  auto* out = reinterpret_cast<float*>(problem.buffers().back()->host);
  problem.poison_output();
  image_blob_cpp_loop(desc, image, out, threads);
  const double error = problem.max_error();
  if (!(error <= problem.tolerance())) {
    state.SkipWithError(("wrong result, max error " + std::to_string(error)).c_str());
    return;
  }
  timed_loop(state, desc, threads, error,
             [&] { return image_blob_cpp_loop(desc, image, out, threads); });
}

void register_benchmarks(Context& context, const std::vector<int>& thread_counts) {
  for (int threads : thread_counts) {
    const std::string suffix = "/threads:" + std::to_string(threads);
    for (const char* text : kWorkloads) {
      auto desc = std::make_shared<const ImageBlobDesc>(parse_image_blob(text));
      const std::string prefix = "BM_ImageBlob/" + desc->to_string() + "/";
      for (bool tuned : {false, true}) {
        if (tuned && !context.tuned(*desc, threads)) continue;
        const std::string name = prefix + (tuned ? "tuned" : "baseline") + suffix;
        benchmark::RegisterBenchmark(name.c_str(),
                                     [&context, name, desc, tuned, threads](benchmark::State& s) {
                                       run_kernelforge(s, context, name, *desc, tuned, threads);
                                     })
            ->UseRealTime()
            ->Unit(benchmark::kMicrosecond);
      }
      benchmark::RegisterBenchmark((prefix + "cpp_loop" + suffix).c_str(),
                                   [&context, desc, threads](benchmark::State& s) {
                                     run_cpp_loop(s, context, *desc, threads);
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
    const std::vector<int> threads = bench::parse_thread_list(threads_text);
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
    std::fprintf(stderr, "kf_image_blob_bench: %s\n", e.what());
    return 1;
  }
  return 0;
}
