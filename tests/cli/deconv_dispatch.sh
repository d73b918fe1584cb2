#!/usr/bin/env bash
# The transposed convolution dispatch of an emitted library: three tuned workloads (NHWC with
# TensorFlow weights and bias, NCHW with PyTorch weights and ReLU, and a stride-1 NHWC layer
# computed as a convolution by Winograd F(2x2,3x3), whose packing stage transforms the flipped
# weights) and
# examples/deconv_dispatch_example.c, which calls <lib>_deconv() on them, on untuned shapes of
# every rank and layout and on bad shapes, checking each against a naive scatter loop and the
# kernel chosen.
set -euo pipefail
kforge=$1 source_dir=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

shapes=('mb1ic7ih5iw6oc16kh4kw4sh2sw2ph1pw1_nhwc_bia_n"up"'
        'mb1ic5ih5iw7oc6kh4kw4sh2sw2ph1pw1_nchw_relu_n"upc"')
"$kforge" tune "${shapes[@]}" --op deconv --db "$work/d.db" --budget-trials 2 --no-compare \
  >/dev/null
same='mb1ic6ih7iw9oc16kh3kw3ph1pw1_nhwc_bia_n"same"'
"$kforge" tune "$same" --op deconv --db "$work/d.db" --budget-trials 1 --no-compare \
  --templates deconv_as_conv_winograd_f2_nhwc >/dev/null
shapes+=("$same")
"$kforge" emit "${shapes[@]}" --op deconv --db "$work/d.db" --out "$work/out" --name kfd \
  >/dev/null
grep -q 'static inline int kfd_deconv(const kf_deconv_shape \*s' "$work/out/kfd.h"
cc -std=c99 -O2 -Wall -Wextra -Werror -I"$work/out" \
  "$source_dir/examples/deconv_dispatch_example.c" "$work/out/libkfd.a" -lpthread -ldl -lm \
  -o "$work/dispatch"
"$work/dispatch"
# The header still compiles as C++.
printf '#include "kfd.h"\nint main() { kf_deconv_shape s = {}; return kfd_deconv_kernel_name(&s) ? 1 : 0; }\n' \
  >"$work/cxx.cpp"
c++ -std=c++17 -Wall -Werror -fsyntax-only -I"$work/out" "$work/cxx.cpp"
echo "deconv_dispatch: ok"
