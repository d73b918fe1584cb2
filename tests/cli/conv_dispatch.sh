#!/usr/bin/env bash
# The conv dispatch of an emitted library: four tuned workloads (one whose schedule packs its
# weights, one that takes its tensors reshaped: a 1x1 conv as a GEMM, one that does both) and
# examples/conv_dispatch_example.c, which calls <lib>_conv() on them and on untuned shapes of
# every rank and layout and checks each against a naive loop and the kernel chosen.
set -euo pipefail
kforge=$1 source_dir=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$kforge" tune 'mb1ic8ih9iw11oc16kh3kw3ph1pw1_bia_relu_n"a"' --db "$work/d.db" \
  --budget-trials 2 --no-compare >/dev/null
"$kforge" tune 'mb1ic16ih10oc32kh3ph1_n"w"' --templates conv_winograd_f4_nhwc --db "$work/d.db" \
  --budget-trials 2 --no-compare >/dev/null
"$kforge" tune 'mb1ic8ih5iw7oc16kh1kw1_nchw_bia_n"p"' --templates conv_gemm_1x1_nchw \
  --db "$work/d.db" --budget-trials 2 --no-compare >/dev/null
"$kforge" tune 'mb1ic8ih5iw7oc32kh1kw1_bia_n"q"' --templates conv_gemm_1x1_packed_nhwc \
  --db "$work/d.db" --budget-trials 2 --no-compare >/dev/null
"$kforge" emit 'mb1ic8ih9iw11oc16kh3kw3ph1pw1_bia_relu_n"a"' 'mb1ic16ih10oc32kh3ph1_n"w"' \
  'mb1ic8ih5iw7oc16kh1kw1_nchw_bia_n"p"' 'mb1ic8ih5iw7oc32kh1kw1_bia_n"q"' \
  --db "$work/d.db" --out "$work/out" --name kfd >/dev/null
grep -q 'static inline int kfd_conv(const kf_conv_shape \*s' "$work/out/kfd.h"
cc -std=c99 -O2 -Wall -Wextra -Werror -I"$work/out" "$source_dir/examples/conv_dispatch_example.c" \
  "$work/out/libkfd.a" -lpthread -ldl -lm -o "$work/dispatch"
"$work/dispatch"
# The header still compiles as C++ (two libraries' headers may meet in one file).
printf '#include "kfd.h"\nint main() { kf_conv_shape s = {}; return kfd_conv_kernel_name(&s) ? 1 : 0; }\n' \
  >"$work/cxx.cpp"
c++ -std=c++17 -Wall -Werror -fsyntax-only -I"$work/out" "$work/cxx.cpp"
echo "conv_dispatch: ok"
