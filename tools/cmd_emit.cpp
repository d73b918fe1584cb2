// kforge emit: read the best schedules from a tuning database and emit them as a static library
// with a C header (`kforge list` is in cmd_db.cpp).
#include <algorithm>
#include <cstdio>
#include <map>
#include <set>

#include "autotune/database.h"
#include "autotune/tuner.h"
#include "dsl/input_error.h"
#include "jit/emitter.h"
#include "schedules/knob_adapt.h"
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
    "the target(s) and thread count is emitted (for this host's target when none is tuned for\n"
    "them).\n"
    "\n"
    "Each workload gets its best record for the target. When the target has none (a target\n"
    "other than this host, never measured), the best record for this host is adapted to the\n"
    "target: knobs matched by name, vector widths scaled by the ratio of natural vector widths,\n"
    "other values moved to the nearest legal one (the header says \"adapted from <host\n"
    "target>\"). A workload tuned for neither gets its template's baseline schedule (with a\n"
    "warning).\n"
    "\n"
    "options:\n"
    "  --op NAME, --mb N, --layout nhwc|nchw   as for tune\n"
    "  --threads T          use records tuned with T threads (default 1)\n"
    "  --target T[,T...]    Halide target string(s), e.g. host, x86-64-linux-avx2-fma,\n"
    "                       arm-64-linux (default: host). Several targets of one architecture\n"
    "                       and OS make one library holding every kernel once per target; each\n"
    "                       header function calls the kernel of the target with the most\n"
    "                       features that this CPU supports (halide_can_use_target_features),\n"
    "                       the one with the fewest being the fallback (FN_pack_weights()\n"
    "                       packs for that same target). Targets of different architectures\n"
    "                       or OSes in one list are refused. A library for another\n"
    "                       architecture is only written, not linked or run here.\n";

// The targets of --target: one Halide target string or a comma-separated list of them, in
// dispatch order (most features first).
std::vector<Halide::Target> parse_targets(const std::string& text) {
  if (text.empty()) return {Halide::get_host_target()};
  std::vector<Halide::Target> targets;
  size_t begin = 0;
  while (true) {
    const size_t comma = text.find(',', begin);
    const std::string part =
        text.substr(begin, comma == std::string::npos ? std::string::npos : comma - begin);
    if (part.empty() || !Halide::Target::validate_target_string(part)) {
      throw InputError("--target", "'" + part + "' is not a Halide target string (in '" + text +
                                       "'; several targets are separated by commas)");
    }
    targets.push_back(Halide::Target(part).without_feature(Halide::Target::JIT));
    if (comma == std::string::npos) break;
    begin = comma + 1;
  }
  try {
    return dispatch_order(targets);
  } catch (const InputError& error) {
    throw InputError("--target", error.rule());
  }
}

// The database's target key of `target`: its string without NoRuntime (autotune target_key).
std::string key_of(const Halide::Target& target) {
  return target.without_feature(Halide::Target::NoRuntime).to_string();
}

}  // namespace

int emit_from_database(const std::vector<OpEntry>& workloads, const std::string& db_path,
                       const std::string& out_dir, const std::string& name, int threads,
                       const std::string& target_text) {
  if (c_identifier(name) != name) {
    throw InputError("--name", "must be a C identifier (letters, digits, '_'), got '" + name + "'");
  }
  const std::vector<Halide::Target> targets = parse_targets(target_text);
  const Halide::Target host = Halide::get_host_target();
  const std::string host_key = key_of(host);
  std::vector<std::string> keys;
  for (const Halide::Target& target : targets) keys.push_back(key_of(target));
  std::unique_ptr<Database> database = Database::open(db_path);

  // The schedule of `desc` for `target`: its own best record, else the host's best adapted to
  // it, else the baseline.
  auto schedule_for = [&](const OpDesc& desc, const Halide::Target& target) {
    const std::string key = key_of(target);
    EmitSchedule schedule;
    if (auto best = database->best(desc.key(), key, threads)) {
      const ResolvedSchedule resolved = resolve_schedule(desc, *best, target);
      schedule.tmpl = resolved.tmpl;
      schedule.config = resolved.config;
      schedule.note = format("tuned, %d thread(s): %.3f ms, %.1f GFLOP/s, max error %.1e", threads,
                             best->min_seconds * 1e3, best->gflops, best->max_error);
    } else if (auto host_best =
                   key != host_key ? database->best(desc.key(), host_key, threads) : std::nullopt) {
      const ResolvedSchedule resolved = resolve_schedule(desc, *host_best, host);
      const AdaptedConfig adapted =
          adapt_config(desc, *resolved.tmpl, resolved.config, host, target);
      schedule.tmpl = adapted.tmpl;
      schedule.config = adapted.config;
      std::string how;
      if (adapted.baseline) {
        how = "its baseline: " + adapted.reason;
      } else if (adapted.changes.empty()) {
        how = "knobs unchanged";
      } else {
        for (const std::string& change : adapted.changes) how += (how.empty() ? "" : ", ") + change;
      }
      schedule.note = format("adapted from %s (tuned there, %d thread(s): %.3f ms; %s)",
                             host_key.c_str(), threads, host_best->min_seconds * 1e3, how.c_str());
      std::fprintf(stderr,
                   "kforge emit: note: %s has no tuning record for %s, %d thread(s); adapting "
                   "the schedule tuned for %s (%s)\n",
                   desc.key().c_str(), key.c_str(), threads, host_key.c_str(), how.c_str());
    } else {
      const std::vector<const Template*> templates = templates_for(desc);
      if (templates.empty()) throw InputError("workload", "no template for " + desc.key());
      schedule.tmpl = templates[0];
      schedule.config = templates[0]->baseline(desc, target);
      schedule.note = "untuned baseline";
      std::fprintf(stderr,
                   "kforge emit: warning: %s has no tuning record for %s, %d thread(s); "
                   "emitting the baseline schedule\n",
                   desc.key().c_str(), key.c_str(), threads);
    }
    // Which algorithm variant, and the error bound it was checked against (Winograd trades
    // accuracy for speed).
    schedule.note += format("; %s, error bound %.1e: ", schedule.tmpl->variant(desc).c_str(),
                            schedule.tmpl->tolerance(desc)) +
                     schedule.tmpl->knob_space(desc, target).encode(schedule.config);
    return schedule;
  };

  std::vector<EmitItem> items;
  std::map<std::string, int> used_names;
  auto add = [&](std::shared_ptr<const OpDesc> op, std::string stem) {
    const OpDesc& desc = *op;
    EmitItem item;
    item.desc = op;
    stem = c_identifier(stem);
    const int count = used_names[stem]++;
    item.function_name = name + "_" + stem + (count ? "_" + std::to_string(count) : "");
    for (const Halide::Target& target : targets) {
      item.per_target.push_back(schedule_for(desc, target));
    }
    item.tmpl = item.per_target[0].tmpl;
    item.config = item.per_target[0].config;
    item.note = item.per_target[0].note;
    if (targets.size() == 1) item.per_target.clear();
    items.push_back(std::move(item));
  };

  std::string keys_text;
  for (const std::string& key : keys) keys_text += (keys_text.empty() ? "" : ", ") + key;
  if (workloads.empty()) {
    // The workloads tuned for any of the targets, else those tuned for this host.
    std::vector<TuningRecord> tuned;
    for (const std::string& key : keys) {
      for (TuningRecord& record : database->best_per_workload(key)) tuned.push_back(record);
    }
    auto has_threads = [&](const TuningRecord& record) { return record.threads == threads; };
    if (std::none_of(tuned.begin(), tuned.end(), has_threads)) {
      tuned = database->best_per_workload(host_key);
    }
    std::set<std::pair<std::string, std::string>> seen;
    for (const TuningRecord& record : tuned) {
      if (has_threads(record) && seen.insert({record.op, record.workload_key}).second) {
        std::shared_ptr<const OpDesc> desc = parse_op(record.op, record.workload_key);
        add(desc, desc->op() + std::to_string(items.size()));
      }
    }
    if (items.empty()) {
      throw InputError("--db", db_path + " holds no tuned workload for " + keys_text +
                                   (keys_text == host_key ? "" : " nor for " + host_key) +
                                   " with " + std::to_string(threads) + " thread(s)");
    }
  } else {
    for (size_t i = 0; i < workloads.size(); ++i) {
      const std::shared_ptr<const OpDesc>& desc = workloads[i].desc;
      add(desc, desc->layer_name().empty() ? desc->op() + std::to_string(i) : desc->layer_name());
    }
  }

  if (llvm::Error error = emit_library(items, targets, out_dir, name)) {
    std::fprintf(stderr, "kforge emit: error: %s\n", llvm::toString(std::move(error)).c_str());
    return 1;
  }
  std::printf("wrote %s/lib%s.a and %s/%s.h (%zu kernels, target%s %s)\n", out_dir.c_str(),
              name.c_str(), out_dir.c_str(), name.c_str(), items.size(),
              targets.size() > 1 ? "s" : "", keys_text.c_str());
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
