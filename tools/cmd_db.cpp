// kforge db: move tuning records between databases and read the best ones.
//
//   kforge db export --db PATH [--out FILE|-] [--target T]   every record as JSON lines
//   kforge db import --db PATH FILE...                        merge exported records
//   kforge db best --db PATH [--target T] [--json]            best schedule per workload
//
// `kforge list` is `kforge db best`. The record format is autotune/database_json.h; merging and
// its uid-based deduplication are Database::merge().
#include <sys/stat.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>

#include "autotune/database.h"
#include "autotune/database_json.h"
#include "dsl/input_error.h"
#include "tools/cli_args.h"
#include "tools/commands.h"
#include "tools/text_table.h"

namespace kf {

namespace {

constexpr const char* kDbHelp =
    "usage: kforge db <export|import|best> [options]   (kforge db <command> --help for each)\n"
    "\n"
    "  export   write every record of a database as JSON lines (one trial a line)\n"
    "  import   merge JSON-lines files into a database; records already present are skipped\n"
    "  best     the best schedule per workload (also: kforge list)\n"
    "\n"
    "Tuning on several machines: run `kforge tune --shard i/n` on machine i (each into its own\n"
    "database), `kforge db export` each database, and `kforge db import` all the files into one.\n";

constexpr const char* kExportHelp =
    "usage: kforge db export --db PATH [--out FILE|-] [--target STRING]\n"
    "\n"
    "Writes every record of the database (failed trials too, with their reason) as JSON lines:\n"
    "one object a line with uid, workload_key, op, target, threads, template_name,\n"
    "template_version, knobs, status, failure_reason, min_seconds, median_seconds, gflops,\n"
    "max_error, tool_versions, seed, trial_index and created_at. Numbers have 17 significant\n"
    "digits (exact); NaN is null, an infinity \"inf\" or \"-inf\". The uid identifies a trial in\n"
    "every database it is copied to.\n"
    "\n"
    "options:\n"
    "  --db PATH         database to read (must exist)\n"
    "  --out FILE|-      output file, replaced only once complete (default -: stdout)\n"
    "  --target STRING   only records of this target\n";

constexpr const char* kImportHelp =
    "usage: kforge db import --db PATH FILE...\n"
    "\n"
    "Merges the records of each FILE (JSON lines as written by `kforge db export` or\n"
    "`kforge db best --json`; - reads stdin; blank lines are skipped) into the database,\n"
    "creating it if needed. Every file is read and checked before anything is written: a\n"
    "malformed line, or a record that breaks a rule of the database, is an error naming the\n"
    "file, line and member, and nothing is imported. Each file is merged in one transaction. A\n"
    "record whose uid is already in the database is skipped, so importing a file twice adds\n"
    "nothing; the same uid with different content is an error.\n"
    "\n"
    "options:\n"
    "  --db PATH   database to merge into\n";

constexpr const char* kBestHelp =
    "usage: kforge db best --db PATH [--target STRING] [--json]\n"
    "       kforge list --db PATH [--target STRING] [--json]\n"
    "\n"
    "The best (fastest correct) schedule of every workload, target and thread count in the\n"
    "database, as a table or, with --json, as JSON lines in the format of `kforge db export`\n"
    "(which `kforge db import` reads).\n"
    "\n"
    "options:\n"
    "  --db PATH         database to read (must exist)\n"
    "  --target STRING   only records of this target\n"
    "  --json            JSON lines instead of a table\n";

/// Opens a database that must already exist (reading commands never create one).
std::unique_ptr<Database> open_existing(const CliArgs& args) {
  if (!args.has("--db")) throw InputError("--db", "is required (see --help)");
  const std::string path = args.get("--db", "");
  struct stat info;
  if (path != ":memory:" && ::stat(path.c_str(), &info) != 0) {
    throw InputError("--db", "cannot read '" + path + "': " + std::strerror(errno));
  }
  return Database::open(path);
}

/// The records of one JSON-lines file (or stdin for "-"), each line checked.
std::vector<TuningRecord> read_json_lines(const std::string& file) {
  std::ifstream stream;
  if (file != "-") {
    stream.open(file);
    if (!stream) throw InputError(file, std::string("cannot read: ") + std::strerror(errno));
  }
  std::istream& in = file == "-" ? std::cin : stream;
  const std::string name = file == "-" ? "stdin" : file;
  std::vector<TuningRecord> records;
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    if (is_blank_json_line(line)) continue;
    records.push_back(record_from_json(line, name + " line " + std::to_string(number)));
  }
  if (in.bad()) throw InputError(name, std::string("read error: ") + std::strerror(errno));
  return records;
}

int run_export(const std::vector<std::string>& argv) {
  CliArgs args(argv, {"--db", "--out", "--target"}, {"--help"});
  if (args.has("--help")) {
    std::fputs(kExportHelp, stdout);
    return 0;
  }
  if (!args.positional().empty()) {
    throw InputError(args.positional()[0], "unexpected argument (see --help)");
  }
  std::unique_ptr<Database> database = open_existing(args);
  const std::vector<TuningRecord> records = database->all_records(args.get("--target", ""));
  std::string text;
  for (const TuningRecord& r : records) text += record_to_json(r) + "\n";

  const std::string out = args.get("--out", "-");
  if (out == "-") {
    std::fwrite(text.data(), 1, text.size(), stdout);
    if (std::fflush(stdout) != 0) throw std::runtime_error("cannot write stdout");
  } else {
    // Written beside the destination and renamed, so a failed export never leaves half a file.
    const std::string temporary = out + ".partial";
    {
      std::ofstream file(temporary, std::ios::binary | std::ios::trunc);
      if (!file)
        throw InputError("--out", "cannot write '" + temporary + "': " + std::strerror(errno));
      file.write(text.data(), static_cast<std::streamsize>(text.size()));
      file.close();
      if (!file) {
        std::remove(temporary.c_str());
        throw std::runtime_error("cannot write " + temporary);
      }
    }
    if (std::rename(temporary.c_str(), out.c_str()) != 0) {
      const std::string reason = std::strerror(errno);
      std::remove(temporary.c_str());
      throw InputError("--out", "cannot replace '" + out + "': " + reason);
    }
  }
  std::fprintf(stderr, "kforge db export: %zu records from %s to %s\n", records.size(),
               database->path().c_str(), out == "-" ? "stdout" : out.c_str());
  return 0;
}

int run_import(const std::vector<std::string>& argv) {
  CliArgs args(argv, {"--db"}, {"--help"});
  if (args.has("--help")) {
    std::fputs(kImportHelp, stdout);
    return 0;
  }
  if (!args.has("--db")) throw InputError("--db", "is required (see --help)");
  if (args.positional().empty()) throw InputError("FILE", "give at least one file to import");
  // Every file is parsed and checked before the database is opened: bad input writes nothing.
  std::vector<std::vector<TuningRecord>> files;
  for (const std::string& file : args.positional()) files.push_back(read_json_lines(file));

  std::unique_ptr<Database> database = Database::open(args.get("--db", ""));
  for (size_t i = 0; i < files.size(); ++i) {
    const std::string& file = args.positional()[i];
    Database::MergeResult result;
    try {
      result = database->merge(files[i]);
    } catch (const InputError& error) {
      throw InputError(file + ", " + error.field(),
                       error.rule() + (i > 0 ? " (the files before it were imported)" : ""));
    }
    std::printf("%s: %zu records, %lld added, %lld already present\n", file.c_str(),
                files[i].size(), static_cast<long long>(result.added),
                static_cast<long long>(result.present));
  }
  return 0;
}

int run_best(const std::vector<std::string>& argv) {
  CliArgs args(argv, {"--db", "--target"}, {"--help", "--json"});
  if (args.has("--help")) {
    std::fputs(kBestHelp, stdout);
    return 0;
  }
  if (!args.positional().empty()) {
    throw InputError(args.positional()[0], "unexpected argument (see --help)");
  }
  std::unique_ptr<Database> database = open_existing(args);
  const std::vector<TuningRecord> best = database->best_per_workload(args.get("--target", ""));
  if (args.has("--json")) {
    for (const TuningRecord& r : best) std::printf("%s\n", record_to_json(r).c_str());
    return 0;
  }
  TextTable table({"workload", "threads", "ms", "GFLOP/s", "template", "knobs", "target"});
  for (const TuningRecord& r : best) {
    table.add_row({r.workload_key, std::to_string(r.threads), format("%.3f", r.min_seconds * 1e3),
                   format("%.1f", r.gflops),
                   r.template_name + " v" + std::to_string(r.template_version), r.knobs, r.target});
  }
  std::printf("%s", table.render().c_str());
  return 0;
}

}  // namespace

int run_db(const std::vector<std::string>& argv) {
  if (argv.empty() || argv[0] == "--help" || argv[0] == "-h") {
    std::fputs(kDbHelp, argv.empty() ? stderr : stdout);
    return argv.empty() ? 2 : 0;
  }
  const std::string command = argv[0];
  const std::vector<std::string> rest(argv.begin() + 1, argv.end());
  if (command == "export") return run_export(rest);
  if (command == "import") return run_import(rest);
  if (command == "best") return run_best(rest);
  throw InputError("db " + command, "unknown db command (export, import or best)");
}

int run_list(const std::vector<std::string>& argv) { return run_best(argv); }

}  // namespace kf
