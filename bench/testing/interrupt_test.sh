#!/usr/bin/env bash
# Ctrl-C: a run interrupted by SIGINT must end promptly with status 130 and
# leave no node process behind.
#   interrupt_test.sh GLOMERS NODE_BINARY
set -u
glomers=$1
store=$(mktemp -d)
trap 'rm -rf "$store"' EXIT
# A private copy of the node binary, so no other run's nodes are counted.
node="$store/interrupt-node"
cp "$2" "$node"
"$glomers" test -w broadcast --bin "$node" --node-count 5 --time-limit 60 --rate 50 \
  --store "$store" >/dev/null 2>&1 &
pid=$!
for _ in $(seq 50); do  # wait until the nodes are up
  [ "$(pgrep -c -f "^$node\$")" -ge 5 ] && break
  sleep 0.1
done
started=$(pgrep -c -f "^$node\$")
kill -INT "$pid"
start=$(date +%s)
wait "$pid"
status=$?
took=$(( $(date +%s) - start ))
left=$(pgrep -c -f "^$node\$")
echo "nodes started: $started, exit status: $status, took ${took}s, nodes left: $left"
[ "$started" -ge 5 ] && [ "$status" -eq 130 ] && [ "$took" -le 5 ] && [ "$left" -eq 0 ]
