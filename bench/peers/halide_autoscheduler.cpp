// Halide 14's autoscheduler plugins applied to make_conv_algorithm: plugin lookup and loading,
// estimates, Pipeline::auto_schedule, and compilation through our JitSession.
// Entry points: autoschedule_conv(), compile_autoscheduled_conv().
#include "bench/peers/halide_autoscheduler.h"

#include <dlfcn.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <mutex>
#include <set>
#include <stdexcept>

#include "dsl/input_error.h"
#include "jit/halide_errors.h"
#include "jit/jit_session.h"

namespace kf::peers {

namespace {

bool is_file(const std::string& path) {
  struct stat info;
  return !path.empty() && stat(path.c_str(), &info) == 0 && S_ISREG(info.st_mode);
}

std::string library_name(HalideAutoscheduler scheduler) {
  std::string name = to_string(scheduler);
  std::transform(name.begin(), name.end(), name.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return "libautoschedule_" + name + ".so";
}

// The path Halide's CMake package gave its imported target (Halide::Mullapudi2016, ...) when
// this file was built, or "" when the build did not record one.
std::string recorded_path(HalideAutoscheduler scheduler) {
  switch (scheduler) {
#if defined(KF_HALIDE_PLUGIN_MULLAPUDI2016)
    case HalideAutoscheduler::kMullapudi2016:
      return KF_HALIDE_PLUGIN_MULLAPUDI2016;
#endif
#if defined(KF_HALIDE_PLUGIN_LI2018)
    case HalideAutoscheduler::kLi2018:
      return KF_HALIDE_PLUGIN_LI2018;
#endif
#if defined(KF_HALIDE_PLUGIN_ADAMS2019)
    case HalideAutoscheduler::kAdams2019:
      return KF_HALIDE_PLUGIN_ADAMS2019;
#endif
    default:
      return "";
  }
}

// <directory of the loaded libHalide>/halide14/<library>, the Debian package's layout (Halide 14
// is the version the project builds against).
std::string next_to_libhalide(const std::string& library) {
  Dl_info info{};
  if (!dladdr(reinterpret_cast<void*>(&Halide::load_plugin), &info) || !info.dli_fname) return "";
  std::string path = info.dli_fname;
  const size_t slash = path.rfind('/');
  if (slash == std::string::npos) return "";
  return path.substr(0, slash) + "/halide14/" + library;
}

// An exact-shape estimate for every dimension of a dense tensor (shape outermost first).
Halide::Region estimate_region(const std::vector<int64_t>& shape_outermost_first) {
  Halide::Region region;
  for (auto it = shape_outermost_first.rbegin(); it != shape_outermost_first.rend(); ++it) {
    region.push_back({0, static_cast<int>(*it)});
  }
  return region;
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

std::string to_string(HalideAutoscheduler scheduler) {
  switch (scheduler) {
    case HalideAutoscheduler::kMullapudi2016:
      return "Mullapudi2016";
    case HalideAutoscheduler::kLi2018:
      return "Li2018";
    default:
      return "Adams2019";
  }
}

HalideAutoscheduler parse_halide_autoscheduler(const std::string& text, const std::string& field) {
  auto lower = [](std::string s) {
    std::transform(s.begin(), s.end(), s.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
  };
  for (HalideAutoscheduler scheduler :
       {HalideAutoscheduler::kMullapudi2016, HalideAutoscheduler::kLi2018,
        HalideAutoscheduler::kAdams2019}) {
    if (lower(text) == lower(to_string(scheduler))) return scheduler;
  }
  throw InputError(field, "'" + text + "' is not Mullapudi2016, Li2018 or Adams2019");
}

std::string halide_autoscheduler_plugin(HalideAutoscheduler scheduler) {
  const std::string library = library_name(scheduler);
  std::vector<std::string> candidates;
  if (const char* dir = std::getenv("KF_HALIDE_AUTOSCHEDULER_DIR"); dir && *dir) {
    candidates.push_back(std::string(dir) + "/" + library);
  }
  candidates.push_back(recorded_path(scheduler));
  candidates.push_back(next_to_libhalide(library));
  std::string looked;
  for (const std::string& path : candidates) {
    if (is_file(path)) return path;
    if (!path.empty()) looked += (looked.empty() ? "" : ", ") + path;
  }
  throw std::runtime_error("Halide autoscheduler plugin " + library +
                           " not found (looked at: " + looked +
                           "); install Halide's autoschedulers (Debian: libhalide14-0-dev) or set "
                           "KF_HALIDE_AUTOSCHEDULER_DIR to the directory that holds it");
}

void load_halide_autoscheduler(HalideAutoscheduler scheduler) {
  static std::mutex mutex;
  static std::set<HalideAutoscheduler> loaded;
  std::lock_guard<std::mutex> lock(mutex);
  if (loaded.count(scheduler)) return;
  const std::string path = halide_autoscheduler_plugin(scheduler);
  if (llvm::Error error = catch_halide_errors([&] { Halide::load_plugin(path); })) {
    throw std::runtime_error("cannot load " + path + ": " + llvm::toString(std::move(error)));
  }
  loaded.insert(scheduler);
}

namespace {

// Size of the highest cache level in Linux's description of CPU 0 ("32768K"), or 0. glibc's
// sysconf reads CPUID instead, which on a VM may describe the host's whole package (384 MiB on
// one VM of ours whose guest saw 32 MiB; 508 MiB on another whose /sys has no cache entries).
uint64_t last_level_cache_bytes() {
  int best_level = 0;
  uint64_t best_bytes = 0;
  for (int index = 0; index < 8; ++index) {
    const std::string dir = "/sys/devices/system/cpu/cpu0/cache/index" + std::to_string(index);
    int level = 0;
    std::string size;
    if (!(std::ifstream(dir + "/level") >> level) || !(std::ifstream(dir + "/size") >> size)) {
      continue;
    }
    uint64_t bytes = std::strtoull(size.c_str(), nullptr, 10);
    if (size.back() == 'K') bytes <<= 10;
    if (size.back() == 'M') bytes <<= 20;
    if (level > best_level && bytes > 0) {
      best_level = level;
      best_bytes = bytes;
    }
  }
  return best_bytes;
}

}  // namespace

Halide::MachineParams autoscheduler_machine_params(int threads) {
  uint64_t llc = last_level_cache_bytes();
  if (llc == 0) {
    llc = 16ULL << 20;
    static bool noted = false;
    if (!noted) {
      std::fprintf(stderr,
                   "note: /sys/devices/system/cpu/cpu0/cache does not give the last-level cache "
                   "size; the autoschedulers get Halide's generic 16 MiB (--kf_machine_params "
                   "sets it)\n");
      noted = true;
    }
  }
  return Halide::MachineParams(std::max(threads, 1), llc, 40.0f);
}

std::vector<std::pair<std::string, std::string>> adams2019_greedy_settings() {
  return {{"HL_BEAM_SIZE", "1"},
          {"HL_NUM_PASSES", "1"},
          {"HL_RANDOM_DROPOUT", "100"},
          {"HL_SEED", "1"}};
}

std::string apply_environment_defaults(
    const std::vector<std::pair<std::string, std::string>>& settings) {
  std::string in_force;
  for (const auto& [name, value] : settings) {
    setenv(name.c_str(), value.c_str(), /*overwrite=*/0);
    in_force += (in_force.empty() ? "" : " ") + name + "=" + std::getenv(name.c_str());
  }
  return in_force;
}

llvm::Expected<AutoscheduledConv> autoschedule_conv(const ConvDesc& desc,
                                                    HalideAutoscheduler scheduler,
                                                    const Halide::Target& target,
                                                    const Halide::MachineParams& params) {
  try {
    load_halide_autoscheduler(scheduler);
  } catch (const std::exception& e) {
    return llvm::createStringError(llvm::inconvertibleErrorCode(), e.what());
  }
  AutoscheduledConv result;
  if (llvm::Error error = catch_halide_errors([&] {
        const std::string prefix = "conv_" + to_string(scheduler);
        result.algorithm = make_conv_algorithm(desc, prefix);
        ConvAlgorithm& a = result.algorithm;
        a.input.set_estimates(estimate_region(desc.input_shape()));
        a.weights.set_estimates(estimate_region(desc.weight_shape()));
        if (desc.bias) a.bias.set_estimates({{0, static_cast<int>(desc.oc)}});
        a.output.set_estimates(estimate_region(desc.output_shape()));
        result.pipeline = Halide::Pipeline(a.output);
        const auto start = std::chrono::steady_clock::now();
        Halide::AutoSchedulerResults results =
            result.pipeline.auto_schedule(to_string(scheduler), target, params);
        result.schedule_seconds = seconds_since(start);
        result.schedule_source = results.schedule_source;
      })) {
    return std::move(error);
  }
  return std::move(result);
}

llvm::Expected<AutoscheduledKernel> compile_autoscheduled_conv(
    JitSession& session, const ConvDesc& desc, HalideAutoscheduler scheduler,
    const Halide::MachineParams& params) {
  llvm::Expected<AutoscheduledConv> scheduled =
      autoschedule_conv(desc, scheduler, session.kernel_target(), params);
  if (!scheduled) return scheduled.takeError();
  const auto start = std::chrono::steady_clock::now();
  llvm::Expected<Kernel> kernel =
      session.compile(scheduled->pipeline, scheduled->algorithm.arguments());
  if (!kernel) return kernel.takeError();
  AutoscheduledKernel result;
  result.compile_seconds = seconds_since(start);
  result.kernel = std::move(*kernel);
  result.schedule_source = std::move(scheduled->schedule_source);
  result.schedule_seconds = scheduled->schedule_seconds;
  return std::move(result);
}

}  // namespace kf::peers
