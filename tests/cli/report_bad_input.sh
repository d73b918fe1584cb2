#!/usr/bin/env bash
# Bad input to kforge report: exit code 2, a message naming the option, and nothing written.
set -uo pipefail
kforge=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
failures=0

# expect_error <message substring> <args...>
expect_error() {
  local field=$1
  shift
  "$kforge" "$@" >out.txt 2>err.txt
  local code=$?
  if [ "$code" -ne 2 ] || ! grep -qF -- "$field" err.txt; then
    echo "FAIL: kforge $* -> exit $code, expected 2 naming '$field'; stderr:"
    cat err.txt
    failures=$((failures + 1))
  fi
  if [ -e out ] || [ -e missing.db ]; then
    echo "FAIL: kforge $* wrote out/ or missing.db"
    rm -rf out missing.db
    failures=$((failures + 1))
  fi
}

# A database with one trial, made through import (no tuning needed).
printf '%s' '{"uid":"0123456789abcdef0123456789abcdef","workload_key":"conv:g1mb1_ic4ih6iw6_oc4oh6ow6_kh3kw3_sh1sw1_ph1pw1_dh0dw0_nhwc","op":"conv","target":"x86-64-linux-avx2-fma","threads":1,"template_name":"conv_direct_nhwc","template_version":1,"knobs":"tile_w=1","status":"ok","failure_reason":"","min_seconds":0.001,"median_seconds":0.002,"gflops":1.5,"max_error":1e-7,"tool_versions":"kforge test","seed":1,"trial_index":0,"created_at":1700000000}' >good.jsonl
"$kforge" db import --db good.db good.jsonl >/dev/null || { echo "FAIL: import"; exit 1; }

expect_error '--db: is required' report --out out
expect_error '--out: is required' report --db good.db
expect_error "--db: cannot read 'missing.db'" report --db missing.db --out out
expect_error '--db' report --db . --out out
expect_error '--peak-gflops' report --db good.db --out out --peak-gflops -5
expect_error '--bandwidth-gbs' report --db good.db --out out --bandwidth-gbs fast
expect_error '--frobnicate' report --db good.db --out out --frobnicate
expect_error 'kh' report --db good.db --out out 'mb1ic3ih2oc4kh5'
touch file_not_dir
expect_error '--out' report --db good.db --out file_not_dir
"$kforge" report --help | grep -- '--peak-gflops' >/dev/null || { echo "FAIL: report --help"; failures=$((failures + 1)); }
"$kforge" --help | grep '  report ' >/dev/null || { echo "FAIL: kforge --help"; failures=$((failures + 1)); }
# The good database gives a page.
"$kforge" report --db good.db --out page --peak-gflops 100 2>/dev/null && test -s page/index.html \
  || { echo "FAIL: report of good.db"; failures=$((failures + 1)); }

echo "report_bad_input: $failures failure(s)"
exit $((failures > 0))
