// The counter checker for g-counter and pn-counter
// (maelstrom/workload/pn_counter.clj): every ok read marked final must equal
// the sum of the acknowledged adds plus the deltas of some subset of the
// indefinite ones (info, or never completed). Failed adds did not happen and
// count for nothing. Reads before the final phase are not checked.
//
// With no final reads the history is valid, as in Maelstrom; the detail's
// final_read_count shows it.
//
// Detail: acceptable ([[lo, hi], ...], every admissible final value),
// definite_sum, indefinite_add_count, final_read_count, final_reads (values),
// errors (the final reads outside `acceptable`, or not integers).
// Time O(history + indefinite adds * intervals); with the workloads' deltas
// of magnitude <= 5 the acceptable set stays a handful of intervals.
#ifndef GLOMERS_WORKLOADS_COUNTER_CHECKER_H_
#define GLOMERS_WORKLOADS_COUNTER_CHECKER_H_

#include "bench/history.h"
#include "bench/workload.h"

namespace glomers::workloads {

// Adds are f "add" with an integer delta as the invocation's value; reads
// are f "read" with an integer ok value.
bench::CheckResult CheckCounter(const bench::History& history);

}  // namespace glomers::workloads

#endif  // GLOMERS_WORKLOADS_COUNTER_CHECKER_H_
