// Flags and constants shared by the benchmark suites.
#include "bench/bench_common.h"

#include <algorithm>
#include <stdexcept>

#include "autotune/schedule_ranking.h"
#include "dsl/input_error.h"
#include "schedules/op_template.h"

namespace kf::bench {

double stream_bandwidth(int threads) { return threads >= 2 ? 31e9 : 16e9; }

std::string take_flag(int* argc, char** argv, const std::string& name,
                      const std::string& fallback) {
  const std::string prefix = "--" + name + "=";
  std::string value = fallback;
  int kept = 1;
  for (int i = 1; i < *argc; ++i) {
    const std::string arg = argv[i];
    if (arg.rfind(prefix, 0) == 0) {
      value = arg.substr(prefix.size());
    } else {
      argv[kept++] = argv[i];
    }
  }
  *argc = kept;
  return value;
}

int64_t parse_positive(const std::string& flag, const std::string& text) {
  size_t used = 0;
  int64_t value = 0;
  try {
    value = std::stoll(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used == 0 || used != text.size() || value < 1) {
    throw InputError(flag, "must be a positive integer, got '" + text + "'");
  }
  return value;
}

std::vector<int> parse_thread_list(const std::string& text, bool ascending) {
  std::vector<int> threads;
  size_t start = 0;
  while (start <= text.size()) {
    const size_t comma = std::min(text.find(',', start), text.size());
    threads.push_back(
        static_cast<int>(parse_positive("--kf_threads", text.substr(start, comma - start))));
    if (ascending && threads.size() > 1 && threads.back() < threads[threads.size() - 2]) {
      throw InputError("--kf_threads", "must be ascending thread counts, got '" + text + "'");
    }
    start = comma + 1;
  }
  return threads;
}

bool initialize(int* argc, char** argv) {
  std::vector<char*> args(argv, argv + *argc);
  std::string min_time = "--benchmark_min_time=0.2";
  bool has_min_time = false;
  for (int i = 1; i < *argc; ++i) {
    has_min_time |= std::string(argv[i]).rfind("--benchmark_min_time", 0) == 0;
  }
  if (!has_min_time) args.push_back(min_time.data());
  int count = static_cast<int>(args.size());
  benchmark::Initialize(&count, args.data());
  return !benchmark::ReportUnrecognizedArguments(count, args.data());
}

std::unique_ptr<JitSession> host_session() {
  llvm::Expected<std::unique_ptr<JitSession>> session =
      JitSession::create(Halide::get_host_target());
  if (!session) {
    throw std::runtime_error("cannot start the JIT: " + llvm::toString(session.takeError()));
  }
  return std::move(*session);
}

std::optional<TuningRecord> best_current_record(Database& database, const std::string& workload_key,
                                                const std::string& target, int threads) {
  std::vector<TuningRecord> current;
  for (TuningRecord& r : database.records(workload_key, target, threads)) {
    const Template* tmpl = find_template(r.template_name);
    if (tmpl && tmpl->version() == r.template_version) current.push_back(std::move(r));
  }
  return select_best(current);
}

}  // namespace kf::bench
