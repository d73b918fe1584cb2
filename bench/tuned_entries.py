#!/usr/bin/env python3
"""Prints the entries of a tuned-config table (bench/tuned_configs.h, bench/deconv_tuned_configs.h)
from a tuning database's export: the best schedule of each workload and thread count, ranked as
kforge ranks them (autotune/schedule_ranking.h): a schedule's time is the median of its correct
trials' min_seconds (the slower middle of an even count), ties keep the schedule seen first.

usage: kforge db export --db DB | python3 bench/tuned_entries.py [--threads T]

Each entry reads {"<workload key>", threads, "<template>", version, "<knobs>"},  // <ms> ms
in the order the workloads were first tuned; paste them between the table's braces.
"""
import argparse
import json
import sys


def c_string(text, indent, width=100):
    """`text` as one or more adjacent C string literals that fit in `width` columns."""
    room = width - indent - 3  # quotes and a trailing comma or brace
    parts = [text[i:i + room] for i in range(0, len(text), room)] or [""]
    return ("\n" + " " * indent).join(f'"{p}"' for p in parts)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, help="only records measured with T threads")
    args = parser.parse_args()
    trials, order = {}, []  # (workload, threads) -> schedule -> ok records, in order
    for line in sys.stdin:
        if not line.strip():
            continue
        r = json.loads(line)
        if r.get("status") != "ok" or (args.threads and r["threads"] != args.threads):
            continue
        key = (r["workload_key"], r["threads"])
        if key not in trials:
            order.append(key)
            trials[key] = {}
        schedule = (r["template_name"], r["template_version"], r["knobs"])
        trials[key].setdefault(schedule, []).append(r)
    best = {}
    for key, schedules in trials.items():
        for records in schedules.values():  # dicts keep the order schedules were first seen
            ranked = sorted(records, key=lambda r: r["min_seconds"])  # stable
            median = ranked[len(ranked) // 2]
            if key not in best or median["min_seconds"] < best[key]["min_seconds"]:
                best[key] = median
    for key in order:
        r = best[key]
        comment = f'  // {r["min_seconds"] * 1e3:.3f} ms'
        # The knob pieces leave room for the closing brace and the comment (clang-format's 100).
        print(f'    {{{c_string(r["workload_key"], 5)}, {r["threads"]},\n'
              f'     "{r["template_name"]}", {r["template_version"]},\n'
              f'     {c_string(r["knobs"], 5, 100 - len(comment) - 1)}}},{comment}')


if __name__ == "__main__":
    main()
