#!/usr/bin/env bash
# kforge emit --target for targets other than the host, never measured there: a layer tuned on
# this host is emitted for arm-64-linux (the objects must be aarch64; the library cannot be run
# here), for AVX2 (linked and run: this host runs AVX2 code), and as one library for several
# x86 targets that picks a kernel by CPU features at run time (both the host's kernel and the
# fallback are run). A mixed x86 + arm list is refused.
set -euo pipefail
kforge=$1 source_dir=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
layer='mb1ic19ih17iw15oc21kh3kw3sh2sw2ph1pw1_bia_relu_n"small"'  # examples/conv_example.c's
avx2=x86-64-linux-avx2-fma

"$kforge" tune "$layer" --db "$work/ex.db" --budget-trials 2 --budget-seconds 30 --no-compare \
  > "$work/tune.txt"
host=$(sqlite3 "$work/ex.db" 'select distinct target from trials')
echo "host target: $host"

# The architecture of an object file as objdump -f reports it. GNU objdump built for x86 only
# says UNKNOWN for aarch64 objects: then a cross objdump or LLVM's (a dependency) reads it.
architecture() {
  local tool out
  for tool in aarch64-linux-gnu-objdump objdump llvm-objdump-14 llvm-objdump; do
    command -v "$tool" > /dev/null || continue
    out=$("$tool" -f "$1" 2>/dev/null) || continue
    if grep -q 'architecture: *[a-z]' <<< "$out" && ! grep -q 'UNKNOWN' <<< "$out"; then
      echo "$tool: $(grep -o 'file format.*' <<< "$out" | head -1); $(grep -o 'architecture: *[a-z0-9_-]*' <<< "$out")"
      return
    fi
  done
  echo "no objdump reads $1"
}

# arm-64-linux: no record for it, so the host's schedule is adapted; every object (kernels and
# runtime) is aarch64.
"$kforge" emit "$layer" --db "$work/ex.db" --out "$work/arm" --name kfex --target arm-64-linux \
  2> "$work/arm.err" | tee "$work/arm.txt"
grep -q "adapting the schedule tuned for $host" "$work/arm.err"
grep -q '^ \* Target: arm-64-linux$' "$work/arm/kfex.h"
grep -q "adapted from $host" "$work/arm/kfex.h"
mkdir "$work/arm_objects"
(cd "$work/arm_objects" && ar x "$work/arm/libkfex.a")
test -f "$work/arm_objects/kfex_small.o" && test -f "$work/arm_objects/halide_runtime.o"
for object in "$work"/arm_objects/*.o; do
  arch=$(architecture "$object")
  echo "$(basename "$object"): $arch"
  grep -q 'elf64-littleaarch64' <<< "$arch" && grep -q 'architecture: *aarch64' <<< "$arch"
done

# AVX2: adapted, no AVX-512 register in the kernel, linked and run against the naive loop.
"$kforge" emit "$layer" --db "$work/ex.db" --out "$work/avx2" --name kfex --target "$avx2" \
  2> "$work/avx2.err"
grep -q "adapted from $host" "$work/avx2/kfex.h"
mkdir "$work/avx2_objects"
(cd "$work/avx2_objects" && ar x "$work/avx2/libkfex.a")
objdump -f "$work/avx2_objects/kfex_small.o" | grep -q 'architecture: i386:x86-64'
test "$(objdump -d "$work/avx2_objects/kfex_small.o" | grep -c zmm || true)" -eq 0
cc -std=c99 -O2 -Wall -Werror -I"$work/avx2" "$source_dir/examples/conv_example.c" \
  "$work/avx2/libkfex.a" -lpthread -ldl -lm -o "$work/conv_avx2"
"$work/conv_avx2"

# Several targets, listed with the fallback first: the header tries the host's first. Run
# as is (this CPU takes the host's kernel) and with halide_can_use_target_features answering
# no (the runtime's is weak), which takes the fallback.
"$kforge" emit "$layer" --db "$work/ex.db" --out "$work/multi" --name kfex --target "$avx2,host" \
  2> "$work/multi.err" | tee "$work/multi.txt"
grep -q "targets $host, $avx2" "$work/multi.txt"
grep -q 'int kfex_small_t0_halide(' "$work/multi/kfex.h"
grep -q 'int kfex_small_t1_halide(' "$work/multi/kfex.h"
grep -A1 '^ \* Targets' "$work/multi/kfex.h" | grep "^ \*   $host\$" >/dev/null
cat > "$work/select.c" << 'EOF'
#include <stdio.h>

#include "kfex.h"

int main(void) {
  printf("%d\n", kfex_select_target());
  return 0;
}
EOF
cat > "$work/no_features.c" << 'EOF'
#include <stdint.h>

int halide_can_use_target_features(int count, const uint64_t *features) {
  (void)count;
  (void)features;
  return 0;
}
EOF
for variant in host fallback; do
  extra=()
  [ "$variant" = fallback ] && extra=("$work/no_features.c")
  cc -std=c99 -O2 -Wall -Werror -I"$work/multi" "$source_dir/examples/conv_example.c" \
    "${extra[@]}" "$work/multi/libkfex.a" -lpthread -ldl -lm -o "$work/conv_$variant"
  "$work/conv_$variant"
  cc -std=c99 -Wall -Werror -I"$work/multi" "$work/select.c" "${extra[@]}" \
    "$work/multi/libkfex.a" -lpthread -ldl -lm -o "$work/select_$variant"
  expected=0
  [ "$variant" = fallback ] && expected=1
  test "$("$work/select_$variant")" -eq "$expected"
done
printf '#include "kfex.h"\nint main() { return kfex_select_target() >= 0 ? 0 : 1; }\n' \
  > "$work/cxx.cpp"
c++ -std=c++17 -Wall -Werror -I"$work/multi" "$work/cxx.cpp" "$work/multi/libkfex.a" \
  -lpthread -ldl -o "$work/cxx"
"$work/cxx"

# Targets whose schedules pack the weights differently: Winograd (packed transformed
# weights) tuned on the host, direct convolution recorded for AVX2 (it reads the weights as
# given, so its pack function copies them). Both paths are checked against a naive loop.
wino='mb1ic16ih10oc32kh3ph1_n"wino"'
"$kforge" tune "$wino" --templates conv_winograd_f4_nhwc --budget-trials 2 --budget-seconds 30 \
  --no-compare --db "$work/wino.db" > /dev/null
"$kforge" tune "$wino" --templates conv_direct_nhwc --budget-trials 2 --budget-seconds 30 \
  --no-compare --db "$work/direct.db" > /dev/null
"$kforge" db export --db "$work/direct.db" --out "$work/direct.jsonl" > /dev/null
sed "s/\"target\":\"$host\"/\"target\":\"$avx2\"/" "$work/direct.jsonl" > "$work/avx2.jsonl"
"$kforge" db import --db "$work/wino.db" "$work/avx2.jsonl" > /dev/null
"$kforge" emit "$wino" --db "$work/wino.db" --out "$work/wm" --name kfw --target "host,$avx2" \
  2> "$work/wm.err"
grep -q "$avx2: a copy" "$work/wm/kfw.h"
cat > "$work/wino.c" << 'EOF'
#include <math.h>
#include <stdio.h>

#include "kfw.h"

enum { H = 10, W = 10, IC = 16, OC = 32 };
static float input[H][W][IC], weights[3][3][IC][OC], output[H][W][OC];
static float packed[KFW_WINO_PACK_WEIGHTS_ELEMENTS];

int main(void) {
  unsigned state = 7;
  float *all[] = {&input[0][0][0], &weights[0][0][0][0]};
  const size_t sizes[] = {sizeof(input) / 4, sizeof(weights) / 4};
  for (int t = 0; t < 2; ++t) {
    for (size_t i = 0; i < sizes[t]; ++i) {
      state = state * 1664525u + 1013904223u;
      all[t][i] = (float)((state >> 8) & 0xffff) / 32768.0f - 1.0f;
    }
  }
  if (kfw_wino_pack_weights(&weights[0][0][0][0], packed) != 0) return 1;
  if (kfw_wino(&input[0][0][0], packed, &output[0][0][0]) != 0) return 1;
  double max_error = 0;
  for (int y = 0; y < H; ++y)
    for (int x = 0; x < W; ++x)
      for (int k = 0; k < OC; ++k) {
        double sum = 0;
        for (int ky = 0; ky < 3; ++ky)
          for (int kx = 0; kx < 3; ++kx)
            for (int c = 0; c < IC; ++c) {
              const int iy = y + ky - 1, ix = x + kx - 1;
              if (iy >= 0 && iy < H && ix >= 0 && ix < W) {
                sum += (double)input[iy][ix][c] * weights[ky][kx][c][k];
              }
            }
        const double error = fabs(output[y][x][k] - sum) / (1 + fabs(sum));
        if (error > max_error) max_error = error;
      }
  printf("kfw_wino on target %d: max error %.2e\n", kfw_select_target(), max_error);
  return max_error < 1e-3 ? 0 : 1;
}
EOF
for variant in host fallback; do
  extra=()
  [ "$variant" = fallback ] && extra=("$work/no_features.c")
  cc -std=c99 -O2 -Wall -Werror -I"$work/wm" "$work/wino.c" "${extra[@]}" "$work/wm/libkfw.a" \
    -lpthread -ldl -lm -o "$work/wino_$variant"
  "$work/wino_$variant" | tee "$work/wino_$variant.txt"
done
grep -q 'on target 0' "$work/wino_host.txt" && grep -q 'on target 1' "$work/wino_fallback.txt"

# One library cannot hold x86 and arm code: refused, naming --target, nothing written.
set +e
"$kforge" emit "$layer" --db "$work/ex.db" --out "$work/mixed" --name kfex \
  --target "host,arm-64-linux" 2> "$work/mixed.err"
status=$?
set -e
cat "$work/mixed.err"
test "$status" -eq 2
grep -q -- '--target' "$work/mixed.err"
test ! -e "$work/mixed"
echo "emit_targets: ok"
