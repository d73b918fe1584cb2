#!/usr/bin/env bash
# The softmax dispatch of an emitted library: two tuned workloads (strided and contiguous axis)
# and examples/softmax_dispatch_example.c, which calls <lib>_softmax() on them, on a shape with
# the same memory view, on untuned shapes of every layout and axis kind, and on bad shapes,
# checking each against a naive loop and the kernel chosen.
set -euo pipefail
kforge=$1 source_dir=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

shapes=('2x16x12x2x4_n"strided"' '24x37_n"rows"')
"$kforge" tune "${shapes[@]}" --op softmax --db "$work/d.db" --budget-trials 2 --no-compare \
  >/dev/null
"$kforge" emit "${shapes[@]}" --op softmax --db "$work/d.db" --out "$work/out" --name kfs \
  >/dev/null
grep -q 'static inline int kfs_softmax(const kf_softmax_shape \*s' "$work/out/kfs.h"
cc -std=c99 -O2 -Wall -Wextra -Werror -I"$work/out" \
  "$source_dir/examples/softmax_dispatch_example.c" "$work/out/libkfs.a" -lpthread -ldl -lm \
  -o "$work/dispatch"
"$work/dispatch"
# The header still compiles as C++.
printf '#include "kfs.h"\nint main() { kf_softmax_shape s = {}; return kfs_softmax_kernel_name(&s) ? 1 : 0; }\n' \
  >"$work/cxx.cpp"
c++ -std=c++17 -Wall -Werror -fsyntax-only -I"$work/out" "$work/cxx.cpp"
echo "softmax_dispatch: ok"
