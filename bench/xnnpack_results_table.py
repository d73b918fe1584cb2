#!/usr/bin/env python3
"""Markdown tables of KernelForge vs oneDNN vs XNNPACK from the suites' JSON (bench/RESULTS_xnnpack.md).

Usage: xnnpack_results_table.py SUITE.json [SHAPE_FILE]

SUITE.json is the --benchmark_out of kf_conv_bench, kf_deconv_bench or kf_softmax_bench. Layers
are listed in the order of SHAPE_FILE (a benchdnn shape list) when given, else as in the JSON.

Each cell is the median time in microseconds over the repetitions (Google Benchmark's "median"
aggregate; the single run without repetitions) and, for conv and deconv, GFLOP/s; softmax cells
give GB/s (one read and one write of the tensor). "ours" is the tuned schedule where the suite
has one, else the baseline; "oneDNN" is the faster oneDNN algorithm. Ratios are time of the
other over time of XNNPACK (> 1: XNNPACK faster), with geomeans over the rows that have both.
Benchmarks skipped with an error (e.g. XNNPACK cannot run the workload) are listed below the
table with their message.
"""
import collections
import json
import math
import re
import sys

TIME_SCALE = {"ns": 1e-3, "us": 1.0, "ms": 1e3, "s": 1e6}


def load(path):
    with open(path) as f:
        report = json.load(f)
    cells = collections.defaultdict(dict)  # (layer, threads) -> variant -> run
    errors = {}
    for run in report["benchmarks"]:
        # BM_<Op>/<layer, may contain '/'>/<variant>/threads:<n>/real_time
        match = re.match(r"[^/]+/(.+)/([^/]+)/threads:(\d+)", run["run_name"])
        if not match:
            continue  # e.g. BM_JitCompile
        key, variant = (match.group(1), int(match.group(3))), match.group(2)
        if run.get("error_occurred"):
            errors[(key, variant)] = run.get("error_message", "")
            continue
        repeated = run.get("repetitions", 1) > 1
        wanted = (run.get("aggregate_name") == "median" if repeated
                  else run.get("run_type") == "iteration")
        if wanted:
            cells[key][variant] = run
    return cells, errors


def micros(run):
    return run["real_time"] * TIME_SCALE[run["time_unit"]]


def rate(run, softmax):
    return run["bytes_per_second"] * 1e-9 if softmax else run["FLOPS"] * 1e-9


def geomean(values):
    return math.exp(sum(math.log(v) for v in values) / len(values)) if values else float("nan")


def main():
    cells, errors = load(sys.argv[1])
    softmax = any(layer for layer, _ in cells if re.match(r"\d+x", layer))
    layers = list(dict.fromkeys(layer for layer, _ in cells))
    if len(sys.argv) > 2:
        with open(sys.argv[2]) as f:
            order = [m.group(1) for line in f if not line.lstrip().startswith("#")
                     for m in [re.search(r'n"([^"*]+)', line)] if m]
        layers.sort(key=lambda name: order.index(name) if name in order else len(order))
    unit = "GB/s" if softmax else "GFLOP/s"
    for threads in sorted({t for _, t in cells}):
        print(f"\n### {threads} thread{'s' if threads > 1 else ''} (median us, {unit})\n")
        print("| layer | ours baseline | ours tuned | oneDNN | XNNPACK | ours / XNNPACK "
              "| oneDNN / XNNPACK |")
        print("|---|---:|---:|---:|---:|---:|---:|")
        ours_ratio, onednn_ratio = [], []
        for layer in layers:
            row = cells.get((layer, threads))
            if not row:
                continue
            onednn = [row[v] for v in ("onednn", "onednn_direct", "onednn_winograd") if v in row]
            best_onednn = min(onednn, key=micros) if onednn else None
            ours = row.get("tuned") or row.get("baseline")
            xnn = row.get("xnnpack")

            def cell(run):
                return f"{micros(run):.1f} ({rate(run, softmax):.1f})" if run else "-"

            def ratio(run, into):
                if not (run and xnn):
                    return "-"
                value = micros(run) / micros(xnn)
                into.append(value)
                return f"{value:.2f}x"

            print(f"| {layer} | {cell(row.get('baseline'))} | {cell(row.get('tuned'))} "
                  f"| {cell(best_onednn)} | {cell(xnn)} | {ratio(ours, ours_ratio)} "
                  f"| {ratio(best_onednn, onednn_ratio)} |")
        print(f"| **geomean** | | | | | **{geomean(ours_ratio):.2f}x** ({len(ours_ratio)}) "
              f"| **{geomean(onednn_ratio):.2f}x** ({len(onednn_ratio)}) |")
        skipped = collections.defaultdict(list)  # (variant, message) -> layers
        for ((layer, t), variant), message in errors.items():
            if t == threads:
                skipped[(variant, message)].append(layer)
        if skipped:
            print("\nSkipped (benchmark errors):\n")
            for (variant, message), names in sorted(skipped.items()):
                shown = ", ".join(sorted(names)[:4]) + (", ..." if len(names) > 4 else "")
                print(f"- {variant}, {len(names)} layer(s) ({shown}): {message}")


if __name__ == "__main__":
    main()
