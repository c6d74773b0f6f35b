#!/bin/sh
# A real process keeps its acknowledged adds across a restart of the same
# run, a new run starts empty, and an unwritable data directory refuses
# adds with error 13. usage: durable_process_test.sh <durable_set binary>
set -eu
bin=$1
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
init='{"src":"c0","dest":"n1","body":{"type":"init","msg_id":1,"node_id":"n1","node_ids":["n1"]}}'
add() { printf '{"src":"c1","dest":"n1","body":{"type":"add","msg_id":%s,"element":%s}}\n' "$1" "$2"; }
read='{"src":"c1","dest":"n1","body":{"type":"read","msg_id":99}}'
fail() { echo "FAIL: $*" >&2; exit 1; }

out=$({ echo "$init"; add 2 5; add 3 6; } | "$bin" --data-dir="$dir" --run-id=r1 2>/dev/null)
[ "$(echo "$out" | grep -c add_ok)" = 2 ] || fail "adds not acknowledged: $out"
out=$({ echo "$init"; echo "$read"; } | "$bin" --data-dir="$dir" --run-id=r1 2>/dev/null)
echo "$out" | grep -q '"value":\[5,6\]' || fail "restart of run r1 lost adds: $out"
out=$({ echo "$init"; echo "$read"; } | "$bin" --data-dir="$dir" --run-id=r2 2>/dev/null)
echo "$out" | grep -q '"value":\[\]' || fail "run r2 found another run's data: $out"
# Without --run-id the parent names the run: two nodes started by this
# shell itself (not from a pipeline's or substitution's subshell) see one
# run, as Maelstrom's restarts from one JVM do.
{ echo "$init"; add 2 7; } >"$dir/in1"
{ echo "$init"; echo "$read"; } >"$dir/in2"
unset GLOMERS_RUN_ID || true
"$bin" --data-dir="$dir" <"$dir/in1" >/dev/null 2>&1
"$bin" --data-dir="$dir" <"$dir/in2" >"$dir/out2" 2>/dev/null
grep -q '"value":\[7\]' "$dir/out2" || fail "same parent, different run: $(cat "$dir/out2")"
# Another parent is another run (a new Maelstrom JVM): it starts empty.
sh -c '"$0" --data-dir="$1" <"$2" >"$3" 2>/dev/null' "$bin" "$dir" "$dir/in2" "$dir/out3"
grep -q '"value":\[\]' "$dir/out3" || fail "a new parent recovered an old run: $(cat "$dir/out3")"
# An unwritable data directory: a clear log line, error 13, never add_ok.
mkdir "$dir/ro" && chmod 555 "$dir/ro"
if [ "$(id -u)" != 0 ]; then
  out=$({ echo "$init"; add 2 8; } | "$bin" --data-dir="$dir/ro/x" --run-id=r3 2>"$dir/err")
  echo "$out" | grep -q '"code":13' || fail "unwritable dir did not refuse: $out"
  echo "$out" | grep -q add_ok && fail "unwritable dir acknowledged: $out"
  grep -q "storage: .*Permission denied" "$dir/err" || fail "no clear error: $(cat "$dir/err")"
fi
echo ok
