// kforge demo: the README's main job. Tunes a built-in set of ResNet-50 layers at batch 1,
// prints the comparison table, and emits a linkable library of the tuned kernels.
#include <cstdio>

#include "tools/cli_args.h"
#include "tools/commands.h"

namespace kf {

namespace {

// From benchdnn's shapes_resnet_50 (../shared/shapes/benchdnn/conv), at mb1, NHWC.
const char* const kDefaultLayers[] = {
    "mb1ic64ih56oc64oh56kh3ph1n\"resnet_50:res2a_branch2b\"",
    "mb1ic128ih28oc128oh28kh3ph1n\"resnet_50:res3a_branch2b\"",
    "mb1ic64ih56oc64oh56kh1ph0n\"resnet_50:res2a_branch2a\"",
};

constexpr const char* kDemoHelp =
    "usage: kforge demo [--out DIR] [--db PATH] [--budget-trials N] [--threads T] [--retune]\n"
    "\n"
    "Tunes ResNet-50 res2a_branch2b, res3a_branch2b and res2a_branch2a (mb1, NHWC), prints a\n"
    "comparison with the baseline schedule and oneDNN, and emits DIR/libresnet50_demo.a and\n"
    "DIR/resnet50_demo.h (default DIR: kforge_demo_out, database kforge_demo.db).\n";

}  // namespace

int run_demo(const std::vector<std::string>& argv) {
  CliArgs args(argv, {"--out", "--db", "--budget-trials", "--threads"}, {"--help", "--retune"});
  if (args.has("--help")) {
    std::fputs(kDemoHelp, stdout);
    return 0;
  }
  TuneCommandOptions options;
  options.db_path = args.get("--db", "kforge_demo.db");
  options.budget_trials = static_cast<int>(args.get_int("--budget-trials", 24, 1, 100000));
  options.threads = static_cast<int>(args.get_int("--threads", 1, 1, 1024));
  options.retune = args.has("--retune");
  const std::vector<OpEntry> workloads = parse_workloads(
      "conv", std::vector<std::string>(std::begin(kDefaultLayers), std::end(kDefaultLayers)), 0,
      "");
  if (int code = tune_and_report(workloads, options)) return code;
  std::printf("\n");
  return emit_from_database(workloads, options.db_path, args.get("--out", "kforge_demo_out"),
                            "resnet50_demo", options.threads, "");
}

}  // namespace kf
