// The `glomers` command line: test (real processes, real time), sim (our
// node programs in-process, virtual time), suite (the challenge table and
// its scoreboard), report (a stored run's report.html, written again) and
// serve (a store browsed over HTTP). Flags follow Maelstrom's names and
// defaults. A stored run of test, sim or suite gets its report.html.
#ifndef GLOMERS_BENCH_CLI_H_
#define GLOMERS_BENCH_CLI_H_

#include <atomic>
#include <string>
#include <vector>

#include "bench/options.h"
#include "bench/runner.h"

namespace CLI {
class App;
}

namespace glomers::bench {

// Flags as typed, before they are checked and resolved into TestOptions.
struct RawFlags {
  std::string workload;
  std::string bin;
  std::vector<std::string> args;
  int node_count = 5;
  double time_limit = 60;
  double rate = 5;
  std::string concurrency;  // "", "N" or "Nn"
  double latency = 0;
  std::string latency_dist = "constant";
  std::string nemesis;
  double nemesis_interval = 10;
  double recovery_time = 10;
  std::string topology = "grid";
  std::string availability;
  std::string consistency_models = "strict-serializable";
  int key_count = 0;
  int max_txn_length = 4;
  int max_writes_per_key = 16;
  bool log_stderr = false;
  bool log_net_send = false;
  bool log_net_recv = false;
  std::string seed;  // empty: chosen at random and printed
  std::string store = "store";
  bool no_store = false;
  bool shrink = false;  // sim only
};

// Adds the run flags shared by test and sim to `app`.
void AddRunFlags(CLI::App& app, RawFlags& raw);
// Checks and resolves; throws std::invalid_argument naming the bad flag.
TestOptions Resolve(const RawFlags& raw);

// Creates <root>/<workload>/<timestamp>/ and points <root>/latest and
// <root>/<workload>/latest at it; returns its path.
std::string MakeStoreDir(const std::string& root, const std::string& workload);

enum class HostKind { kProcess, kSim };

struct RunRequest {
  TestOptions options;
  HostKind host = HostKind::kProcess;
  std::string program;    // sim: the node program by workload name
  std::string store_dir;  // empty: write nothing
  bool progress = false;  // show a progress line on stderr
};

// Runs one test as the CLI does (workload model, host, runner) and returns
// the outcome; `wall_seconds` receives how long it took.
RunOutcome RunOne(const RunRequest& request, double* wall_seconds);

// The `glomers sim` command line that replays a run of `options` with our
// node program `program`.
std::string ReplayCommand(const TestOptions& options, const std::string& program);

// The exit status for an outcome: 0 valid, 1 invalid, 2 unknown or not run.
int ExitCode(const RunOutcome& outcome);

// Set by SIGINT/SIGTERM; a second signal kills the nodes and exits at once.
extern std::atomic<bool> g_interrupted;
void InstallSignalHandlers();

int Main(int argc, char** argv);

}  // namespace glomers::bench

#endif  // GLOMERS_BENCH_CLI_H_
