#!/usr/bin/env bash
# The report of a big run (challenge 3d's flags: 25 nodes, 20 s, rate 100,
# 100 ms latency) stays small: under MAX_BYTES.
#   report_size_test.sh GLOMERS MAX_BYTES
set -u
glomers=$1 max=$2
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
"$glomers" sim -w broadcast --node-count 25 --time-limit 20 --rate 100 --latency 100 --seed 1 \
  --store "$dir" >/dev/null 2>&1 || { echo "the run failed" >&2; exit 1; }
report=$dir/latest/report.html
size=$(stat -L -c %s "$report") || exit 1
journal=$(stat -L -c %s "$dir/latest/journal.jsonl")
echo "report.html: $size bytes (limit $max; the run's journal is $journal bytes)"
[ "$size" -lt "$max" ]
