#!/usr/bin/env python3
"""How fast `kforge tune` converges, and whether a warm re-run starts at the recorded best.

Usage: tuning_convergence.py COLD.jsonl [WARM.jsonl]

COLD.jsonl is the `--json` output of a long `kforge tune` run on an empty database (a budget
well beyond 60 s per layer, `--patience 0`, so that its final best is the best it can find).
For each workload the table gives the final best, the wall time and trial count at which the
best so far first came within 5% of it (the issue's bar: at most 60 s), and the best reached
within the first 60 s.

WARM.jsonl, optional, is the `--json` output of `kforge tune --retune` on the same layers and
database afterwards: its first trial should re-measure the recorded best. The second table gives
that first trial's template and GFLOP/s against the cold run's final best.
"""
import collections
import json
import sys

WITHIN = 0.05     # "within 5% of its final best"
BAR_SECONDS = 60  # "in at most 60 s per layer"


def read_events(path):
    trials = collections.defaultdict(list)  # workload -> trial events in order
    workloads = {}                          # workload -> its workload event
    layers = {}
    with open(path) as f:
        for line in f:
            line = line.strip()
            if not line.startswith("{"):
                continue
            event = json.loads(line)
            key = event.get("workload")
            if event["event"] == "trial":
                trials[key].append(event)
                layers[key] = event["layer"]
            elif event["event"] == "workload":
                workloads[key] = event
                layers[key] = event["layer"]
    return trials, workloads, layers


def convergence(trials):
    """(final best GFLOP/s, seconds to within 5%, trials to within 5%, best within 60 s)."""
    best_curve = [(t["elapsed"], t["best_gflops"]) for t in trials if t["best_gflops"]]
    if not best_curve:
        return None
    final = best_curve[-1][1]
    first_close = next(i for i, (_, best) in enumerate(best_curve) if best >= (1 - WITHIN) * final)
    within_bar = max((best for elapsed, best in best_curve if elapsed <= BAR_SECONDS), default=0)
    trial_number = trials.index(next(t for t in trials if t["best_gflops"])) + first_close + 1
    return final, best_curve[first_close][0], trial_number, within_bar


def main():
    cold_trials, cold_workloads, layers = read_events(sys.argv[1])
    print("| layer | trials | final best GFLOP/s | template | s to within 5% | trials to within 5% "
          "| best in 60 s (of final) | bar |")
    print("|---|---:|---:|---|---:|---:|---:|---|")
    finals = {}
    for key, trials in cold_trials.items():
        result = convergence(trials)
        if not result:
            print(f"| {layers[key]} | {len(trials)} | no ok trial | | | | | |")
            continue
        final, seconds, trial_number, within_bar = result
        finals[key] = final
        template = cold_workloads.get(key, {}).get("template") or "-"
        bar = "met" if seconds <= BAR_SECONDS else "missed"
        print(f"| {layers[key]} | {len(trials)} | {final:.1f} | {template} | {seconds:.0f} | "
              f"{trial_number} | {100 * within_bar / final:.0f}% | {bar} |")
    if len(sys.argv) < 3:
        return
    warm_trials, _, warm_layers = read_events(sys.argv[2])
    print()
    print("| layer | recorded best | first trial of the re-run | its GFLOP/s | of recorded best |")
    print("|---|---|---|---:|---:|")
    for key, trials in warm_trials.items():
        if not trials or key not in finals:
            continue
        first = trials[0]
        recorded = cold_workloads.get(key, {})
        same = first["template"] == recorded.get("template") and \
            first["knobs"] == recorded.get("knobs")
        gflops = first["gflops"]
        ratio = f"{100 * gflops / finals[key]:.0f}%" if gflops else first["status"]
        print(f"| {warm_layers[key]} | {recorded.get('template', '-')} | "
              f"{'the recorded best' if same else first['template'] + ' ' + first['knobs']} | "
              f"{gflops or 0:.1f} | {ratio} |")


if __name__ == "__main__":
    main()
