#!/usr/bin/env bash
# The normalisation dispatch of an emitted library: a tuned batch norm and layer norm and
# examples/norm_dispatch_example.c, which calls <lib>_norm() on them, on a shape with the same
# memory view, on untuned shapes of every kind and layout and on bad shapes, checking each
# against a naive loop and the kernel chosen.
set -euo pipefail
kforge=$1 source_dir=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$kforge" tune 'mb2ic13ih5iw7_n"bn"' --op bnorm --db "$work/d.db" --budget-trials 2 \
  --no-compare >/dev/null
"$kforge" tune '7x3x33_n"ln"' --op lnorm --db "$work/d.db" --budget-trials 2 --no-compare \
  >/dev/null
"$kforge" emit 'bnorm:mb2ic13ih5iw7_n"bn"' 'lnorm:7x3x33_n"ln"' --db "$work/d.db" \
  --out "$work/out" --name kfn >/dev/null
grep -q 'static inline int kfn_norm(const kf_norm_shape \*s' "$work/out/kfn.h"
cc -std=c99 -O2 -Wall -Wextra -Werror -I"$work/out" "$source_dir/examples/norm_dispatch_example.c" \
  "$work/out/libkfn.a" -lpthread -ldl -lm -o "$work/dispatch"
"$work/dispatch"
# The header still compiles as C++.
printf '#include "kfn.h"\nint main() { kf_norm_shape s = {}; return kfn_norm_kernel_name(&s) ? 1 : 0; }\n' \
  >"$work/cxx.cpp"
c++ -std=c++17 -Wall -Werror -fsyntax-only -I"$work/out" "$work/cxx.cpp"
echo "norm_dispatch: ok"
