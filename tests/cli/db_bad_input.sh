#!/usr/bin/env bash
# Bad input to `kforge db` and `kforge tune --shard`: exit code 2, a message naming the file, line
# and field (or the option), and nothing written: no database created, no row added.
set -uo pipefail
kforge=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
failures=0

# expect_error <message substring> <args...>: exit 2 naming the field; t.db neither created nor
# changed (it holds $rows rows when it exists).
rows=none
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
  local now=none
  [ -e t.db ] && now=$(sqlite3 t.db 'select count(*) from trials')
  if [ "$now" != "$rows" ]; then
    echo "FAIL: kforge $* changed t.db: $rows rows before, $now after"
    failures=$((failures + 1))
  fi
}

# A valid record line, and variants of it.
line() {
  local uid=${1:-0123456789abcdef0123456789abcdef} threads=${2:-1} min=${3:-0.001}
  printf '{"uid":"%s","workload_key":"conv:g1mb1_ic4ih6iw6_oc4oh6ow6_kh3kw3_sh1sw1_ph1pw1_dh0dw0_nhwc",' "$uid"
  printf '"op":"conv","target":"x86-64-linux-avx2-fma","threads":%s,"template_name":"conv_direct_nhwc",' "$threads"
  printf '"template_version":1,"knobs":"tile_w=1","status":"ok","failure_reason":"",'
  printf '"min_seconds":%s,"median_seconds":0.002,"gflops":1.5,"max_error":1e-7,' "$min"
  printf '"tool_versions":"kforge test","seed":1,"trial_index":0,"created_at":1700000000}\n'
}
line >good.jsonl
{ line 11111111111111111111111111111111; echo; line 22222222222222222222222222222222 0; } \
  >bad_threads.jsonl
{ line 11111111111111111111111111111111; line 33333333333333333333333333333333 1 null; } \
  >bad_min.jsonl
{ line 11111111111111111111111111111111; line | sed 's/"knobs"/"knobz"/'; } >bad_member.jsonl
{ line 11111111111111111111111111111111; line | cut -c1-80; } >truncated.jsonl
line 0123456789abcdef0123456789abcdef 1 0.0015 >conflict.jsonl

layers=(mb1ic4ih6oc4kh3ph1 mb1ic4ih5oc4kh3ph1)
expect_error '--shard' tune "${layers[@]}" --shard 2/2 --db t.db
expect_error '--shard' tune "${layers[@]}" --shard -1/2 --db t.db
expect_error '--shard' tune "${layers[@]}" --shard 1/0 --db t.db
expect_error '--shard' tune "${layers[@]}" --shard one/two --db t.db
expect_error '--shard' tune "${layers[@]}" --shard 1 --db t.db
# A bad workload anywhere in the list is rejected by every shard, even one not tuning it.
expect_error 'kh' tune mb1ic4ih6oc4kh3ph1 mb1ic3ih2oc4kh5 --shard 0/2 --db t.db

expect_error 'bad_threads.jsonl line 3, threads: must be at least 1' db import --db t.db bad_threads.jsonl
expect_error 'bad_min.jsonl line 2, min_seconds' db import --db t.db bad_min.jsonl
expect_error 'bad_member.jsonl line 2, knobz: unknown member' db import --db t.db bad_member.jsonl
expect_error 'truncated.jsonl line 2, ' db import --db t.db truncated.jsonl
# A good file before a bad one: nothing at all is imported.
expect_error 'bad_threads.jsonl line 3' db import --db t.db good.jsonl bad_threads.jsonl
expect_error 'no_such.jsonl' db import --db t.db no_such.jsonl
expect_error 'FILE' db import --db t.db
expect_error '--db' db import good.jsonl
expect_error '--db' db export --out x.jsonl
expect_error "cannot read 't.db'" db export --db t.db
expect_error "cannot read 't.db'" db best --db t.db
expect_error "cannot read 't.db'" list --db t.db
expect_error '--frobnicate' db best --db t.db --frobnicate
expect_error 'unknown db command' db frobnicate
test ! -e x.jsonl || { echo "FAIL: export wrote x.jsonl"; failures=$((failures + 1)); }

# Into an existing database: a bad file adds no row, and a known uid with other content is an
# error naming the uid (nothing of that file is merged).
"$kforge" db import --db t.db good.jsonl >/dev/null || { echo "FAIL: import good.jsonl"; failures=$((failures + 1)); }
rows=1
expect_error 'bad_min.jsonl line 2, min_seconds' db import --db t.db bad_min.jsonl
expect_error 'conflict.jsonl, TuningRecord.uid: uid 0123456789abcdef0123456789abcdef is already in' \
  db import --db t.db conflict.jsonl

for command in export import best; do
  "$kforge" db "$command" --help >/dev/null || { echo "FAIL: db $command --help"; failures=$((failures + 1)); }
done
"$kforge" db --help | grep 'shard' >/dev/null || { echo "FAIL: db --help"; failures=$((failures + 1)); }
# Not grep -q: it would stop reading at the match, and kforge's later writes to the closed pipe
# would fail the pipeline (pipefail) once a help text is longer than one stdio buffer.
"$kforge" tune --help | grep -- '--shard i/n' >/dev/null || { echo "FAIL: tune --help"; failures=$((failures + 1)); }
"$kforge" tune --help | grep -- '--passes N' >/dev/null || { echo "FAIL: tune --help"; failures=$((failures + 1)); }
"$kforge" --help | grep '  db ' >/dev/null || { echo "FAIL: kforge --help"; failures=$((failures + 1)); }

echo "db_bad_input: $failures failure(s)"
exit $((failures > 0))
