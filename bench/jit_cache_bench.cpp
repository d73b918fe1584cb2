// kf_jit_cache_bench: what the persistent object cache (jit/object_cache.h) saves. For a few
// real kernels, the time to get a callable OpKernel from a descriptor and a config:
//
//   compile     no cache: schedule, Halide lowering, LLVM code generation, linking
//   cache_hit   the object cache has the kernel: schedule, read and check the entry, link
//
// Each iteration ends by unloading the kernel, so the next one loads it again (a kernel still
// loaded would be shared by the session, which is not what a new process sees). Names read
// BM_JitCache/res2a_branch2b_direct/cache_hit/real_time; the counters are ms per op
// ("ms_per_op") and the number of pipelines the op compiles ("pipelines": the compute kernel
// plus packing stages and the unaligned-output twin). The goal: a hit under 5 ms per
// kernel, against about 150 ms for a compile.
//
//   build-bench/bench/kf_jit_cache_bench --benchmark_format=json
#include <benchmark/benchmark.h>

#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "autotune/tuner.h"
#include "bench/bench_common.h"
#include "jit/jit_session.h"
#include "jit/object_cache.h"
#include "schedules/op_template.h"

namespace kf::bench {
namespace {

struct CacheWorkload {
  const char* name;
  const char* op;
  const char* descriptor;
  const char* template_name;  ///< its baseline config is compiled
};

// ResNet-50 layers (benchdnn's shapes_resnet_50 at mb1), direct and Winograd (with a packing
// stage), and a batch norm with streaming stores (with its unaligned-output twin).
const CacheWorkload kWorkloads[] = {
    {"res2a_branch2b_direct", "conv", "mb1ic64ih56oc64oh56kh3ph1", "conv_direct_nhwc"},
    {"res3a_branch2b_winograd_f4", "conv", "mb1ic128ih28oc128oh28kh3ph1", "conv_winograd_f4_nhwc"},
    {"res2a_branch1_direct_1x1", "conv", "mb1ic64ih56oc256oh56kh1ph0", "conv_direct_nhwc"},
    {"bn_conv1_streaming", "bnorm", "mb50ic64ih112iw112_nhwc", "norm_affine"},
};

// Process-wide state: one JIT session, and a cache directory removed at exit.
struct Context {
  std::unique_ptr<JitSession> session;
  std::shared_ptr<ObjectCache> cache;
  std::string cache_dir;
  ~Context() {
    std::error_code ec;
    if (!cache_dir.empty()) std::filesystem::remove_all(cache_dir, ec);
  }
};

int pipelines_of(const OpKernel& kernel) {
  return 1 + static_cast<int>(kernel.packs().size()) + (kernel.output_alignment() > 1 ? 1 : 0);
}

void run(benchmark::State& state, Context& context, const CacheWorkload& workload, bool cached) {
  const std::unique_ptr<OpDesc> desc = parse_op(workload.op, workload.descriptor);
  const Template* tmpl = find_template(workload.template_name);
  const Config config = tmpl->baseline(*desc, context.session->kernel_target());
  context.session->set_object_cache(cached ? context.cache : nullptr);
  int pipelines = 0;
  if (cached) {
    // Fill the cache once, outside the timed loop.
    llvm::Expected<OpKernel> warm = compile_config(*context.session, *desc, *tmpl, config);
    if (!warm) {
      state.SkipWithError(llvm::toString(warm.takeError()).c_str());
      return;
    }
  }
  const int64_t hits_before = context.cache->hits();
  for (auto _ : state) {
    llvm::Expected<OpKernel> kernel = compile_config(*context.session, *desc, *tmpl, config);
    if (!kernel) {
      state.SkipWithError(llvm::toString(kernel.takeError()).c_str());
      break;
    }
    pipelines = pipelines_of(*kernel);
  }  // the kernel is unloaded at the end of each iteration
  if (cached && context.cache->hits() - hits_before != state.iterations() * pipelines) {
    state.SkipWithError("a cached compile missed the cache");
  }
  context.session->set_object_cache(nullptr);
  state.counters["ms_per_op"] =
      benchmark::Counter(static_cast<double>(state.iterations()) * 1e-3,
                         benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
  state.counters["pipelines"] = pipelines;
  state.SetLabel(std::string(workload.template_name) + (cached ? " from the cache" : " compiled"));
}

void register_benchmarks(Context& context) {
  for (const CacheWorkload& workload : kWorkloads) {
    for (const bool cached : {false, true}) {
      const std::string name =
          std::string("BM_JitCache/") + workload.name + (cached ? "/cache_hit" : "/compile");
      benchmark::RegisterBenchmark(name.c_str(),
                                   [&context, &workload, cached](benchmark::State& state) {
                                     run(state, context, workload, cached);
                                   })
          ->UseRealTime()
          ->Unit(benchmark::kMillisecond)
          ->MinTime(cached ? 0.5 : 1.0);
    }
  }
}

}  // namespace
}  // namespace kf::bench

int main(int argc, char** argv) {
  using namespace kf;
  if (!bench::initialize(&argc, argv)) return 1;
  try {
    bench::Context context;
    context.session = bench::host_session();
    std::string pattern =
        (std::filesystem::temp_directory_path() / "kf_jit_cache_bench_XXXXXX").string();
    if (!mkdtemp(pattern.data())) throw std::runtime_error("cannot create a temporary directory");
    context.cache_dir = pattern;
    llvm::Expected<std::unique_ptr<ObjectCache>> cache = ObjectCache::open(pattern);
    if (!cache) throw std::runtime_error(llvm::toString(cache.takeError()));
    context.cache = std::move(*cache);
    bench::register_benchmarks(context);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "kf_jit_cache_bench: %s\n", e.what());
    return 1;
  }
  return 0;
}
