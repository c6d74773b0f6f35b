// kafka_modes: the Kafka-style log done two ways, side by side on challenge
// 5b's configuration (2 nodes, 4 clients, 20 s, rate 1000), with no latency
// and with --latency 100: the AppendLog CRDT (--store crdt) against the
// challenge's way through lin-kv (--store lin-kv). Prints, per mode, the
// operations served, servers' messages per operation, send latency and the
// visibility delay (a send's invocation until the first poll that returned
// it). Never fails.
//
//   kafka_modes [--seeds N] [--sim-only] [--bin-dir DIR]
//
// Simulator figures are the mean of N seeds (default 3); unless --sim-only,
// each row is also run once in real time on our bench (about 30 s a row).
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "bench/process_host.h"
#include "bench/runner.h"
#include "bench/sim_host.h"
#include "workloads/models.h"
#include "workloads/programs.h"

namespace {

using glomers::bench::Json;
using glomers::bench::TestOptions;

struct Measure {
  double ops = 0, msgs_per_op = 0, send_p50 = 0, send_p99 = 0, seen_p50 = 0, seen_p99 = 0;
  bool valid = true;

  void Add(const Measure& m, double weight) {
    ops += m.ops * weight;
    msgs_per_op += m.msgs_per_op * weight;
    send_p50 += m.send_p50 * weight;
    send_p99 += m.send_p99 * weight;
    seen_p50 += m.seen_p50 * weight;
    seen_p99 += m.seen_p99 * weight;
    valid = valid && m.valid;
  }
};

TestOptions Challenge5b(double latency, std::uint64_t seed) {
  TestOptions o;
  o.workload = "kafka";
  o.nodes = {"n0", "n1"};
  o.concurrency = 4;
  o.time_limit = 20;
  o.rate = 1000;
  o.latency = latency;
  o.seed = seed;
  return o;
}

Measure Run(const TestOptions& o, glomers::bench::NodeHost& host) {
  auto model = glomers::workloads::MakeWorkload(o.workload, o);
  auto outcome = glomers::bench::RunTest(o, *model, host, {});
  const Json& r = outcome.results;
  Measure m;
  m.ops = r["stats"].value("ok_count", 0.0);
  m.msgs_per_op = r["net"]["servers"].value("msgs_per_op", 0.0);
  const Json& send = r["latency"]["send"];
  m.send_p50 = send.value("0.5", 0.0);
  m.send_p99 = send.value("0.99", 0.0);
  const Json seen = r["workload"].value("visibility_latencies", Json::object());
  m.seen_p50 = seen.value("0.5", 0.0);
  m.seen_p99 = seen.value("0.99", 0.0);
  m.valid = outcome.valid == glomers::bench::Validity::kValid;
  return m;
}

void Print(const char* where, const std::string& store, double latency, const Measure& m) {
  std::printf("%-9s %-7s %5.0f ms  %8.0f  %8.2f  %7.1f %7.1f  %7.1f %7.1f  %s\n", where,
              store.c_str(), latency, m.ops, m.msgs_per_op, m.send_p50, m.send_p99, m.seen_p50,
              m.seen_p99, m.valid ? "valid" : "INVALID");
}

}  // namespace

int main(int argc, char** argv) {
  int seeds = 3;
  bool sim_only = false;
  std::string bin_dir = "build/bin";
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--seeds") == 0 && i + 1 < argc) {
      seeds = std::max(1, std::atoi(argv[++i]));
    } else if (std::strcmp(argv[i], "--sim-only") == 0) {
      sim_only = true;
    } else if (std::strcmp(argv[i], "--bin-dir") == 0 && i + 1 < argc) {
      bin_dir = argv[++i];
    } else {
      std::fprintf(stderr, "usage: kafka_modes [--seeds N] [--sim-only] [--bin-dir DIR]\n");
      return 2;
    }
  }
  std::printf("challenge 5b configuration: kafka, 2 nodes, 4 clients, 20 s, rate 1000\n");
  std::printf("sim: mean of %d seeds; real: one run on our bench\n\n", seeds);
  std::printf("%-9s %-7s %8s  %8s  %8s  %15s  %15s\n", "", "store", "latency", "ops ok",
              "msgs/op", "send p50/p99 ms", "seen p50/p99 ms");
  for (double latency : {0.0, 100.0}) {
    for (const std::string store : {"crdt", "lin-kv"}) {
      const std::vector<std::string> args = {"--store", store};
      Measure mean;
      for (int seed = 1; seed <= seeds; ++seed) {
        TestOptions o = Challenge5b(latency, static_cast<std::uint64_t>(seed));
        glomers::bench::SimHost host({glomers::workloads::FindProgram("kafka"), args, o.seed, "", false});
        mean.Add(Run(o, host), 1.0 / seeds);
      }
      Print("sim", store, latency, mean);
      if (!sim_only) {
        TestOptions o = Challenge5b(latency, 1);
        glomers::bench::ProcessHost host({bin_dir + "/kafka", args, "", false});
        Print("real", store, latency, Run(o, host));
      }
      std::fflush(stdout);
    }
  }
  return 0;
}
