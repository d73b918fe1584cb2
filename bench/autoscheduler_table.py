#!/usr/bin/env python3
"""Turns kf_autoscheduler_bench's JSON output into the Markdown tables of
bench/RESULTS_autoscheduler.md.

Usage: autoscheduler_table.py RESULTS.json [SHAPE_FILE]

Layers are listed in the order of SHAPE_FILE (a benchdnn shape list) when given, else in the
order of the JSON. Each cell is GFLOP/s from the median of the repetitions (the single run when
there are none); "tuned / Mullapudi" divides our tuned schedule by Mullapudi2016's. A second
table gives each autoscheduler's schedule time (Pipeline::auto_schedule) and JIT compile time.
Benchmarks that were skipped with an error (a schedule that failed to compile or was wrong) are
listed with their message after the tables.
"""
import collections
import json
import math
import re
import sys

SCHEDULERS = ["mullapudi2016", "li2018", "adams2019"]
OURS = ["baseline", "tuned"]
RATIOS = ["tuned", "baseline"]  # the order of the ratio columns
PEERS = ["onednn_direct"]


def layer_order(shape_file):
    order = []
    with open(shape_file) as f:
        for line in f:
            line = line.split("#")[0].strip()
            match = re.search(r'n"([^"*]+)', line)
            if match:
                order.append(match.group(1))
    return order


def main():
    with open(sys.argv[1]) as f:
        report = json.load(f)
    cells = collections.defaultdict(dict)  # (layer, threads) -> variant -> gflops
    times = collections.defaultdict(dict)  # (layer, threads) -> scheduler -> (schedule_s, compile_s)
    errors = []
    for run in report["benchmarks"]:
        parts = run["run_name"].split("/")
        layer, variant, threads = parts[1], parts[2], int(parts[3].split(":")[1])
        if run.get("error_occurred"):
            entry = (layer, variant, threads, run.get("error_message", ""))
            if run.get("run_type") == "iteration" and entry not in errors:
                errors.append(entry)
            continue
        repeated = run.get("repetitions", 1) > 1
        aggregate = run.get("aggregate_name")
        if (repeated and aggregate != "median") or (not repeated and run.get("run_type") != "iteration"):
            continue
        cells[(layer, threads)][variant] = run["FLOPS"] * 1e-9
        if "schedule_s" in run:
            times[(layer, threads)][variant] = (run["schedule_s"], run["compile_s"])

    keys = list(cells) + [(e[0], e[2]) for e in errors]
    layers = list(dict.fromkeys(k[0] for k in keys))
    if len(sys.argv) > 2:
        order = layer_order(sys.argv[2])
        layers.sort(key=lambda name: order.index(name.split(":")[-1]) if name.split(":")[-1] in order else len(order))
    failed = {(e[0], e[2], e[1]): e[3] for e in errors}

    for threads in sorted({k[1] for k in keys}):
        print(f"\n### {threads} thread{'s' if threads > 1 else ''}\n")
        columns = SCHEDULERS + OURS + PEERS
        print("| layer | " + " | ".join(columns) + " | tuned / Mullapudi | baseline / Mullapudi |")
        print("|---|" + "---:|" * (len(columns) + 2))
        ratios = collections.defaultdict(list)
        for layer in layers:
            row = cells.get((layer, threads), {})
            if not row and not any(k[0] == layer and k[1] == threads for k in failed):
                continue
            text = []
            for c in columns:
                if c in row:
                    text.append(f"{row[c]:.0f}")
                elif (layer, threads, c) in failed:
                    text.append("fail")
                else:
                    text.append("-")
            for ours in RATIOS:
                if ours in row and "mullapudi2016" in row:
                    ratio = row[ours] / row["mullapudi2016"]
                    ratios[ours].append(ratio)
                    text.append(f"{ratio:.2f}x")
                else:
                    text.append("-")
            print(f"| {layer.split(':')[-1]} | " + " | ".join(text) + " |")
        geo = [f"{math.exp(sum(map(math.log, ratios[o])) / len(ratios[o])):.2f}x" if ratios[o] else "-" for o in RATIOS]
        print("| **geomean** | " + " | ".join([""] * len(columns)) + " | " + " | ".join(geo) + " |")

        print(f"\nSchedule / compile time in seconds ({threads} thread{'s' if threads > 1 else ''}):\n")
        print("| layer | " + " | ".join(SCHEDULERS) + " |")
        print("|---|" + "---:|" * len(SCHEDULERS))
        for layer in layers:
            row = times.get((layer, threads), {})
            if not row:
                continue
            text = [f"{row[s][0]:.3g} / {row[s][1]:.2f}" if s in row else "-" for s in SCHEDULERS]
            print(f"| {layer.split(':')[-1]} | " + " | ".join(text) + " |")

    if errors:
        print("\nFailures:\n")
        for layer, variant, threads, message in errors:
            print(f"- {layer} {variant} threads:{threads}: {message}")


if __name__ == "__main__":
    main()
