#include "bench/suite.h"

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include <CLI/CLI.hpp>

#include "bench/cli.h"
#include "bench/report.h"
#include "workloads/models.h"

namespace glomers::bench {
namespace {

std::vector<std::string> Words(const std::string& s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

std::string SelfDir() {
  std::error_code ec;
  auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  return ec ? "." : exe.parent_path().string();
}

// Parses a challenge's Maelstrom flags with the CLI's own parser.
RawFlags ParseFlags(const std::string& workload, const std::string& flags) {
  RawFlags raw;
  CLI::App app;
  AddRunFlags(app, raw);
  std::vector<std::string> args = Words("-w " + workload + " " + flags);
  std::vector<std::string> reversed(args.rbegin(), args.rend());
  app.parse(reversed);
  return raw;
}

struct Row {
  std::string id;
  std::string variant;
  std::string workload;
  int nodes = 0;
  std::string verdict;
  bool pass = false;
  double msgs_per_op = 0;
  double median = -1, max = -1;  // ms, -1 when not measured
  const Challenge* challenge = nullptr;
  std::string dir;
  double wall = 0;
  std::string why;  // what failed
};

std::string Limit(double value, const std::optional<double>& limit, const char* fmt) {
  char buf[64];
  std::snprintf(buf, sizeof buf, fmt, value);
  std::string out = value < 0 ? "-" : buf;
  if (limit) {
    std::snprintf(buf, sizeof buf, fmt, *limit);
    out += std::string(" (<") + buf + ")";
  }
  return out;
}

// The scoreboard as a page beside scoreboard.txt, each row linking to its
// run's report by a path relative to the page.
std::string ScoreboardHtml(const std::vector<Row>& rows, const std::string& dir, int passed,
                           double seconds, bool sim) {
  std::string out =
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>glomers scoreboard</title>\n"
      "<style>body{font:14px/1.4 system-ui,sans-serif;margin:16px}td,th{padding:2px 10px;text-align:left}"
      "td.n{text-align:right}.yes{color:#1b6e1b}.no{color:#a11;font-weight:600}</style></head>\n<body>\n"
      "<h1>Gossip Glomers scoreboard</h1>\n<p>" +
      std::to_string(passed) + " of " + std::to_string(rows.size()) + " passed" +
      (sim ? ", in the simulator" : "") + " (" + std::to_string(static_cast<long>(seconds)) + " s)</p>\n"
      "<table id=\"scoreboard\">\n<tr><th>id</th><th>variant</th><th>workload</th><th>nodes</th>"
      "<th>verdict</th><th>pass</th><th>msgs/op</th><th>median ms</th><th>max ms</th><th>wall s</th>"
      "<th>report</th><th>why</th></tr>\n";
  for (const Row& row : rows) {
    const bool base = row.variant.empty();
    std::optional<double> none;
    std::error_code ec;
    const std::string report =
        std::filesystem::relative(std::filesystem::path(row.dir) / "report.html", dir, ec).string();
    char wall[32];
    std::snprintf(wall, sizeof wall, "%.1f", row.wall);
    out += "<tr><td>" + HtmlEscape(row.id) + "</td><td>" + HtmlEscape(row.variant) + "</td><td>" +
           HtmlEscape(row.workload) + "</td><td class=\"n\">" + std::to_string(row.nodes) + "</td><td>" +
           HtmlEscape(row.verdict) + "</td><td class=\"" + (row.pass ? "yes\">yes" : "no\">NO") +
           "</td><td class=\"n\">" +
           HtmlEscape(Limit(row.msgs_per_op, base ? row.challenge->max_msgs_per_op : none, "%.2f")) +
           "</td><td class=\"n\">" +
           HtmlEscape(Limit(row.median, base ? row.challenge->max_median_ms : none, "%.0f")) +
           "</td><td class=\"n\">" + HtmlEscape(Limit(row.max, base ? row.challenge->max_max_ms : none, "%.0f")) +
           "</td><td class=\"n\">" + wall + "</td><td>" +
           (ec || !std::filesystem::exists(std::filesystem::path(row.dir) / "report.html")
                ? ""
                : "<a href=\"" + HtmlEscape(report) + "\">report</a>") + "</td><td>" + HtmlEscape(row.why) +
           "</td></tr>\n";
  }
  out += "</table>\n</body></html>\n";
  return out;
}

}  // namespace

std::vector<Challenge> Challenges() {
  std::vector<Challenge> all = {
      {"1", "echo", "--node-count 1 --time-limit 10", {}, {}, {}, {}, "echo"},
      {"2", "unique-ids",
       "--time-limit 30 --rate 1000 --node-count 3 --availability total --nemesis partition", {},
       {}, {}, {}, "unique ids, total availability"},
      {"3a", "broadcast", "--node-count 1 --time-limit 20 --rate 10", {}, {}, {}, {},
       "single-node broadcast"},
      {"3b", "broadcast", "--node-count 5 --time-limit 20 --rate 10", {}, {}, {}, {},
       "multi-node broadcast"},
      {"3c", "broadcast", "--node-count 5 --time-limit 20 --rate 10 --nemesis partition", {}, {},
       {}, {}, "fault-tolerant broadcast"},
      {"3d", "broadcast", "--node-count 25 --time-limit 20 --rate 100 --latency 100", {}, 30, 400,
       600, "efficient broadcast I"},
      {"3e", "broadcast", "--node-count 25 --time-limit 20 --rate 100 --latency 100", {}, 20, 1000,
       2000, "efficient broadcast II"},
      {"4", "g-counter", "--node-count 3 --rate 100 --time-limit 20 --nemesis partition", {}, {},
       {}, {}, "grow-only counter"},
      {"5a", "kafka", "--node-count 1 --concurrency 2n --time-limit 20 --rate 1000", {}, {}, {},
       {}, "single-node kafka log"},
      {"5b", "kafka", "--node-count 2 --concurrency 2n --time-limit 20 --rate 1000", {}, {}, {},
       {}, "multi-node kafka log"},
      {"5c", "kafka", "--node-count 2 --concurrency 2n --time-limit 20 --rate 1000", {}, {}, {},
       {}, "efficient kafka log"},
      {"6a", "txn-rw-register",
       "--node-count 1 --time-limit 20 --rate 1000 --concurrency 2n --consistency-models "
       "read-uncommitted --availability total",
       {}, {}, {}, {}, "single-node transactions"},
      {"6b", "txn-rw-register",
       "--node-count 2 --concurrency 2n --time-limit 20 --rate 1000 --consistency-models "
       "read-uncommitted --availability total --nemesis partition",
       {}, {}, {}, {}, "read-uncommitted transactions"},
      {"6c", "txn-rw-register",
       "--node-count 2 --concurrency 2n --time-limit 20 --rate 1000 --consistency-models "
       "read-committed --availability total --nemesis partition",
       {}, {}, {}, {}, "read-committed transactions"},
  };
  std::set<std::string> known(workloads::ModelNames().begin(), workloads::ModelNames().end());
  std::vector<Challenge> out;
  for (auto& c : all) {
    if (known.contains(c.workload)) out.push_back(std::move(c));
  }
  return out;
}

void AddSuiteFlags(CLI::App& app, SuiteFlags& flags) {
  app.add_flag("--quick", flags.quick,
               "Short runs (3 s main phase, 2 s recovery): the test suite's variant");
  app.add_flag("--sim", flags.sim, "Run in the deterministic simulator instead of real processes");
  app.add_flag("--variants", flags.variants,
               "Also run each challenge with 5x nodes, exponential latency, and a partition nemesis");
  app.add_option("--only", flags.only, "Challenge ids to run, comma-separated (e.g. 3d,3e)");
  app.add_option("--bin-dir", flags.bin_dir, "Where the node binaries are (default: beside glomers)");
  app.add_option("--store", flags.store, "Directory for results")->capture_default_str();
  app.add_option("--seed", flags.seed, "Seed for every run (default: random)");
}

int RunSuite(const SuiteFlags& flags) {
  InstallSignalHandlers();
  const std::string bin_dir = flags.bin_dir.empty() ? SelfDir() : flags.bin_dir;
  std::set<std::string> only;
  {
    std::stringstream in(flags.only);
    for (std::string id; std::getline(in, id, ',');) {
      if (!id.empty()) only.insert(id);
    }
  }
  std::vector<Challenge> challenges = Challenges();
  std::vector<Row> rows;
  const auto total_start = std::chrono::steady_clock::now();

  struct Planned {
    const Challenge* challenge;
    std::string variant;
    std::string flags;
  };
  std::vector<Planned> plan;
  for (const Challenge& c : challenges) {
    if (!only.empty() && !only.contains(c.id)) continue;
    plan.push_back({&c, "", c.flags});
    if (!flags.variants) continue;
    RawFlags base = ParseFlags(c.workload, c.flags);
    plan.push_back({&c, "x5", c.flags + " --node-count " + std::to_string(base.node_count * 5)});
    plan.push_back({&c, "exp", c.flags + (base.latency > 0 ? "" : " --latency 10") +
                                   " --latency-dist exponential"});
    if (base.nemesis.empty()) plan.push_back({&c, "+part", c.flags + " --nemesis partition"});
  }

  for (std::size_t i = 0; i < plan.size() && !g_interrupted; ++i) {
    const Planned& p = plan[i];
    const Challenge& c = *p.challenge;
    Row row;
    row.id = c.id;
    row.variant = p.variant;
    row.workload = c.workload;
    row.challenge = &c;
    RunRequest req;
    try {
      RawFlags raw = ParseFlags(c.workload, p.flags);
      if (!flags.seed.empty()) raw.seed = flags.seed;
      raw.store = flags.store;
      raw.args = c.node_args;
      raw.bin = bin_dir + "/" + c.workload;
      req.options = Resolve(raw);
    } catch (const std::exception& e) {
      std::fprintf(stderr, "suite: challenge %s: %s\n", c.id.c_str(), e.what());
      return 2;
    }
    if (flags.quick) {
      req.options.time_limit = std::min(req.options.time_limit, 3.0);
      req.options.recovery_wait = 2;
    }
    row.nodes = static_cast<int>(req.options.nodes.size());
    req.host = flags.sim ? HostKind::kSim : HostKind::kProcess;
    req.program = c.workload;
    req.progress = true;
    req.store_dir = MakeStoreDir(flags.store, c.workload);
    row.dir = req.store_dir;
    std::fprintf(stderr, "[%zu/%zu] %s%s%s: %s %s\n", i + 1, plan.size(), c.id.c_str(),
                 p.variant.empty() ? "" : " ", p.variant.c_str(), c.workload.c_str(),
                 p.flags.c_str());
    RunOutcome outcome = RunOne(req, &row.wall);
    if (!outcome.carried_out) {
      row.verdict = "not run";
      row.why = outcome.error;
      rows.push_back(row);
      continue;
    }
    const nlohmann::json& r = outcome.results;
    row.verdict = outcome.valid == Validity::kValid     ? "valid"
                  : outcome.valid == Validity::kInvalid ? "INVALID"
                                                        : "unknown";
    row.msgs_per_op = r["net"]["servers"].value("msgs_per_op", 0.0);
    if (r["workload"].contains("stable_latencies")) {
      row.median = r["workload"]["stable_latencies"].value("0.5", -1.0);
      row.max = r["workload"]["stable_latencies"].value("1", -1.0);
    }
    row.pass = outcome.valid == Validity::kValid;
    if (!row.pass) row.why = "verdict " + row.verdict;
    if (p.variant.empty()) {
      auto over = [&](const std::optional<double>& limit, double v, const char* what) {
        if (limit && !(v >= 0 && v < *limit)) {
          row.pass = false;
          row.why += std::string(row.why.empty() ? "" : "; ") + what + " over the limit";
        }
      };
      over(c.max_msgs_per_op, row.msgs_per_op, "msgs/op");
      over(c.max_median_ms, row.median, "median latency");
      over(c.max_max_ms, row.max, "max latency");
    }
    rows.push_back(row);
  }

  // The scoreboard.
  std::string board;
  char line[512];
  std::snprintf(line, sizeof line, "\n%-4s %-6s %-16s %5s  %-8s %-5s %-16s %-16s %-16s %7s\n", "id",
                "var", "workload", "nodes", "verdict", "pass", "msgs/op", "median ms",
                "max ms", "wall s");
  board += line;
  int passed = 0;
  nlohmann::json json_rows = nlohmann::json::array();
  for (const Row& row : rows) {
    const bool base = row.variant.empty();
    std::optional<double> none;
    std::snprintf(line, sizeof line, "%-4s %-6s %-16s %5d  %-8s %-5s %-16s %-16s %-16s %7.1f\n",
                  row.id.c_str(), row.variant.c_str(), row.workload.c_str(), row.nodes,
                  row.verdict.c_str(), row.pass ? "yes" : "NO",
                  Limit(row.msgs_per_op, base ? row.challenge->max_msgs_per_op : none, "%.2f").c_str(),
                  Limit(row.median, base ? row.challenge->max_median_ms : none, "%.0f").c_str(),
                  Limit(row.max, base ? row.challenge->max_max_ms : none, "%.0f").c_str(), row.wall);
    board += line;
    passed += row.pass;
    json_rows.push_back({{"id", row.id}, {"variant", row.variant}, {"workload", row.workload},
                         {"nodes", row.nodes}, {"verdict", row.verdict}, {"pass", row.pass},
                         {"msgs_per_op", row.msgs_per_op}, {"median_ms", row.median},
                         {"max_ms", row.max}, {"wall_s", row.wall}, {"store", row.dir},
                         {"why", row.why}});
  }
  const double total =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - total_start).count();
  std::snprintf(line, sizeof line, "\n%d of %zu passed%s (%.0f s)\n", passed, rows.size(),
                flags.sim ? ", in the simulator" : "", total);
  board += line;
  for (const Row& row : rows) {
    if (!row.pass) board += "  " + row.id + " " + row.variant + ": " + row.why + " — " + row.dir + "\n";
  }
  board += "\nreports:\n";
  for (const Row& row : rows) {
    const std::string report = row.dir + "/report.html";
    std::snprintf(line, sizeof line, "  %-4s %-6s %s\n", row.id.c_str(), row.variant.c_str(),
                  std::filesystem::exists(report) ? report.c_str() : "(no report)");
    board += line;
  }
  std::fputs(board.c_str(), stdout);

  const std::string dir = MakeStoreDir(flags.store, "suite");
  std::ofstream(dir + "/scoreboard.txt") << board;
  std::ofstream(dir + "/scoreboard.json") << json_rows.dump(2) << "\n";
  std::ofstream(dir + "/scoreboard.html") << ScoreboardHtml(rows, dir, passed, total, flags.sim);
  std::printf("scoreboard in %s\n", dir.c_str());
  if (g_interrupted) return 130;
  return passed == static_cast<int>(rows.size()) && !rows.empty() ? 0 : 1;
}

}  // namespace glomers::bench
