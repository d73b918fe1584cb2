#!/usr/bin/env bash
# End to end: kforge tune a small layer, list it, emit a library + header, build the example
# app against them with the system C compiler, and run it (it checks against a naive loop).
set -euo pipefail
kforge=$1 source_dir=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
layer='mb1ic19ih17iw15oc21kh3kw3sh2sw2ph1pw1_bia_relu_n"small"'

"$kforge" tune "$layer" --db "$work/ex.db" --budget-trials 3 --budget-seconds 30 --no-compare \
  | tee "$work/tune.txt"
grep -q 'small' "$work/tune.txt"
"$kforge" list --db "$work/ex.db" | tee "$work/list.txt"
grep -q 'conv_direct_nhwc' "$work/list.txt"

# A second tune of the same workload answers from the database: no new trials.
rows_before=$(sqlite3 "$work/ex.db" 'select count(*) from trials')
test "$rows_before" -eq 3
"$kforge" tune "$layer" --db "$work/ex.db" --no-compare 2>&1 | tee "$work/again.txt"
grep -q 'from database' "$work/again.txt"
test "$(sqlite3 "$work/ex.db" 'select count(*) from trials')" -eq "$rows_before"

"$kforge" emit "$layer" --db "$work/ex.db" --out "$work/out" --name kfex
test -f "$work/out/libkfex.a" && test -f "$work/out/kfex.h" && test -f "$work/out/HalideRuntime.h"
cc -std=c99 -O2 -Wall -Werror -I"$work/out" "$source_dir/examples/conv_example.c" \
  "$work/out/libkfex.a" -lpthread -ldl -lm -o "$work/conv_example"
"$work/conv_example" | tee "$work/example.txt"
grep -q 'on 2 thread(s)' "$work/example.txt"
# The kernels' loops run on KernelForge's thread pool, which the header links; with
# KF_THREAD_POOL=halide on Halide's own, and the example still computes the layer.
cat > "$work/pool.c" <<'EOF'
#include <stdio.h>
#include "kfex.h"
int main(void) {
  const char *problem = kfex_thread_pool_environment_error();
  printf("environment %s\n", problem ? problem : "ok");
  printf("pool threads %d\n", kf_thread_pool_set_threads(2));
  printf("negative %d %d\n", kfex_set_num_threads(-1), kf_thread_pool_set_threads(-3));
  return 0;
}
EOF
cc -std=c99 -Wall -Wextra -Werror -I"$work/out" "$work/pool.c" "$work/out/libkfex.a" \
  -lpthread -ldl -lm -o "$work/pool"
test "$("$work/pool")" = "$(printf 'environment ok\npool threads 2\nnegative -1 -1')"
test "$(KF_THREAD_POOL=spinning HL_NUM_THREADS=3 "$work/pool" 2>&1 | sed -n 1,2p)" = \
  "$(printf 'environment ok\npool threads 2')"
test "$(KF_THREAD_POOL=halide "$work/pool" | sed -n 2p)" = 'pool threads 0'
# Malformed settings: the library says which variable broke which rule, on stderr and through
# the header's function, and runs the default.
KF_THREAD_POOL=openmp "$work/pool" > "$work/pool_out.txt" 2> "$work/pool_err.txt"
grep -q "^environment KF_THREAD_POOL='openmp': must be 'spinning' (the default) or 'halide'" \
  "$work/pool_out.txt"
grep -q "^KernelForge thread pool: KF_THREAD_POOL='openmp'" "$work/pool_err.txt"
grep -q '^pool threads 2$' "$work/pool_out.txt"
for threads in abc -2 4x; do
  HL_NUM_THREADS=$threads "$work/pool" > "$work/pool_out.txt" 2> "$work/pool_err.txt"
  grep -q "^environment HL_NUM_THREADS='$threads': must be a whole number >= 0" "$work/pool_out.txt"
  grep -q "^KernelForge thread pool: HL_NUM_THREADS='$threads'" "$work/pool_err.txt"
done
KF_THREAD_POOL=halide "$work/conv_example"
# The header also compiles as C++, and a C++ program links the library.
printf '#include "kfex.h"\nint main() { return 0; }\n' > "$work/cxx.cpp"
c++ -std=c++17 -Wall -Wextra -Werror -I"$work/out" "$work/cxx.cpp" "$work/out/libkfex.a" \
  -lpthread -ldl -o "$work/cxx"
"$work/cxx"
# Other ops through the same commands: --op and the "<op>:" prefix, one library for both.
"$kforge" tune --op lnorm '3x5x33_nd2' 'softmax:2x19x7x9_axis1_nhwc' --db "$work/ops.db" \
  --budget-trials 2 --no-compare | tee "$work/ops.txt"
grep -q 'norm_rows' "$work/ops.txt" && grep -q 'softmax_' "$work/ops.txt"
"$kforge" emit --db "$work/ops.db" --out "$work/ops_out" --name kfops
grep -q 'kfops_lnorm0(const float \*input, const float \*gamma, const float \*beta, float \*output)' \
  "$work/ops_out/kfops.h"
# A schedule that packs its weights ahead of the calls: the header gets a packing function and
# the kernel takes the packed tensor (transposed conv, sub-pixel NHWC baseline).
"$kforge" emit --op deconv 'mb1ic5ih5iw7oc17kh4kw4sh2sw2ph1pw1_nhwc_bia_relu_n"up"' \
  --db "$work/ops.db" --out "$work/up_out" --name kfup 2>&1 | tee "$work/up.txt"
grep -q 'kfup_up_pack_weights(const float \*weights, float \*packed_weights)' "$work/up_out/kfup.h"
cc -std=c99 -O2 -Wall -Werror -I"$work/up_out" "$source_dir/examples/deconv_example.c" \
  "$work/up_out/libkfup.a" -lpthread -ldl -lm -o "$work/deconv_example"
"$work/deconv_example"
# A Winograd kernel: the header names the variant and its error bound, and declares the
# weight-packing function (the transformed weights are made once, ahead of the calls).
"$kforge" tune 'mb1ic16ih10oc32kh3ph1_n"wino"' --templates conv_winograd_f4_nhwc \
  --budget-trials 2 --budget-seconds 30 --no-compare --db "$work/wino.db" | tee "$work/wino.txt"
grep -q 'conv_winograd_f4_nhwc' "$work/wino.txt"
"$kforge" emit --db "$work/wino.db" --out "$work/wino_out" --name kfw
grep -q 'winograd F(4x4,3x3), error bound' "$work/wino_out/kfw.h"
grep -q 'kfw_conv0_pack_weights' "$work/wino_out/kfw.h"
printf '#include "kfw.h"\nint main(void) { return KFW_CONV0_PACK_WEIGHTS_ELEMENTS > 0 ? 0 : 1; }\n' \
  > "$work/wino.c"
cc -std=c99 -Wall -Werror -I"$work/wino_out" "$work/wino.c" "$work/wino_out/libkfw.a" \
  -lpthread -ldl -lm -o "$work/wino"
"$work/wino"
# Two layers with declared-blocked activations (nChw16c), chained in a C app with no conversion
# between them: the blocked direct template, the weight and bias pack functions.
chain=('mb1ic13ih9iw10oc24kh3kw3ph1pw1_nchw16c_bia_clamp0.25:6_n"a"'
       'mb1ic24ih9iw10oc20kh3kw3sh2sw2ph1pw1_nchw16c_relu_n"b"')
"$kforge" tune "${chain[@]}" --db "$work/chain.db" --budget-trials 2 --budget-seconds 30 \
  --no-compare | tee "$work/chain.txt"
grep -q 'conv_direct_nchw16c' "$work/chain.txt"
"$kforge" emit "${chain[@]}" --db "$work/chain.db" --out "$work/chain_out" --name kfbc
grep -q 'nChw16c' "$work/chain_out/kfbc.h"
cc -std=c99 -O2 -Wall -Werror -I"$work/chain_out" "$source_dir/examples/blocked_chain_example.c" \
  "$work/chain_out/libkfbc.a" -lpthread -ldl -lm -o "$work/blocked_chain"
"$work/blocked_chain"
echo "tune_emit_link: ok"
