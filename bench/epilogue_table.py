#!/usr/bin/env python3
"""Markdown table of a kf_epilogue_bench JSON run (bench/RESULTS_epilogue.md).

usage: epilogue_table.py RUN.json [median|min]

Per layer and thread count: the median (or the minimum) over repetitions of each variant's real
time (and its GFLOP/s, the convolution's FLOPs over that time), the fused/separate time ratios
(below 1: fusing wins), and the median time of the separate pass alone (epilogue_us).
Repetitions are the "iteration" entries of the JSON (run with --benchmark_repetitions=N);
aggregates are ignored. On a shared machine the minimum is the least disturbed repetition.
"""
import json
import statistics
import sys
from collections import defaultdict


def main():
    with open(sys.argv[1]) as f:
        run = json.load(f)
    times = defaultdict(list)  # (layer, threads, variant) -> [us]
    flops = defaultdict(list)
    epilogue = defaultdict(list)
    labels = {}
    errors = {}
    for b in run["benchmarks"]:
        if b.get("run_type") != "iteration":
            continue
        if b.get("error_occurred"):
            errors[b["run_name"]] = b.get("error_message", "")
            continue
        # BM_Epilogue/<layer>/<schedule>/<epilogue>/threads:T/real_time, or .../onednn/<mode>/...
        parts = b["run_name"].split("/")
        layer, variant, threads = parts[1], parts[2] + "/" + parts[3], parts[4].split(":")[1]
        key = (layer, threads, variant)
        scale = {"ns": 1e-3, "us": 1.0, "ms": 1e3}[b["time_unit"]]
        times[key].append(b["real_time"] * scale)
        flops[key].append(b["FLOPS"] * b["real_time"] * scale * 1e-6)  # per call
        if "epilogue_us" in b:
            epilogue[key].append(b["epilogue_us"])
        labels[variant if variant.startswith("onednn") else parts[2]] = b.get("label", "")

    stat_name = sys.argv[2] if len(sys.argv) > 2 else "median"
    stat = {"median": statistics.median, "min": min}[stat_name]

    def med(table, key):
        return stat(table[key]) if table.get(key) else None

    def cell(layer, threads, variant):
        t = med(times, (layer, threads, variant))
        if t is None:
            return "-"
        return "%.1f (%.0f)" % (t, statistics.median(flops[(layer, threads, variant)]) / t / 1e3)

    def ratio(layer, threads, fused, separate):
        a, b = med(times, (layer, threads, fused)), med(times, (layer, threads, separate))
        return "%.3f" % (a / b) if a and b else "-"

    def pass_us(layer, threads, variant):
        e = statistics.median(epilogue[(layer, threads, variant)]) if epilogue.get(
            (layer, threads, variant)) else None
        return "%.1f" % e if e is not None else "-"

    # ResNet-50's layer names sort in network order (res2a_branch1 < res2a_branch2a < res3a...).
    layers = sorted({(k[0], k[1]) for k in times}, key=lambda k: (int(k[1]), k[0]))
    for schedule in ("tuned", "baseline"):
        if not any(k[2].startswith(schedule) for k in times):
            continue
        print("\nOurs, %s schedule: us (GFLOP/s), %s of repetitions\n" % (schedule, stat_name))
        print("| layer | thr | fused | conv, then bias+ReLU pass | fused/sep | pass alone us "
              "| conv+bias, then ReLU pass | fused/sep | pass alone us |")
        print("|---|---|---|---|---|---|---|---|---|")
        for layer, threads in layers:
            f, sbr, sr = (schedule + "/" + v for v in ("fused", "separate_bias_relu",
                                                       "separate_relu"))
            print("| %s | %s | %s | %s | %s | %s | %s | %s | %s |" % (
                layer.split(":")[-1], threads, cell(layer, threads, f), cell(layer, threads, sbr),
                ratio(layer, threads, f, sbr), pass_us(layer, threads, sbr),
                cell(layer, threads, sr), ratio(layer, threads, f, sr),
                pass_us(layer, threads, sr)))
    print("\noneDNN: us (GFLOP/s), %s of repetitions\n" % stat_name)
    print("| layer | thr | conv+bias, ReLU post-op | conv+bias, then eltwise ReLU | fused/sep "
          "| eltwise alone us | ours tuned fused / oneDNN fused |")
    print("|---|---|---|---|---|---|---|")
    for layer, threads in layers:
        ours = med(times, (layer, threads, "tuned/fused"))
        theirs = med(times, (layer, threads, "onednn/fused"))
        print("| %s | %s | %s | %s | %s | %s | %s |" % (
            layer.split(":")[-1], threads, cell(layer, threads, "onednn/fused"),
            cell(layer, threads, "onednn/separate"),
            ratio(layer, threads, "onednn/fused", "onednn/separate"),
            pass_us(layer, threads, "onednn/separate"),
            "%.3f" % (ours / theirs) if ours and theirs else "-"))
    if errors:
        print("\nSkipped:")
        for name, message in sorted(errors.items()):
            print("- %s: %s" % (name, message))


if __name__ == "__main__":
    main()
