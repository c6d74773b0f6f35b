#!/usr/bin/env bash
# Runs a command and checks how it ended:
#   expect_run.sh EXIT PATTERN -- COMMAND...
# passes when COMMAND exits with status EXIT and its output (stdout and
# stderr) matches the extended regular expression PATTERN ('' for any).
set -u
want_exit=$1 pattern=$2
shift 2
[ "$1" = "--" ] && shift
out=$("$@" 2>&1)
got=$?
if [ "$got" != "$want_exit" ]; then
  printf '%s\n' "$out"
  echo "expect_run: exit status $got, wanted $want_exit: $*" >&2
  exit 1
fi
if [ -n "$pattern" ] && ! grep -Eq -- "$pattern" <<<"$out"; then
  printf '%s\n' "$out"
  echo "expect_run: output does not match /$pattern/: $*" >&2
  exit 1
fi
echo "ok: exit $got, output matches /$pattern/"
