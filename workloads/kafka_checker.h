// The Kafka-style log checker, after Jepsen's Kafka checker
// (jepsen/tests/kafka.clj), for histories of the kafka model
// (kafka_model.cc):
//
//   send  ok value [key, msg, offset]       (msgs are unique in a run)
//   poll  ok value {"msgs": {key: [[offset, msg], ...]}}
//
// Every (key, offset) -> msg pairing comes from acknowledged sends and from
// polls. From them:
//
//   inconsistent_offsets  one offset of a key holding two different msgs
//   duplicates            one msg at two offsets
//   Per key, the offsets ever seen, sorted, are the log's order; an offset's
//   index in it says which offsets exist between two others. Per process
//   (a new process after a crash starts afresh, as after an assign):
//   poll_skips            a poll's next offset of a key is more than one
//                         index past the previous one the process polled
//                         (within one poll or across its polls): it jumped
//                         over an offset that exists
//   nonmonotonic_polls    ... or at or before it
//   nonmonotonic_sends    a send acknowledged with an offset below one the
//                         process had already seen on that key
//   lost                  an acknowledged send whose msg no poll returned,
//                         though polls returned a later offset of its key
//   unseen                an acknowledged send no poll returned, and no
//                         later offset either
//
// Valid when none of those occurred; unseen messages count only when the
// run had a final phase of polls that completed (they should have drained
// every log). Unknown when no send was acknowledged. Detail gives counts
// and the first few examples of each, and visibility_latencies: quantiles,
// in ms, of the time from a send's invocation until the first poll that
// returned its message completed.
#ifndef GLOMERS_WORKLOADS_KAFKA_CHECKER_H_
#define GLOMERS_WORKLOADS_KAFKA_CHECKER_H_

#include "bench/history.h"
#include "bench/workload.h"

namespace glomers::workloads {

bench::CheckResult CheckKafka(const bench::History& history);

}  // namespace glomers::workloads

#endif  // GLOMERS_WORKLOADS_KAFKA_CHECKER_H_
