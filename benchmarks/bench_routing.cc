// bench_routing: is the bench ever the bottleneck? Runs broadcast on 25 real
// node processes at --rate 1000 with --latency 100 and prints how many
// messages the bench routed per second, how much of one core that took
// (hence its headroom), and how the delays it delivered compare with the
// 100 ms asked for. Prints a table; never fails.
//
//   bench_routing [--time-limit S] [--bin-dir DIR]
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>

#include "bench/process_host.h"
#include "bench/runner.h"
#include "workloads/models.h"

namespace {

double CpuSeconds(int who) {
  rusage u{};
  ::getrusage(who, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

}  // namespace

int main(int argc, char** argv) {
  double time_limit = 10;
  std::string bin_dir = std::filesystem::canonical("/proc/self/exe").parent_path().string();
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--time-limit") && i + 1 < argc) time_limit = std::atof(argv[++i]);
    else if (!std::strcmp(argv[i], "--bin-dir") && i + 1 < argc) bin_dir = argv[++i];
  }
  glomers::bench::TestOptions o;
  o.workload = "broadcast";
  for (int i = 0; i < 25; ++i) o.nodes.push_back("n" + std::to_string(i));
  o.time_limit = time_limit;
  o.rate = 1000;
  o.latency = 100;
  o.seed = 1;
  auto model = glomers::workloads::MakeWorkload(o.workload, o);
  glomers::bench::ProcessHost host({bin_dir + "/broadcast", {}, "", false});

  const double cpu_before = CpuSeconds(RUSAGE_SELF);
  const auto start = std::chrono::steady_clock::now();
  auto outcome = glomers::bench::RunTest(o, *model, host, {});
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const double bench_cpu = CpuSeconds(RUSAGE_SELF) - cpu_before;
  const double nodes_cpu = CpuSeconds(RUSAGE_CHILDREN);

  const auto& net = outcome.results["net"];
  const double msgs = net["all"].value("msg_count", 0.0);
  const auto& delay = net["servers"]["delay_ms"];
  std::printf("broadcast, 25 node processes, rate 1000, latency 100 ms constant, %.0f s main phase\n\n",
              time_limit);
  std::printf("%-44s %12s\n", "", "value");
  std::printf("%-44s %12.0f\n", "messages routed (all)", msgs);
  std::printf("%-44s %12.0f\n", "wall seconds (init to final reads)", wall);
  std::printf("%-44s %12.0f\n", "messages per wall second", msgs / wall);
  std::printf("%-44s %12.2f\n", "bench CPU seconds", bench_cpu);
  std::printf("%-44s %12.2f\n", "node processes' CPU seconds (all 25)", nodes_cpu);
  std::printf("%-44s %11.1f%%\n", "bench share of one core", 100 * bench_cpu / wall);
  std::printf("%-44s %12.0f\n", "bench capacity, messages per CPU second", msgs / bench_cpu);
  std::printf("%-44s %12.1f\n", "delivered delay p0, ms (asked: 100)", delay.value("0", 0.0));
  std::printf("%-44s %12.1f\n", "delivered delay median, ms", delay.value("0.5", 0.0));
  std::printf("%-44s %12.1f\n", "delivered delay p99, ms", delay.value("0.99", 0.0));
  std::printf("%-44s %12.1f\n", "delivered delay max, ms", delay.value("1", 0.0));
  std::printf("%-44s %12s\n", "verdict", outcome.results["valid"].dump().c_str());
  return 0;
}
