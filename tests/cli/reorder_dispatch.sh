#!/usr/bin/env bash
# The reorder dispatch of an emitted library: two tuned conversions (to blocked, a transpose)
# and examples/reorder_dispatch_example.c, which calls <lib>_reorder() on them, on a shape with
# the same memory view, on untuned layout pairs of every rank and on bad shapes, checking each
# against a naive loop and the kernel chosen.
set -euo pipefail
kforge=$1 source_dir=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

shapes=('mb1ic17ih5iw7_nchw_to_nchw16c_n"blk"' 'mb2ic8ih6iw5_nhwc_to_nchw_n"t"')
"$kforge" tune "${shapes[@]}" --op reorder --db "$work/d.db" --budget-trials 2 --no-compare \
  >/dev/null
"$kforge" emit "${shapes[@]}" --op reorder --db "$work/d.db" --out "$work/out" --name kfr \
  >/dev/null
grep -q 'static inline int kfr_reorder(const kf_reorder_shape \*s' "$work/out/kfr.h"
cc -std=c99 -O2 -Wall -Wextra -Werror -I"$work/out" \
  "$source_dir/examples/reorder_dispatch_example.c" "$work/out/libkfr.a" -lpthread -ldl -lm \
  -o "$work/dispatch"
"$work/dispatch"
# The header still compiles as C++.
printf '#include "kfr.h"\nint main() { kf_reorder_shape s = {}; return kfr_reorder_kernel_name(&s) ? 1 : 0; }\n' \
  >"$work/cxx.cpp"
c++ -std=c++17 -Wall -Werror -fsyntax-only -I"$work/out" "$work/cxx.cpp"
echo "reorder_dispatch: ok"
