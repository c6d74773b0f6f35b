// RunTest: one bench run, Maelstrom's way.
//
//  1. Start every node through the host and send each an `init` (10 s to
//     answer). Start the services (seq-kv, lin-kv, lww-kv, lin-tso).
//  2. Open one client per process (--concurrency), bound to node
//     (thread mod node count), and run the workload's client setup.
//  3. Main phase, --time-limit long: operations are issued at --rate in
//     total (each U[0, 2/rate) after the last, to a free process), while the
//     nemesis injects its faults.
//  4. Wait for the operations in flight; then, for workloads with a final
//     phase, heal every fault, wait 10 s, and run the final operations.
//  5. Stop the nodes and check: the workload's checker, per-function stats
//     (every function needs an ok), availability (--availability), and the
//     nodes' own conduct (no unexpected exits, no non-protocol output, no
//     messages to unknown nodes).
//
// Every message passes through a simulated network: client<->node messages
// arrive at once; node<->node and node<->service messages after a latency
// drawn from --latency/--latency-dist; a partitioned receiver drops what its
// grudge names, judged on arrival. All randomness comes from --seed.
//
// With a store directory, the run writes there: results.json, history.jsonl
// (one op per line), journal.jsonl (send/recv/drop events of every message)
// and the nodes' logs (node-logs/, written by the host).
#ifndef GLOMERS_BENCH_RUNNER_H_
#define GLOMERS_BENCH_RUNNER_H_

#include <atomic>
#include <functional>
#include <string>

#include "bench/host.h"
#include "bench/options.h"
#include "bench/workload.h"

namespace glomers::bench {

struct Progress {
  double elapsed = 0;   // seconds since the main phase began
  double total = 0;     // the main phase's length
  const char* phase = "";
  std::int64_t ops = 0;        // operations completed
  std::string faults;          // the faults in force, for people
};

struct RunOutcome {
  bool carried_out = false;  // false: the run could not be done (see error)
  std::string error;
  Validity valid = Validity::kUnknown;
  Json results;              // what results.json holds
  bool interrupted = false;
};

struct RunHooks {
  std::string store_dir;  // empty: write nothing
  // Called a few times a second of wall time while the run goes.
  std::function<void(const Progress&)> on_progress;
  // Set (e.g. from a signal handler) to end the run early.
  const std::atomic<bool>* interrupt = nullptr;
};

RunOutcome RunTest(const TestOptions& options, Workload& workload, NodeHost& host,
                   const RunHooks& hooks);

// Latency quantiles as Jepsen computes them: sorted, the value at index
// min(n - 1, floor(n * q)). Keys "0", "0.5", "0.95", "0.99", "1".
Json Quantiles(std::vector<double> values);

}  // namespace glomers::bench

#endif  // GLOMERS_BENCH_RUNNER_H_
