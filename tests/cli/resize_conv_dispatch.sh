#!/usr/bin/env bash
# The resize-convolution dispatch of an emitted library: two tuned workloads (NHWC bilinear x2
# with bias, NCHW nearest x3) and examples/resize_conv_dispatch_example.c, which calls
# <lib>_resize_conv() on them, on untuned shapes of every rank, layout and mode and on bad
# shapes, checking each against a naive upsample-then-convolve loop and the kernel chosen.
set -euo pipefail
kforge=$1 source_dir=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

shapes=('mb1ic3ih5iw4oc8kh3kw3ph1pw1_up2_bilinear_nhwc_bia_n"bl"'
        'mb1ic4ih3iw5oc6kh3kw3ph1pw1_up3_nearest_nchw_n"nn"')
"$kforge" tune "${shapes[@]}" --op resize_conv --db "$work/d.db" --budget-trials 2 --no-compare \
  >/dev/null
"$kforge" emit "${shapes[@]}" --op resize_conv --db "$work/d.db" --out "$work/out" --name kfu \
  >/dev/null
grep -q 'static inline int kfu_resize_conv(const kf_resize_conv_shape \*s' "$work/out/kfu.h"
cc -std=c99 -O2 -Wall -Wextra -Werror -I"$work/out" \
  "$source_dir/examples/resize_conv_dispatch_example.c" "$work/out/libkfu.a" -lpthread -ldl -lm \
  -o "$work/dispatch"
"$work/dispatch"
# The header still compiles as C++.
printf '#include "kfu.h"\nint main() { kf_resize_conv_shape s = {}; return kfu_resize_conv_kernel_name(&s) ? 1 : 0; }\n' \
  >"$work/cxx.cpp"
c++ -std=c++17 -Wall -Werror -fsyntax-only -I"$work/out" "$work/cxx.cpp"
echo "resize_conv_dispatch: ok"
