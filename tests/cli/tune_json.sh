#!/usr/bin/env bash
# kforge tune's output without a terminal. With --json: only JSON lines on stdout (one trial
# event per trial, one workload event per workload, one summary last; every member present with
# the right type; strings escaped) and nothing on stderr. Without --json: the table on stdout and
# exactly one plain line per workload on stderr (no carriage-return live line).
set -euo pipefail
kforge=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
# The sanitizer build's own start-up warnings (e.g. ASan on swapcontext) are not kforge output.
drop_sanitizer_notes() { sed -i '/^==[0-9]*==WARNING: ASan /d' "$@"; }
# The layer name holds a backslash and a non-ASCII letter: both must survive JSON escaping.
layer='mb1ic4ih6oc4kh3ph1n"tiny\é"'

"$kforge" tune "$layer" --json --budget-trials 3 --budget-seconds 60 --no-compare --db t.db \
  >tune.jsonl 2>tune.err
drop_sanitizer_notes tune.err
test ! -s tune.err || { echo "FAIL: --json without a terminal wrote to stderr:"; cat tune.err; exit 1; }

# check_events <file> <trial events> <from_database> [passes] [database]
check_events() {
  python3 - "$@" <<'EOF'
import json, sys
path, want_trials, want_from_db = sys.argv[1], int(sys.argv[2]), sys.argv[3] == "true"
passes = int(sys.argv[4]) if len(sys.argv) > 4 else 1
database = sys.argv[5] if len(sys.argv) > 5 else "t.db"
events = []
with open(path, encoding="utf-8") as f:
    for number, line in enumerate(f, 1):
        try:
            events.append(json.loads(line))
        except ValueError as error:
            sys.exit(f"{path} line {number} is not JSON ({error}): {line!r}")

NUM, INT, STR, BOOL, NONE = (int, float), int, str, bool, type(None)
def check(event, types):
    missing = set(types) - set(event)
    extra = set(event) - set(types)
    assert not missing and not extra, f"members missing {missing}, unexpected {extra}: {event}"
    for name, allowed in types.items():
        value = event[name]
        allowed = allowed if isinstance(allowed, tuple) else (allowed,)
        # bool is an int in Python: only a member typed BOOL may hold true/false.
        assert isinstance(value, allowed) and (BOOL in allowed or not isinstance(value, bool)), \
            f"{name}={value!r} is not {allowed}: {event}"

kinds = [e.get("event") for e in events]
assert kinds == ["trial"] * want_trials + ["workload", "summary"], kinds
trials, workload, summary = events[:want_trials], events[-2], events[-1]
for i, t in enumerate(trials):
    check(t, {"event": STR, "workload": STR, "layer": STR, "index": INT, "pass": INT, "trial": INT,
              "template": STR, "knobs": STR, "status": STR, "seconds": NUM + (NONE,),
              "median_seconds": NUM + (NONE,), "gflops": NUM + (NONE,),
              "max_error": NUM + (NONE,), "failure_reason": STR, "elapsed": NUM,
              "best_gflops": NUM + (NONE,)})
    # The trials of each pass in order, the passes in order, the budget split evenly.
    per_pass = want_trials // passes
    assert t["pass"] == i // per_pass and t["trial"] == i % per_pass and t["index"] == 0, t
    assert t["layer"] == "tiny\\\u00e9", t["layer"]
    assert t["workload"].startswith("conv:") and "ic4ih6" in t["workload"], t
    if t["status"] == "ok":
        assert t["seconds"] > 0 and t["gflops"] > 0 and t["failure_reason"] == "", t
    else:
        assert t["seconds"] is None and t["failure_reason"], t
check(workload, {"event": STR, "workload": STR, "layer": STR, "index": INT, "gflop": NUM,
                 "from_database": BOOL, "trials": INT, "failures": INT, "stopped_early": BOOL,
                 "elapsed": NUM, "template": STR, "knobs": STR, "seconds": NUM, "gflops": NUM,
                 "peak_percent": NUM, "gbytes_per_second": NUM, "baseline_seconds": NUM + (NONE,),
                 "onednn_seconds": NONE, "vs_onednn": NONE, "max_error": NUM, "verified": BOOL,
                 "check_failure": STR})
assert workload["from_database"] == want_from_db and workload["trials"] == want_trials, workload
assert workload["verified"] and workload["check_failure"] == "", workload
# A percentage of the measured peak (no upper bound: a sanitizer build measures a low peak).
assert workload["peak_percent"] > 0 and workload["seconds"] > 0, workload
if trials:
    # autotune/schedule_ranking.h: a schedule's time is its median trial (the upper middle of
    # an even count); the fastest schedule wins, the one seen first among equals.
    of_schedule = {}
    for t in trials:
        if t["status"] == "ok":
            of_schedule.setdefault((t["template"], t["knobs"]), []).append(t["seconds"])
    median = lambda times: sorted(times)[len(times) // 2]
    best = min(of_schedule, key=lambda schedule: median(of_schedule[schedule]))
    assert (workload["template"], workload["knobs"]) == best, (workload, of_schedule)
    assert workload["failures"] == sum(t["status"] != "ok" for t in trials)
check(summary, {"event": STR, "workloads": INT, "tuned": INT, "from_database": INT,
                "without_kernel": INT, "trials": INT, "failures": INT, "stopped_early": INT,
                "passes": INT, "threads": INT, "peak_gflops": NUM, "target": STR, "database": STR,
                "elapsed": NUM})
assert summary["workloads"] == 1 and summary["trials"] == want_trials, summary
assert summary["passes"] == passes, summary
assert summary["from_database"] == int(want_from_db) and summary["database"] == database, summary
EOF
}
check_events tune.jsonl 3 false
test "$(sqlite3 t.db 'select count(*) from trials')" -eq 3

# A second run answers from the database: no trial events, the same best.
"$kforge" tune "$layer" --json --no-compare --db t.db >again.jsonl 2>again.err
drop_sanitizer_notes again.err
test ! -s again.err
check_events again.jsonl 0 true

# --passes 2: the workload is searched again after the first pass (its first trial re-measures
# the best), and reported once, with the trials of both passes.
"$kforge" tune "$layer" --json --budget-trials 2 --budget-seconds 60 --no-compare --patience 0 \
  --passes 2 --db passes.db >passes.jsonl 2>passes.err
drop_sanitizer_notes passes.err
test ! -s passes.err
check_events passes.jsonl 4 false 2 passes.db
test "$(sqlite3 passes.db 'select count(*) from trials')" -eq 4

# Without --json and without a terminal: today's table on stdout, one line per workload on
# stderr, no carriage return (no live line).
"$kforge" tune "$layer" mb1ic4ih5oc4kh3ph1 --budget-trials 2 --budget-seconds 60 --no-compare \
  --patience 0 --no-model --db plain.db >plain.out 2>plain.err
drop_sanitizer_notes plain.err
if grep -q $'\r' plain.err plain.out; then
  echo "FAIL: carriage return without a terminal:"
  cat -A plain.err
  exit 1
fi
test "$(wc -l <plain.err)" -eq 2 || { cat plain.err; exit 1; }
grep -q '^\[1/2\] tiny\\é: tuned, 2 trials, 0 failed, best .* GFLOP/s' plain.err
grep -q '^\[2/2\] layer1: tuned, 2 trials' plain.err
grep -q '^layer  *GFLOP  *baseline ms' plain.out
grep -q '^tiny\\é ' plain.out && grep -q '^layer1 ' plain.out
! grep -q '"event"' plain.out
echo "tune_json: ok"
