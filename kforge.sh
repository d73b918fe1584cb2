#!/usr/bin/env bash
# kforge.sh: set up, build and run KernelForge on Debian bookworm.
#
#   ./kforge.sh demo      install dependencies (apt-get), build, tune the built-in ResNet-50
#                         layers, print the comparison table, emit a linkable library
#   ./kforge.sh deps      install dependencies only (apt-get)
#   ./kforge.sh packages  print the Debian packages that deps installs
#   ./kforge.sh build     configure and build into build/ (Release, Ninja, ccache)
#   ./kforge.sh asan      build the AddressSanitizer + UBSan variant into build-asan/
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)

packages=(
  build-essential cmake ninja-build ccache pkg-config sqlite3
  libhalide14-0-dev llvm-14-dev libdnnl-dev libxnnpack-dev libpthreadpool-dev
  ocl-icd-opencl-dev  # libdnnl-dev's CMake config requires OpenCL (only a Recommends of it)
  libgtest-dev libgmock-dev libbenchmark-dev libsqlite3-dev
  chromium  # tests/cli/report.sh opens the HTML report in headless Chromium
  binutils-aarch64-linux-gnu  # tests/cli/emit_targets.sh: objdump -f of arm-64-linux objects
)

deps() {
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo=sudo
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update
  $sudo apt-get install -y --no-install-recommends "${packages[@]}"
}

configure_and_build() {
  local dir=$1
  shift
  cmake -S "$here" -B "$here/$dir" -G Ninja "$@"
  cmake --build "$here/$dir" -j2
}

case "${1:-demo}" in
  deps) deps ;;
  packages) echo "${packages[@]}" ;;
  # KF_CMAKE_ARGS: extra CMake options (CI passes -DKF_BUILD_BENCH=OFF).
  # shellcheck disable=SC2086  # one word per option
  build) configure_and_build build -DCMAKE_BUILD_TYPE=Release ${KF_CMAKE_ARGS:-} ;;
  # -O1 -g1 (line tables: file:line in sanitizer reports) compiles the Halide-heavy sources
  # about 3x faster than RelWithDebInfo's -O2 -g (13-16 s against 4.6-5 s for one schedule).
  asan) configure_and_build build-asan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DKF_SANITIZE=ON \
          -DKF_BUILD_BENCH=OFF -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1 -DNDEBUG" \
          -DCMAKE_C_FLAGS_RELWITHDEBINFO="-O1 -g1 -DNDEBUG" ;;
  demo)
    deps
    configure_and_build build -DCMAKE_BUILD_TYPE=Release
    "$here/build/tools/kforge" demo --out "$here/kforge_demo_out" --db "$here/kforge_demo.db"
    ;;
  *) echo "usage: $0 [demo|deps|packages|build|asan]" >&2; exit 2 ;;
esac
