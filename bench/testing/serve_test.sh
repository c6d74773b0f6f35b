#!/usr/bin/env bash
# glomers serve: lists a store's runs, serves their reports, and refuses
# paths that climb out of the store. Speaks HTTP through bash's /dev/tcp.
#   serve_test.sh GLOMERS
set -u
glomers=$1
dir=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$dir"' EXIT
fail() { echo "serve_test: $*" >&2; exit 1; }

"$glomers" sim -w echo --node-count 1 --time-limit 1 --rate 10 --seed 1 --store "$dir/store" \
  >/dev/null 2>&1 || fail "the run failed"
ln -s /etc "$dir/store/escape"  # a symlink out of the store
"$glomers" serve "$dir/store" --port 0 >"$dir/serve.out" 2>&1 &
pid=$!
port=
for _ in $(seq 50); do
  port=$(grep -o '127\.0\.0\.1:[0-9]*' "$dir/serve.out" | cut -d: -f2)
  [ -n "$port" ] && break
  sleep 0.1
done
[ -n "$port" ] || fail "no URL printed: $(cat "$dir/serve.out")"

get() {  # path -> the whole response
  timeout 5 bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$1" && printf "GET %s HTTP/1.0\r\n\r\n" "$2" >&3 && cat <&3' \
    _ "$port" "$1"
}
status() { get "$1" | head -1 | tr -d '\r'; }

index=$(get /)
grep -q '^HTTP/1.0 200' <<<"$index" || fail "index: $(head -1 <<<"$index")"
link=$(grep -o 'href="/echo/[^"]*/report.html"' <<<"$index" | head -1 | cut -d'"' -f2)
[ -n "$link" ] || fail "the index links no echo report"
report=$(get "$link")
grep -q '^HTTP/1.0 200' <<<"$report" && grep -q 'id="report-data"' <<<"$report" ||
  fail "report $link: $(head -1 <<<"$report")"
for bad in "/../serve.out" "/echo/../../serve.out" "/%2e%2e/serve.out" "/echo/%2E%2E/%2e%2e/serve.out" \
           "/escape/passwd"; do
  [[ "$(status "$bad")" == "HTTP/1.0 403"* ]] || fail "$bad was not refused: $(status "$bad")"
done
[[ "$(status /no/such/file)" == "HTTP/1.0 404"* ]] || fail "a missing file is not 404"
kill "$pid"
wait "$pid" 2>/dev/null
pid=
echo "serve on port $port: index, $link, 5 climbing paths refused"
