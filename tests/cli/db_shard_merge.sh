#!/usr/bin/env bash
# Sharded tuning and merging, end to end: `kforge tune --shard 0/2` and `1/2` tune disjoint halves
# of one workload list into two databases; `kforge db export` both; `kforge db import` both into a
# third, which must hold every trial of every workload exactly once, and a second import adds
# nothing. Then two `kforge tune` processes write into one database at the same time.
set -euo pipefail
kforge=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
tune=(--budget-trials 2 --budget-seconds 30 --no-compare --templates conv_direct_nhwc)
layers=(mb1ic4ih6oc4kh3ph1 mb1ic4ih5oc4kh3ph1 mb1ic3ih6oc5kh3ph1 mb1ic4ih7oc4kh3ph1
        mb1ic5ih5oc3kh3ph1)
q() { sqlite3 "$1" "$2"; }

# Both shards at once, each into its own database (as on two machines).
"$kforge" tune "${layers[@]}" --shard 0/2 --db s0.db "${tune[@]}" >s0.txt 2>&1 &
pid0=$!
"$kforge" tune "${layers[@]}" --shard 1/2 --db s1.db "${tune[@]}" >s1.txt 2>&1 &
pid1=$!
wait "$pid0" || { cat s0.txt; exit 1; }
wait "$pid1" || { cat s1.txt; exit 1; }

# Workload j went to shard j mod 2: 3 and 2 workloads, 2 trials each, no workload in both.
test "$(q s0.db 'select count(distinct workload_key) from trials')" -eq 3
test "$(q s1.db 'select count(distinct workload_key) from trials')" -eq 2
test "$(q s0.db 'select count(*) from trials')" -eq 6
test "$(q s1.db 'select count(*) from trials')" -eq 4
q s0.db 'select distinct workload_key from trials order by 1' >keys0.txt
q s1.db 'select distinct workload_key from trials order by 1' >keys1.txt
test -z "$(comm -12 keys0.txt keys1.txt)"
grep -q 'ic4_*ih6' keys0.txt && grep -q 'ic3_*ih6' keys0.txt && grep -q 'ic5_*ih5' keys0.txt
grep -q 'ic4_*ih5' keys1.txt && grep -q 'ic4_*ih7' keys1.txt
# A shard with nothing to do succeeds without touching a database.
"$kforge" tune "${layers[@]}" --shard 7/8 --db empty.db "${tune[@]}" 2>empty.txt
grep -q 'none of the 5 workloads' empty.txt && test ! -e empty.db

# Export both; every row becomes one line.
"$kforge" db export --db s0.db --out e0.jsonl
"$kforge" db export --db s1.db >e1.jsonl
test "$(wc -l <e0.jsonl)" -eq 6 && test "$(wc -l <e1.jsonl)" -eq 4

# Import both into a third database: the union, each (workload, trial) exactly once.
"$kforge" db import --db merged.db e0.jsonl e1.jsonl | tee import1.txt
grep -q 'e0.jsonl: 6 records, 6 added, 0 already present' import1.txt
test "$(q merged.db 'select count(*) from trials')" -eq 10
test "$(q merged.db 'select count(distinct workload_key) from trials')" -eq 5
test -z "$(q merged.db 'select workload_key, trial_index from trials
                        group by workload_key, trial_index having count(*) != 1')"
test "$(q merged.db 'select count(*) from (select workload_key from trials
                     group by workload_key having count(*) = 2)')" -eq 5

# A second import (and a repeated file) adds nothing.
"$kforge" db import --db merged.db e1.jsonl e0.jsonl e1.jsonl | tee import2.txt
test "$(grep -c ' 0 added' import2.txt)" -eq 3
test "$(q merged.db 'select count(*) from trials')" -eq 10

# The merged database exports exactly the lines of the two shards (every field, every digit).
"$kforge" db export --db merged.db --out merged.jsonl
cmp <(sort e0.jsonl e1.jsonl) <(sort merged.jsonl)

# The best schedule per workload: 5 rows, as JSON lines (importable) and as `kforge list`.
"$kforge" db best --db merged.db --json >best.jsonl
test "$(wc -l <best.jsonl)" -eq 5
"$kforge" db import --db best.db best.jsonl >/dev/null
test "$(q best.db 'select count(*) from trials')" -eq 5
"$kforge" list --db merged.db >list.txt
test "$(grep -c conv_direct_nhwc list.txt)" -eq 5
diff <("$kforge" db best --db merged.db) list.txt

# Two tuners writing into one database at the same time (a shared file system).
"$kforge" tune mb1ic4ih6oc4kh3ph1 --db shared.db "${tune[@]}" >c0.txt 2>&1 &
pid0=$!
"$kforge" tune mb1ic4ih5oc4kh3ph1 --db shared.db "${tune[@]}" >c1.txt 2>&1 &
pid1=$!
wait "$pid0" || { cat c0.txt; exit 1; }
wait "$pid1" || { cat c1.txt; exit 1; }
test "$(q shared.db 'select count(distinct workload_key) from trials')" -eq 2
test "$(q shared.db 'select count(*) from trials')" -eq 4
test "$(q shared.db 'select count(distinct uid) from trials')" -eq 4
test "$(q shared.db 'pragma integrity_check')" = ok
echo "db_shard_merge: ok"
