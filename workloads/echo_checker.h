// The echo checker (maelstrom/workload/echo.clj): every echo invocation must
// complete ok with a reply whose "echo" equals the invocation's value. As in
// Maelstrom, a completion that is not ok (a timeout, an error) or missing
// counts as a mismatch too: nothing came back.
//
// Detail: echo_count (invocations), error_count, errors (the first 64:
// index, process, node, expected, received, type, error).
// O(history) time.
#ifndef GLOMERS_WORKLOADS_ECHO_CHECKER_H_
#define GLOMERS_WORKLOADS_ECHO_CHECKER_H_

#include "bench/history.h"
#include "bench/workload.h"

namespace glomers::workloads {

bench::CheckResult CheckEcho(const bench::History& history);

}  // namespace glomers::workloads

#endif  // GLOMERS_WORKLOADS_ECHO_CHECKER_H_
