#!/usr/bin/env bash
# The whole test suite: install what is missing, build twice (optimised,
# and with AddressSanitizer + UndefinedBehaviorSanitizer), then run every
# test once, in the build where it matters:
#   sanitizer build   every test but those labelled optimised-only (the
#                     cluster properties with fewer cases);
#   optimised build   the tests labelled optimised-only (lattice laws and
#                     their mutants at full strength, whole-suite runs) and
#                     the cluster properties at full strength.
# The sanitizer run includes fuzz.corpus.*, the fuzz seed corpus replayed
# through the fuzz target; the libFuzzer runs themselves are scripts/fuzz.sh.
# Ends with ctest's summary; exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
jobs="$(nproc)"
generator=()
if command -v ninja >/dev/null; then generator=(-G Ninja); fi

configure() {  # DIR ARGS...: configure DIR, unless it already is
  local dir="$1"; shift
  if [[ ! -f "$dir/CMakeCache.txt" ]]; then
    cmake -S . -B "$dir" "${generator[@]}" "$@" >/dev/null
  else
    cmake -S . -B "$dir" "$@" >/dev/null
  fi
}

started=$SECONDS
configure build -DCMAKE_BUILD_TYPE=Release
cmake --build build -j"$jobs"
configure build-asan -DCMAKE_BUILD_TYPE=Debug -DGLOMERS_SANITIZE=ON
cmake --build build-asan -j"$jobs"
echo "== built in $((SECONDS - started)) s"

echo "== tests under AddressSanitizer + UndefinedBehaviorSanitizer"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
GLOMERS_PROPERTY_CASES=100 GLOMERS_CLUSTER_CASES=30 \
  ctest --test-dir build-asan -LE optimised-only -j"$jobs" --output-on-failure

echo "== optimised-only tests and full-strength cluster properties"
ctest --test-dir build -L 'optimised-only|cluster' -j"$jobs" --output-on-failure
