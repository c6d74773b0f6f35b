// The unique-ids checker, after Jepsen's checker/unique-ids: every id
// returned by an ok generate must be distinct (ids are any JSON, compared by
// JSON equality).
//
// Detail: attempted_count (generate invocations), acknowledged_count (ok
// completions), duplicated_count (distinct ids returned more than once),
// duplicated (the 48 most repeated as [id, times] pairs, ordered by id),
// range ([lowest, highest] id in JSON order, or null).
// O(n log n) time in the number of ids.
#ifndef GLOMERS_WORKLOADS_UNIQUE_IDS_CHECKER_H_
#define GLOMERS_WORKLOADS_UNIQUE_IDS_CHECKER_H_

#include "bench/history.h"
#include "bench/workload.h"

namespace glomers::workloads {

bench::CheckResult CheckUniqueIds(const bench::History& history);

}  // namespace glomers::workloads

#endif  // GLOMERS_WORKLOADS_UNIQUE_IDS_CHECKER_H_
