// frontier: the broadcast node's trade-off between messages and latency on
// challenge 3d's configuration (25 nodes, 20 s, rate 100, latency 100 ms),
// swept over operating points of the one replicator, beside the published
// results; then the bytes a broadcast costs as the set grows, delta
// replication against full-state gossip. Prints tables and writes the curve
// as an SVG plot. Never fails.
//
//   frontier [--seeds N] [--sim-only] [--plot PATH] [--bin-dir DIR]
//
// Each point is the mean of N simulator seeds (default 5) and, unless
// --sim-only, one real-time run of build/bin/broadcast on our bench (about
// 35 s per point).
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "bench/process_host.h"
#include "bench/runner.h"
#include "bench/sim_host.h"
#include "benchmarks/challenge_3d.h"
#include "node/testing/test_network.h"
#include "workloads/models.h"
#include "workloads/programs.h"

namespace {

using glomers::bench::TestOptions;

struct Point {
  std::string name;
  std::vector<std::string> args;
};

struct Measure {
  double msgs_per_op = 0, median = 0, p95 = 0, max = 0;
  bool valid = true;
};

struct Published {
  const char* name;
  double msgs_per_op, median, max;
};

const std::vector<Published> kPublished = {
    {"Maelstrom guide, tree4", 11.99, 386, 505},
    {"Go, star, RPC retry", 23.38, 181, 207},
    {"Go, star, 500 ms batches", 1.92, 764, 1087},
    {"Swift, tree4 + gossip", 1.6, 1979, 2533},
    {"spanning tree, acked sets", 2.99, 895, 1129},
};

std::vector<Point> Points() {
  const std::vector<std::string> lazy_acks = {"--ack-delay", "2s", "--retransmit", "4s"};
  auto with = [&](std::vector<std::string> a) {
    a.insert(a.end(), lazy_acks.begin(), lazy_acks.end());
    return a;
  };
  return {
      {"latency preset (default)", {}},
      {"tree4, relay at once", with({"--topology", "tree4", "--eager", "true", "--forward", "0ms"})},
      {"total, 100 ms batches", with({"--eager", "false", "--sync-interval", "100ms"})},
      {"total, 200 ms batches", with({"--eager", "false", "--sync-interval", "200ms"})},
      {"messages, 150 ms rounds", {"--preset", "messages", "--sync-interval", "150ms"}},
      {"messages, 200 ms rounds", {"--preset", "messages", "--sync-interval", "200ms"}},
      {"messages preset, 300 ms", {"--preset", "messages"}},
      {"messages, 400 ms rounds", {"--preset", "messages", "--sync-interval", "400ms"}},
      {"messages, 600 ms rounds", {"--preset", "messages", "--sync-interval", "600ms"}},
  };
}

Measure Run(const TestOptions& o, glomers::bench::NodeHost& host) {
  auto model = glomers::workloads::MakeWorkload(o.workload, o);
  auto outcome = glomers::bench::RunTest(o, *model, host, {});
  const auto& lat = outcome.results["workload"]["stable_latencies"];
  Measure m;
  m.msgs_per_op = outcome.results["net"]["servers"].value("msgs_per_op", 0.0);
  m.median = lat.value("0.5", 0.0);
  m.p95 = lat.value("0.95", 0.0);
  m.max = lat.value("1", 0.0);
  m.valid = outcome.valid == glomers::bench::Validity::kValid;
  return m;
}

Measure SimMean(const Point& p, int seeds) {
  Measure sum;
  for (int seed = 1; seed <= seeds; ++seed) {
    TestOptions o = glomers::benchmarks::Challenge3d(static_cast<std::uint64_t>(seed));
    glomers::bench::SimHost host({glomers::workloads::FindProgram("broadcast"), p.args, o.seed, "", false});
    Measure m = Run(o, host);
    sum.msgs_per_op += m.msgs_per_op / seeds;
    sum.median += m.median / seeds;
    sum.p95 += m.p95 / seeds;
    sum.max += m.max / seeds;
    sum.valid = sum.valid && m.valid;
  }
  return sum;
}

// --- The plot -----------------------------------------------------------------

// x: messages per operation on a log scale, 0.5 .. 32; y: latency, 0 .. 2600 ms.
struct Axes {
  double left = 70, top = 30, width = 620, height = 400;
  double X(double mpo) const {
    const double lo = std::log2(0.5), hi = std::log2(32.0);
    return left + width * (std::log2(std::clamp(mpo, 0.5, 32.0)) - lo) / (hi - lo);
  }
  double Y(double ms) const { return top + height * (1 - std::clamp(ms, 0.0, 2600.0) / 2600.0); }
};

void WritePlot(const std::string& path, const std::vector<Point>& points,
               const std::vector<Measure>& sim, const std::vector<Measure>& real) {
  const Axes a;
  std::ofstream out(path);
  out << "<svg xmlns='http://www.w3.org/2000/svg' width='960' height='490' "
         "font-family='sans-serif' font-size='11'>\n"
         "<rect width='960' height='490' fill='white'/>\n"
         "<text x='70' y='18' font-size='13'>broadcast, 25 nodes, rate 100, latency 100 ms: "
         "stable latency against servers' messages per operation</text>\n";
  // Grid and axes.
  for (double mpo : {0.5, 1.0, 2.0, 4.0, 8.0, 16.0, 32.0}) {
    out << "<line x1='" << a.X(mpo) << "' y1='" << a.top << "' x2='" << a.X(mpo) << "' y2='"
        << a.top + a.height << "' stroke='#eee'/>\n<text x='" << a.X(mpo) - 8 << "' y='"
        << a.top + a.height + 16 << "'>" << mpo << "</text>\n";
  }
  for (int ms = 0; ms <= 2600; ms += 400) {
    out << "<line x1='" << a.left << "' y1='" << a.Y(ms) << "' x2='" << a.left + a.width
        << "' y2='" << a.Y(ms) << "' stroke='#eee'/>\n<text x='" << a.left - 40 << "' y='"
        << a.Y(ms) + 4 << "'>" << ms << "</text>\n";
  }
  out << "<rect x='" << a.left << "' y='" << a.top << "' width='" << a.width << "' height='"
      << a.height << "' fill='none' stroke='#444'/>\n"
      << "<text x='" << a.left + a.width / 2 - 90 << "' y='" << a.top + a.height + 34
      << "'>messages per operation (servers, log scale)</text>\n"
      << "<text x='16' y='" << a.top + a.height / 2 + 60
      << "' transform='rotate(-90 16 " << a.top + a.height / 2 + 60
      << ")'>stable latency, ms (median; bar to max)</text>\n";
  // Ours: median points, whisker to max, the frontier of medians as a line.
  std::vector<std::size_t> order(sim.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(),
            [&](std::size_t l, std::size_t r) { return sim[l].msgs_per_op < sim[r].msgs_per_op; });
  out << "<polyline fill='none' stroke='#1f77b4' stroke-width='1.5' points='";
  for (std::size_t i : order) out << a.X(sim[i].msgs_per_op) << "," << a.Y(sim[i].median) << " ";
  out << "'/>\n";
  for (std::size_t i = 0; i < sim.size(); ++i) {
    const double x = a.X(sim[i].msgs_per_op);
    out << "<line x1='" << x << "' y1='" << a.Y(sim[i].median) << "' x2='" << x << "' y2='"
        << a.Y(sim[i].max) << "' stroke='#1f77b4' stroke-opacity='0.5'/>\n"
        << "<circle cx='" << x << "' cy='" << a.Y(sim[i].median)
        << "' r='4' fill='#1f77b4'><title>" << points[i].name << " (simulator)</title></circle>\n";
    if (i < real.size()) {
      out << "<circle cx='" << a.X(real[i].msgs_per_op) << "' cy='" << a.Y(real[i].median)
          << "' r='6' fill='none' stroke='#2ca02c'><title>" << points[i].name
          << " (real run)</title></circle>\n";
    }
  }
  // Published results.
  for (const Published& p : kPublished) {
    const double x = a.X(p.msgs_per_op), y = a.Y(p.median);
    out << "<line x1='" << x << "' y1='" << y << "' x2='" << x << "' y2='" << a.Y(p.max)
        << "' stroke='#d62728' stroke-opacity='0.5'/>\n<rect x='" << x - 4 << "' y='" << y - 4
        << "' width='8' height='8' fill='#d62728'><title>" << p.name << "</title></rect>\n"
        << "<text x='" << x + 7 << "' y='" << y - 6 << "' fill='#d62728'>" << p.name << "</text>\n";
  }
  // Legend.
  const double lx = a.left + a.width + 20;
  out << "<circle cx='" << lx << "' cy='60' r='4' fill='#1f77b4'/><text x='" << lx + 10
      << "' y='64'>glomers, simulator mean</text>\n"
      << "<circle cx='" << lx << "' cy='80' r='6' fill='none' stroke='#2ca02c'/><text x='" << lx + 10
      << "' y='84'>glomers, real run</text>\n"
      << "<rect x='" << lx - 4 << "' y='96' width='8' height='8' fill='#d62728'/><text x='"
      << lx + 10 << "' y='104'>published results</text>\n"
      << "<text x='" << lx - 4 << "' y='130'>challenge 3d: msgs/op &lt; 30,</text>\n"
      << "<text x='" << lx - 4 << "' y='144'>median &lt; 400, max &lt; 600 ms</text>\n"
      << "</svg>\n";
}

// --- Bytes per broadcast as the set grows --------------------------------------

struct Bytes {
  double bytes_per_op = 0, msgs_per_op = 0;
};

// 5 nodes on a complete graph, 50 ms links; `present` values already on
// every node, then 100 broadcasts over 2 s at random nodes; counts the
// bytes of node-to-node messages until all converge.
Bytes BytesPerBroadcast(std::size_t present, bool full_state) {
  using glomers::testing::TestNetwork;
  TestNetwork net(7);
  std::vector<std::string> args = {"--eager", "false", "--sync-interval", "200ms"};
  if (full_state) args.insert(args.end(), {"--full-state", "true"});
  const std::vector<std::string> ids = {"n0", "n1", "n2", "n3", "n4"};
  net.set_faults({std::chrono::milliseconds(50), std::chrono::milliseconds(50), 0, 0});
  net.Start(ids, [&](glomers::Node& node) {
    return glomers::workloads::FindProgram("broadcast")->make(node, args);
  });
  for (const std::string& id : ids) {
    for (std::size_t v = 0; v < present; ++v) {
      net.Call(id, {{"type", "broadcast"}, {"message", static_cast<std::int64_t>(v)}});
    }
  }
  net.RunFor(std::chrono::seconds(3));
  const auto before = net.stats();
  constexpr int kOps = 100;
  for (int i = 0; i < kOps; ++i) {
    net.Call(ids[static_cast<std::size_t>(i) % ids.size()],
             {{"type", "broadcast"}, {"message", static_cast<std::int64_t>(present + i)}});
    net.RunFor(std::chrono::milliseconds(20));
  }
  net.RunFor(std::chrono::seconds(5));
  Bytes b;
  b.bytes_per_op = static_cast<double>(net.stats().bytes - before.bytes) / kOps;
  b.msgs_per_op = static_cast<double>(net.stats().sent - before.sent) / kOps;
  return b;
}

}  // namespace

int main(int argc, char** argv) {
  int seeds = 5;
  bool sim_only = false;
  std::string plot = "frontier.svg";
  std::string bin_dir = std::filesystem::canonical("/proc/self/exe").parent_path().string();
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--seeds") && i + 1 < argc) seeds = std::max(1, std::atoi(argv[++i]));
    else if (!std::strcmp(argv[i], "--sim-only")) sim_only = true;
    else if (!std::strcmp(argv[i], "--plot") && i + 1 < argc) plot = argv[++i];
    else if (!std::strcmp(argv[i], "--bin-dir") && i + 1 < argc) bin_dir = argv[++i];
    else {
      std::fprintf(stderr, "usage: frontier [--seeds N] [--sim-only] [--plot PATH] [--bin-dir DIR]\n");
      return 2;
    }
  }

  std::printf("challenge 3d configuration: broadcast, 25 nodes, 20 s, rate 100, latency 100 ms\n");
  std::printf("simulator: mean of %d seeds%s\n\n", seeds, sim_only ? "" : "; real: one run on glomers test");
  std::printf("%-28s %8s %8s %8s %8s   %8s %8s %8s\n", "operating point", "msgs/op", "median",
              "p95", "max", "real m/o", "median", "max");
  const std::vector<Point> points = Points();
  std::vector<Measure> sim, real;
  for (const Point& p : points) {
    Measure s = SimMean(p, seeds);
    sim.push_back(s);
    std::printf("%-28s %8.2f %8.0f %8.0f %8.0f", p.name.c_str(), s.msgs_per_op, s.median, s.p95,
                s.max);
    if (!sim_only) {
      std::fflush(stdout);
      TestOptions o = glomers::benchmarks::Challenge3d(1);
      glomers::bench::ProcessHost host({bin_dir + "/broadcast", p.args, "", false});
      Measure r = Run(o, host);
      real.push_back(r);
      std::printf("   %8.2f %8.0f %8.0f", r.msgs_per_op, r.median, r.max);
      if (!r.valid) std::printf("  (real run not valid)");
    }
    if (!s.valid) std::printf("  (a seed was not valid)");
    std::printf("\n");
    std::fflush(stdout);
  }
  std::printf("\npublished results at the same configuration\n");
  for (const Published& p : kPublished) {
    std::printf("%-28s %8.2f %8.0f %8s %8.0f\n", p.name, p.msgs_per_op, p.median, "", p.max);
  }
  WritePlot(plot, points, sim, real);
  std::printf("\nplot: %s\n", std::filesystem::absolute(plot).string().c_str());

  std::printf("\nbytes between servers per broadcast, 5 nodes, with N values already present\n");
  std::printf("%-22s %14s %14s %10s\n", "", "N = 1,000", "N = 100,000", "ratio");
  for (bool full : {false, true}) {
    Bytes small = BytesPerBroadcast(1000, full);
    Bytes large = BytesPerBroadcast(100000, full);
    std::printf("%-22s %14.0f %14.0f %10.1f\n", full ? "full-state gossip" : "delta replication",
                small.bytes_per_op, large.bytes_per_op, large.bytes_per_op / small.bytes_per_op);
  }
  return 0;
}
