#!/usr/bin/env bash
# End to end for streaming (non-temporal) stores: a batch-norm record whose schedule streams its
# output (made by editing an exported record, since the tuner picks streaming only for tensors
# larger than the last-level cache) is imported, emitted, and linked into
# examples/bnorm_example.c, which checks the kernel on a 64-byte aligned and an unaligned
# output against the definition.
set -euo pipefail
kforge=$1 source_dir=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
layer='mb2ic32ih3iw5_nhwc_eps0.001_n"bn"'

"$kforge" tune --op bnorm "$layer" --db "$work/tuned.db" --budget-trials 1 --no-compare \
  >"$work/tune.txt"
"$kforge" db export --db "$work/tuned.db" --out "$work/tuned.jsonl"
grep -q 'stream_stores=0' "$work/tuned.jsonl"
# The same record with streaming stores on, under a new uid.
sed -e 's/stream_stores=0/stream_stores=1/' -e 's/"uid":"[0-9a-f]*"/"uid":"00000000000000000000000000005eed"/' \
  "$work/tuned.jsonl" >"$work/stream.jsonl"
"$kforge" db import --db "$work/stream.db" "$work/stream.jsonl"
"$kforge" emit --op bnorm "$layer" --db "$work/stream.db" --out "$work/out" --name kfbn \
  | tee "$work/emit.txt"
grep -q 'stream_stores=1' "$work/out/kfbn.h"
grep -q 'streaming (non-temporal) stores when its address is a' "$work/out/kfbn.h"
grep -q 'int kfbn_bn_unaligned_halide(' "$work/out/kfbn.h"
# The streaming kernel's object has MOVNTPS.
mkdir "$work/objects" && (cd "$work/objects" && ar x "$work/out/libkfbn.a")
objdump -d "$work/objects/kfbn_bn.o" >"$work/kernel.s"
grep -q 'movntps' "$work/kernel.s"
! grep -q 'movnt' <(objdump -d "$work/objects/kfbn_bn_unaligned.o")

cc -std=c99 -O2 -Wall -Wextra -Werror -D_POSIX_C_SOURCE=200112L -I"$work/out" \
  "$source_dir/examples/bnorm_example.c" "$work/out/libkfbn.a" -lpthread -ldl -lm \
  -o "$work/bnorm_example"
"$work/bnorm_example"
echo "bnorm_stream_link: ok"
