#!/usr/bin/env python3
"""Times every kernel function of a library that `kforge emit` wrote, as an application calls it.

Reads the library's header, writes a C driver that calls each function (packing its weights
first where the header has a pack function), compiles it against the library with the system C
compiler, and runs it. The driver prints one JSON line per function: the median and the minimum
time of one call over `--repetitions` batches, each batch at least 20 ms of back-to-back calls.
The thread count and the pool are the environment's: HL_NUM_THREADS, KF_THREAD_POOL=halide.
Tensors start 64-byte aligned, each at another offset within its page, or `--offset` bytes past
that (malloc's large blocks start 16 bytes past a page).

  bench/emitted_library_timer.py --dir OUT --name NAME [--repetitions 9] [--offset 0]
                                 [--build-only]
"""
import argparse
import os
import re
import subprocess
import sys

FUNCTION = re.compile(r"^static inline int (\w+)\(([^)]*)\) \{$", re.M)
POINTER = re.compile(r"^(const )?(float|uint8_t) \*(\w+)$")


def kernel_functions(header):
    """(name, [(type, role)]) of each per-workload kernel function; pack and dispatch
    functions (which take shapes or are called by the driver itself) are left out."""
    functions = {}
    for match in FUNCTION.finditer(header):
        params = [p.strip() for p in match.group(2).split(",")]
        parsed = [POINTER.match(p) for p in params]
        if not all(parsed):
            continue
        functions[match.group(1)] = [(m.group(2), m.group(3)) for m in parsed]
    kernels = []
    for name, params in functions.items():
        if "_pack_" in name:
            continue
        kernels.append((name, params))
    return kernels, functions


def driver_source(name, kernels, functions, offset):
    out = ["#define _ISOC11_SOURCE", "#define _POSIX_C_SOURCE 199309L", f'#include "{name}.h"',
           "#include <stdio.h>", "#include <stdlib.h>", "#include <time.h>", "",
           "enum { kElements = 16 << 20 };  /* 64 MiB a tensor: more than any layer here */",
           f"enum {{ kOffsetBytes = {offset} }};",
           "static double now(void) {", "  struct timespec t;",
           "  clock_gettime(CLOCK_MONOTONIC, &t);", "  return t.tv_sec + 1e-9 * t.tv_nsec;", "}",
           "static int compare(const void *a, const void *b) {",
           "  double x = *(const double *)a, y = *(const double *)b;",
           "  return x < y ? -1 : x > y;", "}", "",
           "int main(int argc, char **argv) {",
           "  const int repetitions = argc > 1 ? atoi(argv[1]) : 9;",
           "  float *buffers[8];",
           "  for (int b = 0; b < 8; ++b) {",
           "    /* Each tensor at another place in its page: tensors at equal addresses modulo",
           "     * 4 KiB slow a kernel's loads that follow stores (4K aliasing). */",
           "    char *block = aligned_alloc(4096, sizeof(float) * kElements + 8192);",
           "    buffers[b] = (float *)(block + b * 1088 % 4096 + kOffsetBytes);",
           "    for (int i = 0; i < kElements; ++i) {",
           "      buffers[b][i] = (float)((i * 7 + b) % 13) / 13.0f - 0.5f;",
           "    }",
           "  }",
           "  double times[64];",
           "  if (repetitions < 1 || repetitions > 64) {",
           "    fprintf(stderr, \"repetitions: must be 1 to 64\\n\");",
           "    return 2;",
           "  }"]
    for fn, params in kernels:
        if len(params) > 7:
            sys.exit(f"{fn}: more than 7 tensors")
        arguments = []
        setup = []
        for index, (ctype, role) in enumerate(params):
            buffer = f"buffers[{index}]"
            arguments.append(f"({ctype} *){buffer}")
            if role.startswith("packed_"):
                pack = f"{fn}_pack_{role[len('packed_'):]}"
                if pack in functions:
                    setup.append(f"  if ({pack}((const void *)buffers[7], (void *){buffer}) != 0) "
                                 f"return 1;")
        call = f"{fn}({', '.join(arguments)})"
        out += ["  {"] + setup + [
            f"    if ({call} != 0) {{ fprintf(stderr, \"{fn} failed\\n\"); return 1; }}",
            "    int calls = 1;",
            "    for (double start = now(); now() - start < 0.02; calls *= 2) {",
            "      const double t0 = now();",
            f"      for (int c = 0; c < calls; ++c) (void){call};",
            "      if (now() - t0 >= 0.02) break;",
            "    }",
            "    for (int r = 0; r < repetitions; ++r) {",
            "      const double t0 = now();",
            f"      for (int c = 0; c < calls; ++c) (void){call};",
            "      times[r] = (now() - t0) / calls;",
            "    }",
            "    qsort(times, repetitions, sizeof(double), compare);",
            f"    printf(\"{{\\\"function\\\": \\\"{fn}\\\", \\\"calls\\\": %d, \"",
            "           \"\\\"median_us\\\": %.3f, \\\"min_us\\\": %.3f}\\n\",",
            "           calls, 1e6 * times[repetitions / 2], 1e6 * times[0]);",
            "  }"]
    out += ["  return 0;", "}", ""]
    return "\n".join(out)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", required=True, help="the directory kforge emit --out wrote")
    parser.add_argument("--name", required=True, help="the library's --name")
    parser.add_argument("--repetitions", type=int, default=9)
    parser.add_argument("--offset", type=int, default=0,
                        help="bytes past a 64-byte boundary where each tensor starts")
    parser.add_argument("--build-only", action="store_true")
    args = parser.parse_args()
    if args.offset < 0 or args.offset % 4 != 0 or args.offset >= 64:
        sys.exit(f"--offset: must be a multiple of 4 in [0, 64), got {args.offset}")
    if not 1 <= args.repetitions <= 64:
        sys.exit(f"--repetitions: must be 1 to 64, got {args.repetitions}")
    header = os.path.join(args.dir, args.name + ".h")
    try:
        with open(header) as f:
            kernels, functions = kernel_functions(f.read())
    except OSError as error:
        sys.exit(f"--dir/--name: cannot read the library's header {header} ({error.strerror})")
    if not kernels:
        sys.exit(f"{args.name}.h: no kernel functions found")
    stem = os.path.join(args.dir, f"{args.name}_timer_offset{args.offset}")
    source, program = stem + ".c", stem
    with open(source, "w") as f:
        f.write(driver_source(args.name, kernels, functions, args.offset))
    subprocess.run(["cc", "-std=c11", "-O2", "-I", args.dir, source,
                    os.path.join(args.dir, f"lib{args.name}.a"), "-lpthread", "-ldl", "-lm",
                    "-o", program], check=True)
    if not args.build_only:
        subprocess.run([program, str(args.repetitions)], check=True)


if __name__ == "__main__":
    main()
