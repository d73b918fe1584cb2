// kforge report: a self-contained HTML page about a tuning database (tools/html_report.h).
//
//   kforge report --db PATH --out DIR [descriptor or shape file]... [--op NAME] [--target T]
//                 [--peak-gflops G] [--bandwidth-gbs B]
//
// Reads the database (which must exist), gathers every workload's trials and peer timings
// (tools/report_data.h) and writes DIR/index.html, replaced only once complete.
#include <sys/stat.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <set>

#include "autotune/database.h"
#include "dsl/input_error.h"
#include "tools/cli_args.h"
#include "tools/commands.h"
#include "tools/html_report.h"
#include "tools/report_data.h"

namespace kf {

namespace {

constexpr const char* kReportHelp =
    "usage: kforge report --db PATH --out DIR [descriptor or shape file]... [options]\n"
    "\n"
    "Writes DIR/index.html, a self-contained page (no network access needed) about the tuning\n"
    "database: a summary table (per workload: best template, time, GFLOP/s, % of the FMA peak,\n"
    "speedup against each peer timed by `kforge tune`), a roofline chart per thread count\n"
    "(arithmetic intensity = FLOPs / minimum bytes against achieved GFLOP/s, under the memory\n"
    "and FMA-peak roofs), and per workload its tuning curve (best time so far against the\n"
    "trial, in the order the trials were stored), the knobs of its best trial and the peer\n"
    "comparison. With descriptors or shape files, only those workloads are shown, with the\n"
    "layer names of the shape files.\n"
    "\n"
    "options:\n"
    "  --db PATH            database to read (must exist)\n"
    "  --out DIR            output directory, created if needed\n"
    "  --op NAME            op of the descriptors and shape files (default conv)\n"
    "  --target STRING      only records of this target\n"
    "  --peak-gflops G      compute roof in GFLOP/s for every thread count (default: the FMA\n"
    "                       peak measured on this machine for the workload's thread count;\n"
    "                       KF_PEAK_GFLOPS_PER_CORE replaces the measurement)\n"
    "  --bandwidth-gbs B    memory roof in GB/s (default 16 for one thread, 31 for more: the\n"
    "                       reference machine's measured bandwidth)\n";

/// Writes `text` to `path` through a temporary file beside it, so a failure never leaves half
/// a page.
void write_file(const std::string& path, const std::string& text) {
  const std::string temporary = path + ".partial";
  {
    std::ofstream file(temporary, std::ios::binary | std::ios::trunc);
    if (!file) {
      throw InputError("--out", "cannot write '" + temporary + "': " + std::strerror(errno));
    }
    file.write(text.data(), static_cast<std::streamsize>(text.size()));
    file.close();
    if (!file) {
      std::remove(temporary.c_str());
      throw std::runtime_error("cannot write " + temporary);
    }
  }
  if (std::rename(temporary.c_str(), path.c_str()) != 0) {
    const std::string reason = std::strerror(errno);
    std::remove(temporary.c_str());
    throw InputError("--out", "cannot replace '" + path + "': " + reason);
  }
}

}  // namespace

int run_report(const std::vector<std::string>& argv) {
  CliArgs args(argv, {"--db", "--out", "--op", "--target", "--peak-gflops", "--bandwidth-gbs"},
               {"--help"});
  if (args.has("--help")) {
    std::fputs(kReportHelp, stdout);
    return 0;
  }
  if (!args.has("--db")) throw InputError("--db", "is required (see --help)");
  if (!args.has("--out")) throw InputError("--out", "is required (see --help)");
  const std::string out_dir = args.get("--out", "");
  if (out_dir.empty()) throw InputError("--out", "must not be empty");
  ReportOptions options;
  options.target = args.get("--target", "");
  if (args.has("--peak-gflops")) options.peak_gflops = args.get_positive("--peak-gflops", 1);
  if (args.has("--bandwidth-gbs")) options.bandwidth_gbs = args.get_positive("--bandwidth-gbs", 1);
  if (!args.positional().empty()) {
    for (const OpEntry& entry :
         parse_workloads(args.get("--op", "conv"), args.positional(), 0, "")) {
      options.layers.emplace(entry.desc->key(), entry.desc->layer_name());
    }
  }
  const std::string db_path = args.get("--db", "");
  struct stat info;
  if (db_path.empty() || ::stat(db_path.c_str(), &info) != 0) {
    throw InputError("--db", "cannot read '" + db_path +
                                 "': " + (db_path.empty() ? "empty path" : std::strerror(errno)));
  }
  if (!S_ISREG(info.st_mode)) throw InputError("--db", "'" + db_path + "' is not a file");

  std::unique_ptr<Database> database = Database::open(db_path);
  const ReportData data = gather_report(*database, options);
  std::set<std::string> found;
  for (const ReportWorkload& w : data.workloads) found.insert(w.key);
  for (const auto& [key, layer] : options.layers) {
    if (!found.count(key)) {
      std::fprintf(stderr, "kforge report: %s%s%s is not in %s\n", layer.c_str(),
                   layer.empty() ? "" : " ", key.c_str(), db_path.c_str());
    }
  }

  std::error_code error;
  std::filesystem::create_directories(out_dir, error);
  if (error || !std::filesystem::is_directory(out_dir)) {
    throw InputError("--out", "cannot create directory '" + out_dir + "'" +
                                  (error ? ": " + error.message() : ""));
  }
  const std::string page = out_dir + "/index.html";
  write_file(page, render_html_report(data));
  std::fprintf(stderr, "kforge report: %zu workload(s) from %s to %s\n", data.workloads.size(),
               db_path.c_str(), page.c_str());
  return 0;
}

}  // namespace kf
