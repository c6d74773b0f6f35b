#!/usr/bin/env bash
# A short simulated run's report.html, loaded in headless Chromium: its
# script runs without an error, draws the plots and the Lamport diagram,
# and a message body written to break out of the page stays text. Writes
# a screenshot to BUILD_DIR/report-screenshot.png. Skips (77) without
# Chromium.
#   report_browser_test.sh GLOMERS BUILD_DIR
set -u
glomers=$1
shot=$2/report-screenshot.png
chromium=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$chromium" ]; then
  echo "chromium not found: skipped"
  exit 77
fi
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
fail() { echo "report_browser_test: $*" >&2; exit 1; }

"$glomers" sim -w broadcast --node-count 5 --time-limit 5 --rate 30 --latency 20 \
  --nemesis partition --nemesis-interval 1 --seed 3 --store "$dir/store" >/dev/null 2>&1 ||
  fail "the run failed"
run=$(readlink -f "$dir/store/latest")
[ -s "$run/report.html" ] || fail "no report.html in $run"
# A hostile message, then the report written again with it.
printf '%s\n' \
  '{"body":{"text":"<!-- \u2028 </SCRIPT>","type":"</script><img src=x onerror=document.title=1>"},"dest":"n1","id":99999999,"src":"n0","time":1000,"type":"send"}' \
  '{"id":99999999,"time":2000000,"type":"recv"}' >>"$run/journal.jsonl"
"$glomers" report "$run" >/dev/null || fail "glomers report failed"

rm -f "$shot"
HOME=$dir timeout 60 "$chromium" --headless --no-sandbox --disable-gpu --enable-logging=stderr --v=0 \
  --screenshot="$shot" --window-size=1400,2000 --dump-dom "file://$run/report.html" \
  >"$dir/dom.html" 2>"$dir/chromium.log" || fail "chromium failed: $(tail -5 "$dir/chromium.log")"
dom=$dir/dom.html
count() { grep -o -- "$1" "$dom" | wc -l; }

grep -q '<body[^>]*data-report="drawn"' "$dom" || fail "the page's script did not finish"
if grep -q '<body[^>]*data-errors' "$dom"; then fail "script errors: $(grep -o '<ul id="errors">.*</ul>' "$dom")"; fi
if grep -q ':CONSOLE' "$dir/chromium.log"; then fail "console output: $(grep ':CONSOLE' "$dir/chromium.log")"; fi
for plot in latency-plot throughput-plot stable-plot lamport; do
  grep -q "<div id=\"$plot\"><svg" "$dom" || fail "no SVG in #$plot"
done
points=$(count '<circle')
series=$(count 'class="series"')
msgs=$(count 'class="msg ')
drops=$(count 'class="msg drop')
[ "$points" -ge 20 ] || fail "latency plot has $points points"
[ "$series" -ge 2 ] || fail "throughput plot has $series series"
[ "$msgs" -ge 20 ] || fail "Lamport diagram has $msgs messages"
[ "$drops" -ge 1 ] || fail "Lamport diagram shows no dropped message"
grep -q 'data-id="99999999"' "$dom" || fail "the hostile message is not drawn"
[ "$(count '<img')" -eq 0 ] || fail "a message body became an element"
grep -q '<title>broadcast ' "$dom" || fail "the page title changed"
[ -s "$shot" ] || fail "no screenshot"
echo "report drawn: $points latency points, $series throughput series, $msgs messages ($drops dropped);" \
  "screenshot in $shot"
