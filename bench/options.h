// TestOptions: one bench run's configuration, with Maelstrom's flag names
// and defaults (see `glomers test --help`).
#ifndef GLOMERS_BENCH_OPTIONS_H_
#define GLOMERS_BENCH_OPTIONS_H_

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "node/env.h"

namespace glomers::bench {

enum class LatencyDist { kConstant, kUniform, kExponential };

struct TestOptions {
  std::string workload;
  std::string bin;                    // node program (glomers test)
  std::vector<std::string> bin_args;  // passed to every node
  std::vector<std::string> nodes;     // n0, n1, ...
  double time_limit = 60;             // seconds of main phase
  double rate = 5;                    // client ops per second, all clients together
  int concurrency = 0;                // client processes; 0 means one per node
  double latency = 0;                 // mean node<->node latency, ms
  LatencyDist latency_dist = LatencyDist::kConstant;
  std::set<std::string> nemesis;      // partition, kill, pause
  double nemesis_interval = 10;       // mean seconds between nemesis actions
  std::string topology = "grid";      // offered to broadcast nodes
  // nullopt: not checked; 1.0 with availability_total: every request must succeed.
  std::optional<double> availability;
  bool availability_total = false;
  std::vector<std::string> consistency_models = {"strict-serializable"};
  int key_count = 0;                  // 0: the workload's own default
  int max_txn_length = 4;
  int max_writes_per_key = 16;
  bool log_stderr = false;
  bool log_net_send = false;          // print every message as it is sent
  bool log_net_recv = false;          // print every message as it arrives (or is dropped)
  std::uint64_t seed = 0;
  Micros rpc_timeout = 5s;            // a client's wait for a reply
  double recovery_wait = 10;          // seconds between the final heal and the final phase
  std::string store = "store";        // results directory root

  int clients() const { return concurrency > 0 ? concurrency : static_cast<int>(nodes.size()); }
};

}  // namespace glomers::bench

#endif  // GLOMERS_BENCH_OPTIONS_H_
