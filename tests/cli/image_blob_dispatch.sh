#!/usr/bin/env bash
# The image_blob dispatch of an emitted library: two tuned workloads (NCHW with the R/B swap,
# NHWC BGRA) and examples/image_blob_dispatch_example.c, which calls <lib>_image_blob() on them,
# on untuned shapes (gray, std, batches) and on bad shapes, checking each against a naive loop
# and the kernel chosen.
set -euo pipefail
kforge=$1 source_dir=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

shapes=('mb1ih6iw10ic3_scale0.017_mean103.9:116.8:123.7_swaprb_n"imagenet"'
        'mb1ih5iw9ic4_mean1:2:3:4_nhwc_n"bgra"')
"$kforge" tune "${shapes[@]}" --op image_blob --db "$work/d.db" --budget-trials 2 --no-compare \
  >/dev/null
"$kforge" emit "${shapes[@]}" --op image_blob --db "$work/d.db" --out "$work/out" --name kfb \
  >/dev/null
grep -q 'static inline int kfb_image_blob(const kf_image_blob_shape \*s' "$work/out/kfb.h"
cc -std=c99 -O2 -Wall -Wextra -Werror -I"$work/out" \
  "$source_dir/examples/image_blob_dispatch_example.c" "$work/out/libkfb.a" -lpthread -ldl -lm \
  -o "$work/dispatch"
"$work/dispatch"
# The header still compiles as C++.
printf '#include "kfb.h"\nint main() { kf_image_blob_shape s = {}; return kfb_image_blob_kernel_name(&s) ? 1 : 0; }\n' \
  >"$work/cxx.cpp"
c++ -std=c++17 -Wall -Werror -fsyntax-only -I"$work/out" "$work/cxx.cpp"
echo "image_blob_dispatch: ok"
