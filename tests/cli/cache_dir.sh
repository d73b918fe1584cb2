#!/usr/bin/env bash
# kforge tune --cache-dir: compiled kernels land in the cache directory; a re-run loads them;
# a corrupted entry is reported by path and rebuilt; a cache directory that cannot be one is
# refused with a message naming the option.
set -euo pipefail
kforge=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
layer='mb1ic8ih9iw11oc16kh3kw3ph1pw1_n"small"'

"$kforge" tune "$layer" --db "$work/a.db" --budget-trials 2 --no-compare \
  --cache-dir "$work/cache" >/dev/null 2>"$work/first.txt"
entries=$(ls "$work/cache"/*.kfo | wc -l)
test "$entries" -ge 1

# Damage every entry: the next run reports each one it meets, rebuilds it, and succeeds.
for entry in "$work/cache"/*.kfo; do
  size=$(stat -c %s "$entry")
  truncate -s $((size - 7)) "$entry"
done
KFORGE_CACHE_DIR="$work/cache" "$kforge" tune "$layer" --db "$work/a.db" --retune \
  --budget-trials 2 --no-compare >/dev/null 2>"$work/second.txt"
grep -q 'object cache: entry .*\.kfo is corrupt (object size' "$work/second.txt"
# Rebuilt entries are whole again: a third run has nothing to report.
"$kforge" tune "$layer" --db "$work/a.db" --retune --budget-trials 2 --no-compare \
  --cache-dir "$work/cache" >/dev/null 2>"$work/third.txt"
! grep -q 'corrupt' "$work/third.txt"

# A file where the directory should be.
touch "$work/not_a_dir"
if "$kforge" tune "$layer" --db "$work/b.db" --budget-trials 1 --no-compare \
  --cache-dir "$work/not_a_dir" >/dev/null 2>"$work/bad.txt"; then
  echo "a file accepted as cache directory" >&2
  exit 1
fi
grep -q -- '--cache-dir' "$work/bad.txt"
grep -q 'not_a_dir' "$work/bad.txt"
echo "cache_dir: ok"
