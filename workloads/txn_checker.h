// The txn-rw-register checker, after Elle's rw-register analysis
// (elle/rw_register.clj), for histories of the txn model (txn_model.cc):
//
//   txn invoke  [["r", k, null], ["w", k, v], ...]
//   txn ok      the same micro-ops, each read filled in (null: never written)
//   txn fail    it did not happen; info (or never completed): it may have
//
// Write values are unique per key, so (k, v) names the one transaction that
// wrote it. A transaction's *external* read of k is its first access of k,
// when that is a read. It finds:
//
//   internal         an ok txn reads k other than what it last wrote or read
//                    of k
//   G1a              ... of a value written by a failed txn
//   G1b              ... of a txn's intermediate (not its final) write of k
//   G0               a cycle of ww edges
//   G1c              a cycle of ww and wr edges with at least one wr edge
//   fractured_reads  an ok txn T2 reads some key from T1, and another key
//                    T1 wrote at a value provably older than T1's: null, or
//                    the version T1 read and overwrote
//
// Edges, between ok and indefinite txns: wr T1 -> T2 when T2 reads,
// externally, T1's final write; ww T1 -> T2 when T2 reads T1's final write of
// k externally and then writes k itself (the only version order a register
// reveals without timing). Cycles are found per strongly connected
// component, and each component with a cycle counts once, with an example.
//
// `consistency_models` decide which anomalies are forbidden:
//   read-uncommitted   internal, G0
//   read-committed     ... and G1a, G1b, G1c (also cursor-stability and
//                      monotonic-view, which forbid more than is searched)
//   read-atomic        ... and fractured_reads
//   stronger models (snapshot-isolation, repeatable-read, serializable,
//   strict-serializable, ...) forbid all of these; as G2 and real-time
//   order are not searched, they appear in detail "partially_checked_models".
// Names it does not know go in "unknown_models". internal is forbidden by
// every model: it is corrupt data, not isolation.
//
// Findings, which never decide validity (Elle's rw-register has no such
// anomaly, so Maelstrom passes them), listed in detail "findings":
//   garbage_reads          an external read of a value nobody wrote (a node
//                          answering 0 for an unwritten key)
//   own_later_write_reads  an external read of a value the txn itself
//                          writes later (a reply listing reads first)
//
// Invalid when a forbidden anomaly occurred; else unknown when no txn was
// ok or no model was known; else valid. Detail gives every anomaly's count
// ("<name>_count"), up to 8 examples under its name when nonzero, ok_txns,
// failed_txns, indefinite_txns, anomalies (those that occurred) and
// forbidden. Transactions are named by their completion's op index (the
// invocation's when never completed).
#ifndef GLOMERS_WORKLOADS_TXN_CHECKER_H_
#define GLOMERS_WORKLOADS_TXN_CHECKER_H_

#include <string>
#include <vector>

#include "bench/history.h"
#include "bench/workload.h"

namespace glomers::workloads {

bench::CheckResult CheckTxn(const bench::History& history,
                            const std::vector<std::string>& consistency_models);

}  // namespace glomers::workloads

#endif  // GLOMERS_WORKLOADS_TXN_CHECKER_H_
