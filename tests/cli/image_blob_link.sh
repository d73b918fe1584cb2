#!/usr/bin/env bash
# End to end for image pre-processing (op image_blob, OpenCV blobFromImage): kforge tune two
# workloads, emit one library + header with both, check that the header takes the image as
# const uint8_t *, build examples/image_blob_example.c against them with the system C compiler,
# and run it (it checks every output element against the definition computed in C).
set -euo pipefail
kforge=$1 source_dir=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
rgb='mb2ih13iw17ic3_scale0.017_mean123.7:116.3:103.5_std58.4:57.1:57.4_swaprb_n"rgb"'
bgra='mb1ih9iw23ic4_scale0.5_mean10:20:30:40_nhwc_n"bgra"'

"$kforge" tune --op image_blob "$rgb" "$bgra" --db "$work/ex.db" --budget-trials 3 \
  --budget-seconds 30 --no-compare | tee "$work/tune.txt"
grep -q 'image_blob_rows' "$work/tune.txt"
test "$(sqlite3 "$work/ex.db" 'select count(*) from trials')" -eq 6

"$kforge" emit --op image_blob "$rgb" "$bgra" --db "$work/ex.db" --out "$work/out" \
  --name kfblob | tee "$work/emit.txt"
test -f "$work/out/libkfblob.a" && test -f "$work/out/kfblob.h"
# The image is 8-bit and read-only at the API; the blob is f32.
grep -q 'static inline int kfblob_rgb(const uint8_t \*image, float \*output)' "$work/out/kfblob.h"
grep -q 'static inline int kfblob_bgra(const uint8_t \*image, float \*output)' "$work/out/kfblob.h"
grep -q 'output NCHW float32 \[2\]\[3\]\[13\]\[17\]' "$work/out/kfblob.h"
grep -q 'output NHWC float32 \[1\]\[9\]\[23\]\[4\]' "$work/out/kfblob.h"

cc -std=c99 -O2 -Wall -Wextra -Werror -I"$work/out" "$source_dir/examples/image_blob_example.c" \
  "$work/out/libkfblob.a" -lpthread -ldl -lm -o "$work/image_blob_example"
"$work/image_blob_example"
echo "image_blob_link: ok"
