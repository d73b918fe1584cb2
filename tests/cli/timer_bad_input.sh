#!/usr/bin/env bash
# bench/emitted_library_timer.py refuses bad options with a message that names the option and
# its rule, before it reads the library or builds anything.
set -euo pipefail
timer=$1/bench/emitted_library_timer.py
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# expect_refusal <text the message must hold> <option>...
expect_refusal() {
  local want=$1
  shift
  if python3 "$timer" --dir "$work" --name none "$@" >"$work/out" 2>"$work/err"; then
    echo "FAIL: accepted $*"
    exit 1
  fi
  grep -qF -- "$want" "$work/err" || { echo "FAIL: $* said:"; cat "$work/err"; exit 1; }
  ! grep -q Traceback "$work/err" || { echo "FAIL: $* crashed:"; cat "$work/err"; exit 1; }
  test -z "$(ls -A "$work" | grep -v '^out$\|^err$')" || { echo "FAIL: $* wrote files"; exit 1; }
}

expect_refusal '--offset: must be a multiple of 4 in [0, 64), got 3' --offset 3
expect_refusal '--offset: must be a multiple of 4 in [0, 64), got 64' --offset 64
expect_refusal '--offset: must be a multiple of 4 in [0, 64), got -4' --offset -4
expect_refusal '--repetitions: must be 1 to 64, got 0' --repetitions 0
expect_refusal '--repetitions: must be 1 to 64, got 65' --repetitions 65
expect_refusal "argument --offset: invalid int value: 'x'" --offset x
# A directory without the library's header: the message names the file.
expect_refusal "cannot read the library's header $work/none.h (No such file" --offset 16
echo "timer_bad_input: ok"
