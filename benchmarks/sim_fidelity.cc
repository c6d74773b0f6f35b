// sim_fidelity: how fast the simulator is, and how closely it agrees with the
// real-time bench, on challenge 3d's configuration (25 nodes, 20 s, rate 100,
// latency 100 ms). Prints a table; never fails.
//
//   sim_fidelity [--seeds N] [--bin-dir DIR] [--skip-real]
//
// The simulator runs each seed on this one thread; the real run starts 25
// node processes and takes the test's full 20 s plus its final phase.
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "bench/process_host.h"
#include "bench/runner.h"
#include "bench/sim_host.h"
#include "benchmarks/challenge_3d.h"
#include "workloads/models.h"
#include "workloads/programs.h"

namespace {

using glomers::bench::TestOptions;

struct Sample {
  double wall = 0, msgs_per_op = 0, median = 0, max = 0;
};

Sample Run(const TestOptions& o, glomers::bench::NodeHost& host) {
  auto model = glomers::workloads::MakeWorkload(o.workload, o);
  auto start = std::chrono::steady_clock::now();
  auto outcome = glomers::bench::RunTest(o, *model, host, {});
  Sample s;
  s.wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  s.msgs_per_op = outcome.results["net"]["servers"].value("msgs_per_op", 0.0);
  s.median = outcome.results["workload"]["stable_latencies"].value("0.5", 0.0);
  s.max = outcome.results["workload"]["stable_latencies"].value("1", 0.0);
  if (outcome.valid != glomers::bench::Validity::kValid) {
    std::printf("  (seed %llu: verdict not valid)\n", static_cast<unsigned long long>(o.seed));
  }
  return s;
}

double Mean(const std::vector<double>& v) {
  double sum = 0;
  for (double x : v) sum += x;
  return v.empty() ? 0 : sum / static_cast<double>(v.size());
}

double Sd(const std::vector<double>& v) {
  const double m = Mean(v);
  double sum = 0;
  for (double x : v) sum += (x - m) * (x - m);
  return v.size() < 2 ? 0 : std::sqrt(sum / static_cast<double>(v.size() - 1));
}

}  // namespace

int main(int argc, char** argv) {
  int seeds = 10;
  bool skip_real = false;
  std::string bin_dir = std::filesystem::canonical("/proc/self/exe").parent_path().string();
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--seeds") && i + 1 < argc) seeds = std::atoi(argv[++i]);
    else if (!std::strcmp(argv[i], "--bin-dir") && i + 1 < argc) bin_dir = argv[++i];
    else if (!std::strcmp(argv[i], "--skip-real")) skip_real = true;
  }

  std::printf("challenge 3d configuration: broadcast, 25 nodes, 20 s, rate 100, latency 100 ms\n\n");
  std::vector<double> wall, mpo, median, max;
  for (int seed = 1; seed <= seeds; ++seed) {
    TestOptions o = glomers::benchmarks::Challenge3d(static_cast<std::uint64_t>(seed));
    glomers::bench::SimHost host({glomers::workloads::FindProgram("broadcast"), {}, o.seed, "", false});
    Sample s = Run(o, host);
    wall.push_back(s.wall);
    mpo.push_back(s.msgs_per_op);
    median.push_back(s.median);
    max.push_back(s.max);
  }
  std::printf("%-34s %10s %10s %11s %9s\n", "", "wall s", "msgs/op", "median ms", "max ms");
  std::printf("%-34s %10.3f %10.2f %11.1f %9.1f\n",
              ("glomers sim, mean of " + std::to_string(seeds) + " seeds").c_str(), Mean(wall),
              Mean(mpo), Mean(median), Mean(max));
  std::printf("%-34s %10.3f %10.2f %11.1f %9.1f\n", "  standard deviation", Sd(wall), Sd(mpo),
              Sd(median), Sd(max));
  std::printf("%-34s %10.3f\n", "  slowest seed", *std::max_element(wall.begin(), wall.end()));
  if (skip_real) return 0;

  TestOptions o = glomers::benchmarks::Challenge3d(1);
  glomers::bench::ProcessHost host({bin_dir + "/broadcast", {}, "", false});
  Sample real = Run(o, host);
  std::printf("%-34s %10.3f %10.2f %11.1f %9.1f\n", "glomers test, real processes", real.wall,
              real.msgs_per_op, real.median, real.max);
  std::printf("%-34s %10.4f %10.3f %11.3f %9.3f\n", "ratio sim / test", Mean(wall) / real.wall,
              Mean(mpo) / real.msgs_per_op, Mean(median) / real.median, Mean(max) / real.max);
  std::printf("\nthe simulator ran %.0fx faster than real time; msgs/op within %.1f%%, median within "
              "%.1f%% of the real run\n",
              real.wall / Mean(wall), 100 * std::fabs(Mean(mpo) / real.msgs_per_op - 1),
              100 * std::fabs(Mean(median) / real.median - 1));
  return 0;
}
