#!/usr/bin/env bash
# The simulator is deterministic: the same seed gives byte-identical
# results.json, history and journal; another seed gives a different journal.
#   determinism_test.sh GLOMERS
set -eu
glomers=$1
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
run() {
  "$glomers" sim -w broadcast --node-count 5 --time-limit 5 --rate 50 --latency 20 \
    --latency-dist exponential --nemesis partition --nemesis-interval 1 --seed "$1" \
    --store "$dir/$2" >/dev/null 2>&1 || true
  cp "$dir/$2"/latest/results.json "$dir/$2.results"
  cp "$dir/$2"/latest/journal.jsonl "$dir/$2.journal"
  cp "$dir/$2"/latest/history.jsonl "$dir/$2.history"
}
run 7 a
run 7 b
run 8 c
cmp "$dir/a.results" "$dir/b.results"
cmp "$dir/a.journal" "$dir/b.journal"
cmp "$dir/a.history" "$dir/b.history"
if cmp -s "$dir/a.journal" "$dir/c.journal"; then
  echo "seeds 7 and 8 gave the same journal" >&2
  exit 1
fi
echo "same seed, same bytes ($(wc -l <"$dir/a.journal") journal events)"
