#!/usr/bin/env bash
# kforge report, end to end: tune two tiny convolutions (oneDNN comparison on, so peer timings
# are stored), write the HTML report, open it in headless Chromium and check from the DOM that
# every chart rendered: the render-check script of the page records, per <svg>, how many marks
# the browser laid out inside the plot area. Also: the page fetches nothing, and strings from
# the database are escaped.
set -euo pipefail
kforge=$1
if ! command -v chromium >/dev/null 2>&1; then
  echo "FAIL: chromium is not installed; this test opens the report in headless Chromium."
  echo "      Install it with 'apt-get install -y chromium' (./kforge.sh deps does)."
  exit 1
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
q() { sqlite3 t.db "$1"; }
fail() {
  echo "FAIL: $*"
  exit 1
}
# attr <tag text> <name>: the value of attribute <name> in one serialized start tag.
attr() { grep -o " $2=\"[^\"]*\"" <<<"$1" | head -1 | sed 's/^[^"]*"//; s/"$//'; }
expect_eq() { [ "$1" = "$2" ] || fail "$3: got '$1', expected '$2'"; }

"$kforge" tune 'mb1ic4ih6oc4kh3ph1' 'mb1ic8ih10oc8kh3ph1' --budget-trials 3 --budget-seconds 30 \
  --db t.db >tune.txt 2>&1 || { cat tune.txt; fail "kforge tune"; }

# tune stored oneDNN's timing of each workload next to the trials.
expect_eq "$(q 'select count(*) from peer_timings')" 2 "peer timings stored by tune"
expect_eq "$(q "select count(*) from peer_timings where peer = 'onednn' and min_seconds > 0 \
  and threads = 1 and workload_key in (select workload_key from trials)")" 2 "oneDNN rows"
expect_eq "$(q 'select count(distinct workload_key) from trials')" 2 "tuned workloads"
# A hostile string in the database must come out as text: a second peer on one workload.
q "insert into peer_timings (workload_key, target, threads, peer, implementation, min_seconds,
     created_at) select workload_key, target, threads, 'evil<i id=\"peer\">', '<b id=\"evil\">x</b>&',
     min_seconds * 2, 1700000000 from peer_timings order by id limit 1"

"$kforge" report --db t.db --out out --peak-gflops 224 --bandwidth-gbs 16 2>report.txt \
  || { cat report.txt; fail "kforge report"; }
test -s out/index.html || fail "no out/index.html"
test ! -e out/index.html.partial || fail "partial file left behind"
grep -q '2 workload(s)' report.txt || fail "report summary line: $(cat report.txt)"

# Self-contained: no external script, style, image or font (the SVG namespace is only a name).
if grep -Eo '(src|href)="[^"#][^"]*"|<link|@import|url\(http' out/index.html; then
  fail "the page refers to an external resource"
fi
# Escaped, in the file and hence in the DOM.
grep -qF '&lt;b id=&quot;evil&quot;&gt;x&lt;/b&gt;&amp;' out/index.html || fail "implementation not escaped"
grep -qF 'evil&lt;i id=&quot;peer&quot;&gt;' out/index.html || fail "peer name not escaped"

timeout 180 chromium --headless --no-sandbox --disable-gpu --no-first-run \
  --user-data-dir="$work/profile" --dump-dom "file://$work/out/index.html" >dom.html \
  2>chromium.txt || { cat chromium.txt; fail "chromium --dump-dom"; }
test -s dom.html || { cat chromium.txt; fail "chromium produced no DOM"; }
grep -q '<b id="evil"\|<i id="peer"' dom.html && fail "a database string became markup"

body=$(grep -o '<body[^>]*>' dom.html)
expect_eq "$(attr "$body" data-charts-drawn)" 3 "charts drawn (2 tuning curves + 1 roofline)"

# The roofline: one point per workload, two roofs, one hollow point per peer timing group.
roof=$(grep -o '<svg[^>]*id="roofline-t1"[^>]*>' dom.html) || fail "no roofline chart"
expect_eq "$(attr "$roof" data-points)" 2 "roofline points written"
expect_eq "$(attr "$roof" data-drawn-point)" 2 "roofline points drawn"
expect_eq "$(attr "$roof" data-drawn-roof)" 2 "roof lines drawn"
expect_eq "$(attr "$roof" data-drawn-peer-point)" 3 "peer points drawn (2 oneDNN + 1 injected)"
expect_eq "$(attr "$roof" data-peak-gflops)" 224 "compute roof from --peak-gflops"
expect_eq "$(attr "$roof" data-bandwidth-gbs)" 16 "memory roof from --bandwidth-gbs"
[ "$(grep -o 'class="roof roof-memory"' dom.html | wc -l)" -eq 1 ] || fail "memory roof"
[ "$(grep -o 'class="roof roof-compute"' dom.html | wc -l)" -eq 1 ] || fail "compute roof"

# Per workload: the tuning curve shows every trial of the database, ok ones as dots.
for i in 1 2; do
  section=$(grep -o "<section[^>]*id=\"w$i\"[^>]*>" dom.html) || fail "no section w$i"
  key=$(attr "$section" data-key)
  ok=$(q "select count(*) from trials where workload_key = '$key' and status = 'ok'")
  failed=$(q "select count(*) from trials where workload_key = '$key' and status != 'ok'")
  curve=$(grep -o "<svg[^>]*id=\"w$i-curve\"[^>]*>" dom.html) || fail "no tuning curve for $key"
  expect_eq "$(attr "$curve" data-trials)" 3 "$key trials"
  expect_eq "$(attr "$curve" data-ok)" "$ok" "$key ok trials written"
  expect_eq "$(attr "$curve" data-drawn-trial)" "$ok" "$key trial dots drawn"
  expect_eq "$(attr "$curve" data-drawn-failed)" "$failed" "$key failure crosses drawn"
  expect_eq "$(attr "$curve" data-drawn-curve)" 1 "$key best-so-far line drawn"
  # The best template, as the database has it (any of them if several trials tie for the
  # fastest time).
  shown=$(sed -n "/id=\"w$i\"/,/<\/section>/p" dom.html | grep -o 'Best: [^<]*' | head -1)
  fastest=$(q "select group_concat(template_name || ' v' || template_version, '|') from trials
               where workload_key = '$key' and status = 'ok' and min_seconds =
               (select min(min_seconds) from trials where workload_key = '$key' and status = 'ok')")
  match=0
  IFS='|' read -ra candidates <<<"$fastest"
  for best in "${candidates[@]}"; do
    if [[ "$shown" == "Best: $best"* ]]; then match=1; fi
  done
  [ "$match" -eq 1 ] || fail "$key best: database $fastest, page '$shown'; trials:
$(q "select id, template_name, status, min_seconds from trials where workload_key = '$key'")"
done

# The summary: one row per workload, a oneDNN column with a speedup, percentages of the peak.
[ "$(grep -o '<tr class="workload-row">' dom.html | wc -l)" -eq 2 ] || fail "summary rows"
grep -q '<th>vs onednn</th>' dom.html || fail "no oneDNN comparison column"
[ "$(grep -Eo 'class="num (faster|slower)">[0-9.]+x<' dom.html | wc -l)" -ge 4 ] \
  || fail "speedups (2 in the summary, 2 in the peer tables)"
grep -Eq '<td class="num">[0-9.]+%</td>' dom.html || fail "no % of peak"

# Without --peak-gflops the roof is the FMA peak measured here (or KF_PEAK_GFLOPS_PER_CORE).
KF_PEAK_GFLOPS_PER_CORE=100 "$kforge" report --db t.db --out out2 2>/dev/null
grep -q 'data-peak-gflops="100" data-bandwidth-gbs="16"' out2/index.html || fail "default roofs"
# Only the workloads given, with the layer name of the descriptor.
"$kforge" report --db t.db --out out3 'mb1ic4ih6oc4kh3ph1n"tiny_layer"' 2>/dev/null
grep -q 'tiny_layer' out3/index.html || fail "layer name"
[ "$(grep -o '<tr class="workload-row">' out3/index.html | wc -l)" -eq 1 ] || fail "filtered rows"

echo "report: ok"
