// kforge emit: read the best schedules from a tuning database and emit them as a static library
// with a C header (`kforge list` is in cmd_db.cpp).
#include <cstdio>
#include <map>

#include "autotune/database.h"
#include "autotune/tuner.h"
#include "dsl/input_error.h"
#include "jit/emitter.h"
#include "tools/cli_args.h"
#include "tools/commands.h"
#include "tools/text_table.h"

namespace kf {

namespace {

constexpr const char* kEmitHelp =
    "usage: kforge emit --db PATH --out DIR --name NAME [descriptor or shape file]... [options]\n"
    "\n"
    "Writes DIR/libNAME.a (all kernels plus the Halide runtime) and DIR/NAME.h (one C function\n"
    "per workload taking plain pointers, float or uint8_t as the header lists per tensor, in the\n"
    "workload's layout). When a workload's schedule packs its weights ahead of the calls, the\n"
    "header also has FN_pack_weights() and FN_PACK_WEIGHTS_ELEMENTS: pack once at load time and\n"
    "pass the packed array to FN. Without workloads, every workload tuned in the database for\n"
    "the target and thread count is emitted. A workload with no tuning record gets its\n"
    "template's baseline schedule (with a warning).\n"
    "\n"
    "options:\n"
    "  --op NAME, --mb N, --layout nhwc|nchw   as for tune\n"
    "  --threads T          use records tuned with T threads (default 1)\n"
    "  --target STRING      Halide target (default: this host)\n";

}  // namespace

int emit_from_database(const std::vector<OpEntry>& workloads, const std::string& db_path,
                       const std::string& out_dir, const std::string& name, int threads,
                       const std::string& target_text) {
  if (c_identifier(name) != name) {
    throw InputError("--name", "must be a C identifier (letters, digits, '_'), got '" + name + "'");
  }
  if (!target_text.empty() && !Halide::Target::validate_target_string(target_text)) {
    throw InputError("--target", "'" + target_text + "' is not a Halide target string");
  }
  const Halide::Target target =
      target_text.empty() ? Halide::get_host_target() : Halide::Target(target_text);
  const std::string key = target.without_feature(Halide::Target::NoRuntime).to_string();
  std::unique_ptr<Database> database = Database::open(db_path);

  std::vector<EmitItem> items;
  std::map<std::string, int> used_names;
  auto add = [&](std::shared_ptr<const OpDesc> op, std::string stem) {
    const OpDesc& desc = *op;
    EmitItem item;
    item.desc = op;
    stem = c_identifier(stem);
    const int count = used_names[stem]++;
    item.function_name = name + "_" + stem + (count ? "_" + std::to_string(count) : "");
    if (auto best = database->best(desc.key(), key, threads)) {
      const ResolvedSchedule schedule = resolve_schedule(desc, *best, target);
      item.tmpl = schedule.tmpl;
      item.config = schedule.config;
      item.note = format("tuned, %d thread(s): %.3f ms, %.1f GFLOP/s, max error %.1e", threads,
                         best->min_seconds * 1e3, best->gflops, best->max_error);
    } else {
      const std::vector<const Template*> templates = templates_for(desc);
      if (templates.empty()) throw InputError("workload", "no template for " + desc.key());
      item.tmpl = templates[0];
      item.config = templates[0]->baseline(desc, target);
      item.note = "untuned baseline";
      std::fprintf(stderr,
                   "kforge emit: warning: %s has no tuning record for %s, %d thread(s); "
                   "emitting the baseline schedule\n",
                   desc.key().c_str(), key.c_str(), threads);
    }
    // Which algorithm variant, and the error bound it was checked against (Winograd trades
    // accuracy for speed).
    item.note += format("; %s, error bound %.1e: ", item.tmpl->variant(desc).c_str(),
                        item.tmpl->tolerance(desc)) +
                 item.tmpl->knob_space(desc, target).encode(item.config);
    items.push_back(std::move(item));
  };

  if (workloads.empty()) {
    for (const TuningRecord& record : database->best_per_workload(key)) {
      if (record.threads == threads) {
        std::shared_ptr<const OpDesc> desc = parse_op(record.op, record.workload_key);
        add(desc, desc->op() + std::to_string(items.size()));
      }
    }
    if (items.empty()) {
      throw InputError("--db", db_path + " holds no tuned workload for " + key + " with " +
                                   std::to_string(threads) + " thread(s)");
    }
  } else {
    for (size_t i = 0; i < workloads.size(); ++i) {
      const std::shared_ptr<const OpDesc>& desc = workloads[i].desc;
      add(desc, desc->layer_name().empty() ? desc->op() + std::to_string(i) : desc->layer_name());
    }
  }

  if (llvm::Error error = emit_library(items, target, out_dir, name)) {
    std::fprintf(stderr, "kforge emit: error: %s\n", llvm::toString(std::move(error)).c_str());
    return 1;
  }
  std::printf("wrote %s/lib%s.a and %s/%s.h (%zu kernels, target %s)\n", out_dir.c_str(),
              name.c_str(), out_dir.c_str(), name.c_str(), items.size(), key.c_str());
  for (const EmitItem& item : items) {
    std::printf("  %s: %s %s\n", item.function_name.c_str(), item.desc->op().c_str(),
                item.desc->to_string().c_str());
  }
  return 0;
}

int run_emit(const std::vector<std::string>& argv) {
  CliArgs args(argv,
               {"--db", "--out", "--name", "--op", "--mb", "--layout", "--threads", "--target"},
               {"--help"});
  if (args.has("--help")) {
    std::fputs(kEmitHelp, stdout);
    return 0;
  }
  for (const char* required : {"--db", "--out", "--name"}) {
    if (!args.has(required)) throw InputError(required, "is required (see --help)");
  }
  std::vector<OpEntry> workloads;
  if (!args.positional().empty()) {
    workloads = parse_workloads(args.get("--op", "conv"), args.positional(),
                                args.get_int("--mb", 0, 1, 1 << 20), args.get("--layout", ""));
  }
  return emit_from_database(
      workloads, args.get("--db", ""), args.get("--out", ""), args.get("--name", ""),
      static_cast<int>(args.get_int("--threads", 1, 1, 1024)), args.get("--target", ""));
}

}  // namespace kf
