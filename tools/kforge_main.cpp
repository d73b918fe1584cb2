// kforge: the command line of KernelForge. Dispatches to the subcommands and maps errors to exit
// codes (0 ok, 2 usage or bad input, 1 internal failure).
#include <cstdio>
#include <cstring>
#include <exception>
#include <string>
#include <vector>

#include "autotune/database.h"
#include "dsl/input_error.h"
#include "tools/commands.h"

namespace {

constexpr const char* kUsage =
    "kforge: tuned CPU kernels for deep-learning layers\n"
    "\n"
    "usage: kforge <command> [options]   (kforge <command> --help for each)\n"
    "\n"
    "commands:\n"
    "  tune   tune convolution workloads (benchdnn descriptors or shape files) into a database\n"
    "  emit   write a static library and C header of the best schedules in a database\n"
    "  list   list the best schedule per workload in a database (= db best)\n"
    "  db     export a database as JSON lines, import (merge) such files, list the best\n"
    "  demo   tune a built-in set of ResNet-50 layers, print a comparison, emit a library\n"
    "  report write an HTML page of a database: tuning curves, best knobs, roofline, peers\n";

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2 || !std::strcmp(argv[1], "--help") || !std::strcmp(argv[1], "-h")) {
    std::fputs(kUsage, argc < 2 ? stderr : stdout);
    return argc < 2 ? 2 : 0;
  }
  const std::string command = argv[1];
  const std::vector<std::string> args(argv + 2, argv + argc);
  try {
    if (command == "tune") return kf::run_tune(args);
    if (command == "emit") return kf::run_emit(args);
    if (command == "list") return kf::run_list(args);
    if (command == "db") return kf::run_db(args);
    if (command == "demo") return kf::run_demo(args);
    if (command == "report") return kf::run_report(args);
    std::fprintf(stderr, "kforge: unknown command '%s'\n\n%s", command.c_str(), kUsage);
    return 2;
  } catch (const kf::InputError& error) {
    std::fprintf(stderr, "kforge %s: error: %s\n", command.c_str(), error.what());
    return 2;
  } catch (const kf::DatabaseError& error) {
    std::fprintf(stderr, "kforge %s: error: %s\n", command.c_str(), error.what());
    return 1;
  } catch (const std::exception& error) {
    std::fprintf(stderr, "kforge %s: internal error: %s\n", command.c_str(), error.what());
    return 1;
  }
}
