#!/usr/bin/env python3
"""How well the tuner's recorded times predict kf_conv_bench's: for each layer, the benchmark's
median time of the tuned kernel divided by the time the tuner recorded for that kernel.

usage: tuner_agreement.py BENCH.json SHAPE_FILE THREADS (--header bench/tuned_configs.h |
                          --tune-table TABLE.txt)

BENCH.json is kf_conv_bench's --benchmark_out (with repetitions: its median aggregate).
--header reads the tuner's times from the comments of a tuned-config table (entries in the
order of SHAPE_FILE); --tune-table from the text table that `kforge tune` prints (its
"tuned ms" column, rows "<list>:<layer> ..."). Prints min, median and max of the ratio and the
ratio of each layer in SHAPE_FILE's order. A spread (max / min) near 1 means the tuner ranked
kernels by what the benchmark sees; the common offset varies from run to run.
"""
import argparse
import json
import re
import statistics

UNITS = {"ns": 1e-9, "us": 1e-6, "ms": 1e-3, "s": 1.0}


def layer_names(shape_file):
    """Layer names of a benchdnn shape list, in order, without the list prefix and multiplicity
    (n"resnet_50:res2a_branch1*4" -> res2a_branch1)."""
    names = []
    with open(shape_file) as f:
        for line in f:
            match = re.search(r'n"([^"]*)"', line.split("#")[0])
            if match:
                names.append(match.group(1).split(":", 1)[-1].split("*")[0])
    return names


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("bench_json")
    parser.add_argument("shape_file")
    parser.add_argument("threads", type=int)
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--header")
    source.add_argument("--tune-table")
    args = parser.parse_args()

    bench = {}  # layer (without the list prefix) -> seconds
    with open(args.bench_json) as f:
        for b in json.load(f)["benchmarks"]:
            parts = b["run_name"].split("/")
            if parts[0] != "BM_Conv2d" or f"threads:{args.threads}" not in parts:
                continue
            at = parts.index(f"threads:{args.threads}")
            if parts[at - 1] != "tuned" or b.get("aggregate_name", "median") != "median":
                continue
            layer = "/".join(parts[1:at - 1]).split(":", 1)[-1]
            bench[layer] = b["real_time"] * UNITS[b["time_unit"]]

    if args.header:
        text = open(args.header).read()
        entries = re.findall(r'\{"[^"]*",\s*(\d+),.*?// ([0-9.]+) ms', text, re.S)
        tuner = [float(ms) * 1e-3 for threads, ms in entries if int(threads) == args.threads]
        layers = layer_names(args.shape_file)[:len(tuner)]
    else:
        layers, tuner = [], []
        with open(args.tune_table) as f:
            for line in f:
                fields = line.split()
                if len(fields) > 3 and ":" in fields[0] and not line.startswith("["):
                    layers.append(fields[0].split(":", 1)[1])
                    tuner.append(float(fields[3]) * 1e-3)

    ratios = [(layer, bench[layer] / t) for layer, t in zip(layers, tuner) if layer in bench]
    if not ratios:
        raise SystemExit("no layer of the tuner's times is in the benchmark output")
    values = [r for _, r in ratios]
    print(f"{len(values)} layers: bench / tuner min {min(values):.2f} median "
          f"{statistics.median(values):.2f} max {max(values):.2f} (max / min "
          f"{max(values) / min(values):.2f})")
    for layer, r in ratios:
        print(f"  {layer:24s} {r:.2f}")


if __name__ == "__main__":
    main()
