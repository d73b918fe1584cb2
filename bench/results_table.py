#!/usr/bin/env python3
"""Turns kf_conv_bench's (or kf_deconv_bench's) JSON output into the Markdown tables of
bench/RESULTS.md (bench/RESULTS_deconv.md).

Usage: results_table.py RESULTS.json [SHAPE_FILE]

Layers are listed in the order of SHAPE_FILE (a benchdnn shape list) when given, else in the
order of the JSON (which random interleaving shuffles).

Each cell is GFLOP/s (and % of the FP32 FMA peak for the thread count) from the median of the
repetitions (Google Benchmark's "median" aggregate; the single run when there are no
repetitions). The "tuned / oneDNN" column divides tuned by the faster oneDNN algorithm; the
last row is its geometric mean. XNNPACK (NHWC layers only) is shown but not in the ratio.
"""
import collections
import json
import math
import re
import sys

VARIANTS = ["baseline", "tuned", "onednn_direct", "onednn_winograd", "xnnpack"]


def split_name(run_name):
    """(layer, variant, threads) of BM_Conv2d/<layer>/<variant>/threads:<n>/... (or BM_Deconv2d),
    else None. Layer names may hold a slash themselves (mobilenet:conv2_1/dw)."""
    parts = run_name.split("/")
    if parts[0] not in ("BM_Conv2d", "BM_Deconv2d"):
        return None  # BM_JitCompile and other families
    at = next((i for i, part in enumerate(parts) if part.startswith("threads:")), None)
    if at is None or at < 3:
        return None
    return "/".join(parts[1:at - 1]), parts[at - 1], int(parts[at].split(":")[1])


def main():
    with open(sys.argv[1]) as f:
        report = json.load(f)
    # (layer, threads) -> variant -> (gflops, peak_fraction, label, flop)
    cells = collections.defaultdict(dict)
    labels = {}
    for run in report["benchmarks"]:
        if run.get("error_occurred"):
            continue
        aggregate = run.get("aggregate_name")
        repeated = run.get("repetitions", 1) > 1
        if (repeated and aggregate != "median") or (not repeated and run.get("run_type") != "iteration"):
            continue
        name = split_name(run["run_name"])
        if not name:
            continue
        layer, variant, threads = name
        gflops = run["FLOPS"] * 1e-9
        flop = gflops * run["real_time"] * {"ns": 1e-9, "us": 1e-6, "ms": 1e-3, "s": 1}[run["time_unit"]]
        cells[(layer, threads)][variant] = (gflops, run["peak_fraction"], flop)
    for run in report["benchmarks"]:
        name = split_name(run["run_name"])
        if name and run.get("label") and run.get("run_type") == "iteration":
            labels[name] = run["label"]

    layers = list(dict.fromkeys(layer for layer, _ in cells))
    if len(sys.argv) > 2:
        with open(sys.argv[2]) as f:
            order = [m.group(1) for line in f if not line.lstrip().startswith("#")
                     for m in [re.search(r'n"([^"*]+)', line)] if m]
        layers.sort(key=lambda name: order.index(name) if name in order else len(order))
    for threads in sorted({t for _, t in cells}):
        print(f"\n### {threads} thread{'s' if threads > 1 else ''}\n")
        print("| layer | GFLOP | ours baseline | ours tuned | oneDNN direct | oneDNN Winograd "
              "| XNNPACK | tuned / oneDNN |")
        print("|---|---:|---:|---:|---:|---:|---:|---:|")
        ratios = []
        for layer in layers:
            row = cells.get((layer, threads))
            if not row:
                continue
            flop = next(iter(row.values()))[2]
            # Conv lists name one network; deconv lists several (alexnet:, googlenet_v1:, ...).
            shown = layer if len({name.split(":")[0] for name in layers}) > 1 else layer.split(":")[-1]
            text = [shown, f"{flop:.3f}"]
            for variant in VARIANTS:
                if variant in row:
                    gflops, fraction, _ = row[variant]
                    text.append(f"{gflops:.0f} ({fraction * 100:.0f}%)")
                else:
                    text.append("-")
            peers = [row[v][0] for v in ("onednn_direct", "onednn_winograd") if v in row]
            ratio = "-"
            if "tuned" in row and peers:
                ratios.append(row["tuned"][0] / max(peers))
                ratio = f"{ratios[-1]:.2f}x"
            text.append(ratio)
            print("| " + " | ".join(text) + " |")
        if ratios:
            geomean = math.exp(sum(math.log(r) for r in ratios) / len(ratios))
            print(f"| **geomean ({len(ratios)} layers)** |  |  |  |  |  |  | **{geomean:.2f}x** |")
    print("\n### oneDNN implementations\n")
    seen = collections.defaultdict(set)
    for (layer, variant, threads), label in labels.items():
        if variant.startswith("onednn"):
            seen[(variant, label)].add(layer.split(":")[-1])
    for (variant, label), layer_names in sorted(seen.items()):
        print(f"- {variant}: `{label}` ({len(layer_names)} layers)")


if __name__ == "__main__":
    main()
