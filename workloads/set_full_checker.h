// Jepsen's set-full checker (jepsen/checker.clj, set-full) for grow-only
// sets: g-set's add, and broadcast's broadcast (pass add_f = "broadcast").
//
// Each element is tracked from its add invocation. Against every later ok
// read (in history order) it is present or absent; only the latest read
// *invocations* (by index) that saw it and that missed it are kept:
//
//   known         the add's ok completion or the first ok read completion
//                 containing the element, whichever comes first
//   stable        some read saw it, and no read invoked after that one
//                 missed it
//   lost          it was known, and the latest read missing it was invoked
//                 after the latest read seeing it (if any) and after it was
//                 known
//   never-read    neither (e.g. a missing read was concurrent with the add)
//
// Stable latency is (last absent read's invocation time + 1 ns, or 0 when
// none) minus the known time, floored at 0, in whole ms; lost latency
// likewise from the last present read. Stale elements are stable ones with a
// positive stable latency.
//
// Verdict, as Jepsen's: invalid if any element is lost; unknown if no
// element is stable; valid otherwise. Elements a single read returns more
// than once are reported (duplicated_count, duplicated) but do not decide
// the verdict: Jepsen's code means to flag them, never does, and so passes
// such histories.
//
// Detail (Jepsen's names in snake_case): attempt_count, stable_count,
// lost_count, lost, never_read_count, never_read, stale_count, stale,
// worst_stale (8 stalest), stable_latencies and lost_latencies (quantiles
// "0" "0.5" "0.95" "0.99" "1", present when non-empty), duplicated_count,
// duplicated ([element, copies] pairs); plus lost_details (the first 8 lost
// elements with the operations that decided it).
//
// O(reads * elements) time, as Jepsen's.
#ifndef GLOMERS_WORKLOADS_SET_FULL_CHECKER_H_
#define GLOMERS_WORKLOADS_SET_FULL_CHECKER_H_

#include <cstdint>
#include <string_view>
#include <vector>

#include "bench/history.h"
#include "bench/workload.h"

namespace glomers::workloads {

// `add_f` names the adding operation; reads are "read" whose ok value is an
// array of elements (others are ignored). `stable_latencies_ms`, when given,
// receives each stable element's stable latency in element order: the values
// that stable_latencies summarises (the run report plots them).
bench::CheckResult CheckSetFull(const bench::History& history, std::string_view add_f = "add",
                                std::vector<std::int64_t>* stable_latencies_ms = nullptr);

}  // namespace glomers::workloads

#endif  // GLOMERS_WORKLOADS_SET_FULL_CHECKER_H_
