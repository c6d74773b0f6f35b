#!/usr/bin/env bash
# Fuzzes every workload's node (fuzz/node_fuzzer.cc) with libFuzzer.
#   scripts/fuzz.sh [seconds-per-workload] [workloads...]
# Builds with clang++ into build-fuzz/, runs each workload's fuzzer for the
# given time (default 60 s) from the seeds in fuzz/corpus/<workload>/, with
# AddressSanitizer (leak detection on) and UndefinedBehaviorSanitizer.
# What it learns goes to build-fuzz/corpus/<workload>/, crash inputs and
# logs to build-fuzz/artifacts/<workload>/: nothing is written in the tree.
# Prints each workload's executions and a summary; exits non-zero if any
# fuzzer found a crash, a leak, undefined behaviour or a hang.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
shift || true
workloads=("$@")
if [[ ${#workloads[@]} -eq 0 ]]; then
  workloads=(echo unique-ids broadcast g-set g-counter pn-counter kafka txn-rw-register)
fi
generator=()
if command -v ninja >/dev/null; then generator=(-G Ninja); fi

if [[ ! -f build-fuzz/CMakeCache.txt ]]; then
  CXX=clang++ cmake -S . -B build-fuzz "${generator[@]}" -DCMAKE_BUILD_TYPE=Release \
    -DGLOMERS_FUZZ=ON -DGLOMERS_TESTS=OFF >/dev/null
fi
cmake --build build-fuzz --target fuzz_node -j"${GLOMERS_FUZZ_BUILD_JOBS:-$(nproc)}"

export ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
failed=0
summary=()
for w in "${workloads[@]}"; do
  corpus="build-fuzz/corpus/$w"
  artifacts="build-fuzz/artifacts/$w"
  mkdir -p "$corpus" "$artifacts"
  log="$artifacts/fuzz.log"
  status=ok
  # The first corpus directory takes the new inputs; the seeds stay as they are.
  if ! GLOMERS_FUZZ_WORKLOAD="$w" build-fuzz/bin/fuzz_node "$corpus" "fuzz/corpus/$w" -dict=fuzz/maelstrom.dict \
      -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=4096 \
      -print_final_stats=1 -artifact_prefix="$artifacts/" >"$log" 2>&1; then
    status=FAILED
    failed=1
  fi
  execs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)"
  cov="$(grep -o 'cov: [0-9]*' "$log" | tail -1 | cut -d' ' -f2)"
  echo "== $w: ${execs:-?} executions in ${seconds} s, coverage ${cov:-?}: $status"
  if [[ $status != ok ]]; then grep -E '^(==|SUMMARY|.*runtime error)' "$log" | head -20; echo "  log: $log"; fi
  summary+=("$(printf '%-16s %12s %8s  %s' "$w" "${execs:-?}" "${cov:-?}" "$status")")
done
printf '\n%-16s %12s %8s  %s\n' workload executions coverage result
printf '%s\n' "${summary[@]}"
exit "$failed"
