#!/usr/bin/env bash
# The whole test suite: install what is missing, build twice (optimised, and
# with AddressSanitizer + UndefinedBehaviorSanitizer), run the sanitizer
# build's tests, then every test of the optimised build. Ends with ctest's
# summary; exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
jobs="$(nproc)"

cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$jobs"

cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DGLOMERS_SANITIZE=ON >/dev/null
cmake --build build-asan -j"$jobs"

echo "== tests under AddressSanitizer + UndefinedBehaviorSanitizer"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --test-dir build-asan -LE slow -j"$jobs" --output-on-failure

echo "== all tests"
ctest --test-dir build -j"$jobs" --output-on-failure
