#!/usr/bin/env bash
# The installed CMake package, end to end: `cmake --install` the build tree into a temporary
# prefix, tune the layers of examples/cmake_app with the installed kforge, configure the example
# against the prefix (find_package(KernelForge) + kforge_add_kernels()), build it and run it (it
# checks every output element against a naive loop). Then: a second build does not emit again,
# a changed database does; a descriptor (with a quoted layer name) instead of a shape file, with
# several TARGETS (one library choosing by CPU features at run time); and the errors of
# kforge_add_kernels()
# for a missing DB or SHAPES or a database that does not exist.
#
#   cmake_package.sh <KernelForge build dir> <KernelForge source dir> [CMake generator]
set -euo pipefail
build_dir=$1 source_dir=$2 generator=${3:-}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
prefix=$work/prefix
generator_args=()
if [ -n "$generator" ]; then generator_args=(-G "$generator"); fi

# Fails the test with a message.
fail() {
  echo "cmake_package: FAILED: $*" >&2
  exit 1
}

echo "== install into $prefix"
cmake --install "$build_dir" --prefix "$prefix"
kforge=$prefix/bin/kforge
test -x "$kforge" || fail "no $kforge"
config=$(find "$prefix" -name KernelForgeConfig.cmake)
[ -n "$config" ] || fail "no KernelForgeConfig.cmake under $prefix"
package_dir=$(dirname "$config")
test -f "$package_dir/KernelForgeConfigVersion.cmake" || fail "no KernelForgeConfigVersion.cmake"
test -f "$package_dir/KernelForgeAddKernels.cmake" || fail "no KernelForgeAddKernels.cmake"

echo "== tune the example's layers with the installed kforge"
"$kforge" tune "$source_dir/examples/cmake_app/layers.txt" --db "$work/app.db" --budget-trials 2 \
  --no-compare

echo "== configure, build and run examples/cmake_app"
app=$work/app
cmake -S "$source_dir/examples/cmake_app" -B "$app" "${generator_args[@]}" \
  -DCMAKE_PREFIX_PATH="$prefix" -DKF_EXAMPLE_DB="$work/app.db" -DCMAKE_C_FLAGS=-Werror
grep -qx "KernelForge_DIR:PATH=$package_dir" "$app/CMakeCache.txt" \
  || fail "find_package(KernelForge) did not find the package installed in $prefix"
cmake --build "$app" 2>&1 | tee "$work/build1.txt"
grep -q 'kforge emit' "$work/build1.txt" || fail "the first build did not run kforge emit"
for file in libapp_kernels.a app_kernels.h HalideRuntime.h; do
  test -f "$app/app_kernels/$file" || fail "kforge emit did not write $app/app_kernels/$file"
done
"$app/cmake_app" | tee "$work/run1.txt"
grep -q 'cmake_app: ok' "$work/run1.txt"

echo "== up to date: no new emit; a changed database: emit and link again"
cmake --build "$app" 2>&1 | tee "$work/build2.txt"
if grep -q 'kforge emit' "$work/build2.txt"; then fail "an up-to-date build ran kforge emit"; fi
touch "$work/app.db"
cmake --build "$app" 2>&1 | tee "$work/build3.txt"
grep -q 'kforge emit' "$work/build3.txt" || fail "a changed database did not emit again"
grep -q 'Linking' "$work/build3.txt" || fail "a changed database did not link again"
"$app/cmake_app"

# A small project calling kforge_add_kernels(mini ${KF_ARGS}) (a CMake list).
mini=$work/mini
mkdir -p "$mini"
cat > "$mini/CMakeLists.txt" <<'EOF'
cmake_minimum_required(VERSION 3.22)
project(mini LANGUAGES C)
find_package(KernelForge REQUIRED)
add_executable(mini main.c)
kforge_add_kernels(mini ${KF_ARGS})
EOF
cat > "$mini/main.c" <<'EOF'
#include "mini_kernels.h"
static float input[12 * 10 * 24], weights[24 * 8], bias[8], output[12 * 10 * 8];
int main(void) {
#ifdef MINI_KERNELS_ONE_PACK_WEIGHTS_ELEMENTS
  static float packed[MINI_KERNELS_ONE_PACK_WEIGHTS_ELEMENTS];
  if (mini_kernels_one_pack_weights(weights, packed) != 0) return 1;
  return mini_kernels_one(input, packed, bias, output) == 0 ? 0 : 1;
#else
  return mini_kernels_one(input, weights, bias, output) == 0 ? 0 : 1;
#endif
}
EOF
# Configures the mini project with KF_ARGS=$1 into $mini/build; prints CMake's output.
configure_mini() {
  cmake -S "$mini" -B "$mini/build" "${generator_args[@]}" -DCMAKE_PREFIX_PATH="$prefix" \
    "-DKF_ARGS=$1" 2>&1
}
# Whether the text of file $1 contains $2, on one line or across CMake's line breaks.
mentions() {
  tr -s ' \n' '  ' < "$1" | grep -F "$2" >/dev/null  # not -q: tr must not meet a closed pipe
}

echo "== a descriptor and several TARGETS"
descriptor='mb1ic24ih12iw10oc8kh1kw1ph0pw0_bia_n"one"'
mini_args="SHAPES;$descriptor;DB;$work/app.db;NAME;mini_kernels;OP;conv;THREADS;1"
configure_mini "$mini_args;TARGETS;host;x86-64-linux-sse41" | tee "$work/mini.txt"
cmake --build "$mini/build" 2>&1 | tee "$work/mini_build.txt"
header=$(find "$mini/build" -name mini_kernels.h | head -n 1)
grep -q 'x86-64-linux-sse41' "$header" || fail "the library was not built for both TARGETS"
"$mini/build/mini" || fail "mini_kernels_one failed"

echo "== errors"
# Expects the configuration with KF_ARGS=$1 to fail with a message containing $2.
expect_error() {
  if configure_mini "$1" > "$work/error.txt"; then fail "KF_ARGS='$1' configured"; fi
  mentions "$work/error.txt" "$2" || { cat "$work/error.txt"; fail "no '$2' for KF_ARGS='$1'"; }
}
expect_error "SHAPES;$descriptor" 'kforge_add_kernels: DB is required'
expect_error "DB;$work/app.db" 'kforge_add_kernels: SHAPES is required'
expect_error "SHAPES;$descriptor;DB;$work/missing.db" "missing.db' does not exist"
expect_error "SHAPES;$descriptor;DB;$work/app.db;NAME;not-c" 'NAME must be a C identifier'
echo "cmake_package: ok"
