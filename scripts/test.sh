#!/usr/bin/env bash
# The whole test suite: install what is missing, build twice (optimised,
# and with AddressSanitizer + UndefinedBehaviorSanitizer), then run every
# test once or twice, in the build where it matters (labels: CMakeLists.txt):
#   sanitizer build   every test but those labelled optimised-only; the
#                     randomized ones (cluster properties, replicator
#                     histories) with fewer seeds;
#   optimised build   the tests labelled optimised-only (lattice laws and
#                     their mutants at full strength, whole-suite runs) and
#                     the randomized ones at full strength. Only what these
#                     need is built there (target optimised-tests).
# The sanitizer run includes fuzz.corpus.*, the fuzz seed corpus replayed
# through the fuzz target; between the two, build-fuzz (clang) fuzzes every
# workload's node for GLOMERS_FUZZ_SECONDS (8) each: fuzz.run.*.
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
configure build-asan -DCMAKE_BUILD_TYPE=Debug -DGLOMERS_SANITIZE=ON
CXX=clang++ configure build-fuzz -DCMAKE_BUILD_TYPE=Release -DGLOMERS_FUZZ=ON -DGLOMERS_TESTS=OFF
# The three builds run side by side, so that no build's last long compile
# leaves a core idle. Each line says which build it comes from. Each runs
# in its own process group (set -m), so that an interrupt stops all three
# whole.
set -m
(cmake --build build --target optimised-tests -j"$jobs" 2>&1 | sed -u 's/^/[optimised] /') &
optimised=$!
(cmake --build build-asan -j"$jobs" 2>&1 | sed -u 's/^/[sanitizer] /') &
sanitizer=$!
(cmake --build build-fuzz --target fuzzers -j"$jobs" 2>&1 | sed -u 's/^/[fuzz] /') &
fuzz=$!
set +m
trap 'kill -TERM -- -"$optimised" -"$sanitizer" -"$fuzz" 2>/dev/null; exit 130' INT TERM
failed=()
wait "$optimised" || failed+=(optimised)
wait "$sanitizer" || failed+=(sanitizer)
wait "$fuzz" || failed+=(fuzz)
trap - INT TERM
if [[ ${#failed[@]} -gt 0 ]]; then
  echo "== build failed: ${failed[*]} (errors above, marked [${failed[0]}])" >&2
  exit 1
fi
echo "== built in $((SECONDS - started)) s"

# Most sanitizer-build tests wait on real time (processes, timeouts): twice
# as many at once as there are cores keeps the cores busy.
echo "== tests under AddressSanitizer + UndefinedBehaviorSanitizer"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
GLOMERS_PROPERTY_CASES=100 GLOMERS_CLUSTER_CASES=15 GLOMERS_SEEDS=10 GLOMERS_PRESET_SEEDS=1 \
  ctest --test-dir build-asan -LE optimised-only -j"$((2 * jobs))" --output-on-failure

echo "== libFuzzer, a few seconds per workload (longer runs: scripts/fuzz.sh)"
ctest --test-dir build-fuzz -j"$jobs" --output-on-failure

echo "== optimised-only tests and full-strength randomized tests"
ctest --test-dir build -L 'optimised-only|randomized' -j"$jobs" --output-on-failure
