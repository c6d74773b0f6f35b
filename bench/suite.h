// The challenge suite: every Gossip Glomers challenge with its Maelstrom
// command line and pass criteria (DESIGN.md section 2), run on our bench,
// and a scoreboard that puts each result beside the challenge's thresholds.
#ifndef GLOMERS_BENCH_SUITE_H_
#define GLOMERS_BENCH_SUITE_H_

#include <optional>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace glomers::bench {

struct Challenge {
  std::string id;        // "3d"
  std::string workload;  // "broadcast"
  std::string flags;     // Maelstrom flags, as the challenge page gives them
  std::vector<std::string> node_args;  // our binary's options for this challenge
  // Thresholds; unset means only validity counts.
  std::optional<double> max_msgs_per_op;
  std::optional<double> max_median_ms;  // stable latency (broadcast)
  std::optional<double> max_max_ms;
  std::string note;      // what the challenge asks, in a few words
};

// The table of challenges whose workloads the bench knows.
std::vector<Challenge> Challenges();

struct SuiteFlags {
  bool quick = false;      // short time limits: the test suite's variant
  bool sim = false;        // run in the simulator instead of real processes
  bool variants = false;   // also 5x nodes, exponential latency, added partitions
  std::string only;        // comma-separated challenge ids
  std::string bin_dir;     // default: the directory holding glomers
  std::string store = "store";
  std::string seed;
};

void AddSuiteFlags(CLI::App& app, SuiteFlags& flags);
// Runs the suite, prints the scoreboard; 0 when every challenge passes.
int RunSuite(const SuiteFlags& flags);

}  // namespace glomers::bench

#endif  // GLOMERS_BENCH_SUITE_H_
