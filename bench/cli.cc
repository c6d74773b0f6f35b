#include "bench/cli.h"

#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <cmath>
#include <filesystem>
#include <random>
#include <sstream>
#include <stdexcept>

#include <CLI/CLI.hpp>

#include "bench/process_host.h"
#include "bench/report.h"
#include "bench/serve.h"
#include "bench/sim_host.h"
#include "bench/suite.h"
#include "bench/summary.h"
#include "fixtures/fixtures.h"
#include "node/topology.h"
#include "workloads/models.h"
#include "workloads/programs.h"

namespace glomers::bench {

std::atomic<bool> g_interrupted{false};

namespace {

void OnSignal(int) {
  if (g_interrupted.exchange(true)) {
    ProcessHost::KillAllChildren();
    ::_exit(130);
  }
}

std::vector<std::string> Split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::stringstream in(s);
  std::string item;
  while (std::getline(in, item, sep)) {
    auto b = item.find_first_not_of(" \t");
    auto e = item.find_last_not_of(" \t");
    if (b != std::string::npos) out.push_back(item.substr(b, e - b + 1));
  }
  return out;
}

[[noreturn]] void Bad(const std::string& flag, const std::string& why) {
  throw std::invalid_argument("--" + flag + ": " + why);
}

std::string Timestamp() {
  auto now = std::chrono::system_clock::now();
  std::time_t t = std::chrono::system_clock::to_time_t(now);
  std::tm tm{};
  ::localtime_r(&t, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, "%Y%m%dT%H%M%S", &tm);
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  char out[80];
  std::snprintf(out, sizeof out, "%s.%03lld", buf, static_cast<long long>(ms));
  return out;
}

void Relink(const std::filesystem::path& link, const std::filesystem::path& target) {
  std::error_code ec;
  std::filesystem::remove(link, ec);
  std::filesystem::create_directory_symlink(target, link, ec);
}

void PrintProgress(const Progress& p, bool tty) {
  static auto last_plain = std::chrono::steady_clock::time_point{};
  char line[400];
  std::snprintf(line, sizeof line, "[%6.1f / %.0f s] %-8s ops %-8lld %s", p.elapsed, p.total,
                p.phase, static_cast<long long>(p.ops),
                p.faults.empty() ? "" : p.faults.c_str());
  if (tty) {
    std::fprintf(stderr, "\r\033[K%.*s", 160, line);
    std::fflush(stderr);
    return;
  }
  auto now = std::chrono::steady_clock::now();
  if (now - last_plain < std::chrono::seconds(5)) return;
  last_plain = now;
  std::fprintf(stderr, "%s\n", line);
}

}  // namespace

void InstallSignalHandlers() {
  struct sigaction sa {};
  sa.sa_handler = OnSignal;
  sigemptyset(&sa.sa_mask);
  for (int sig : {SIGINT, SIGTERM, SIGHUP}) ::sigaction(sig, &sa, nullptr);
}

void AddRunFlags(CLI::App& app, RawFlags& raw) {
  // A flag given twice takes its last value, so that a command line can be
  // extended (the suite's variants append to the challenges' own lines).
  app.option_defaults()->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
  app.add_option("-w,--workload", raw.workload,
                 "Workload to run: " + [] {
                   std::string names;
                   for (const auto& n : workloads::ModelNames()) names += (names.empty() ? "" : ", ") + n;
                   return names;
                 }())
      ->required();
  app.add_option("--node-count", raw.node_count, "Number of nodes, named n0, n1, ...")
      ->capture_default_str();
  app.add_option("--time-limit", raw.time_limit, "Seconds of operations before the final phase")
      ->capture_default_str();
  app.add_option("--rate", raw.rate, "Client operations per second, all clients together")
      ->capture_default_str();
  app.add_option("--concurrency", raw.concurrency,
                 "Client processes: a number, or Nn for N per node (default: one per node)");
  app.add_option("--latency", raw.latency, "Mean node-to-node message latency, ms")
      ->capture_default_str();
  app.add_option("--latency-dist", raw.latency_dist,
                 "Latency distribution: constant, uniform (0..2x), exponential")
      ->capture_default_str();
  app.add_option("--nemesis", raw.nemesis,
                 "Faults, comma-separated: partition, kill (kill and restart nodes), pause");
  app.add_option("--nemesis-interval", raw.nemesis_interval,
                 "Mean seconds between nemesis actions")
      ->capture_default_str();
  app.add_option("--recovery-time", raw.recovery_time,
                 "Seconds between the final heal and the final operations")
      ->capture_default_str();
  app.add_option("--topology", raw.topology,
                 "Topology offered to broadcast nodes: grid, line, tree, tree2, tree3, tree4, "
                 "total, star")
      ->capture_default_str();
  app.add_option("--availability", raw.availability,
                 "Fraction of requests that must succeed (0..1), or total; unchecked if absent");
  app.add_option("--consistency-models", raw.consistency_models,
                 "Consistency models to check, comma-separated (transactional workloads)")
      ->capture_default_str();
  app.add_option("--key-count", raw.key_count, "Keys in play at once (kafka, transactions)");
  app.add_option("--max-txn-length", raw.max_txn_length, "Most micro-operations per transaction")
      ->capture_default_str();
  app.add_option("--max-writes-per-key", raw.max_writes_per_key,
                 "Most writes to one key (kafka, transactions)")
      ->capture_default_str();
  app.add_flag("--log-stderr", raw.log_stderr, "Copy the nodes' stderr to this terminal");
  app.add_flag("--log-net-send", raw.log_net_send, "Print every message as it is sent");
  app.add_flag("--log-net-recv", raw.log_net_recv,
               "Print every message as it is delivered, or dropped by a partition");
  app.add_option("--seed", raw.seed, "Seed for every random choice (default: random, printed)");
  app.add_option("--store", raw.store, "Directory for results")->capture_default_str();
  app.add_flag("--no-store", raw.no_store, "Write no files; print the summary only");
}

TestOptions Resolve(const RawFlags& raw) {
  TestOptions o;
  o.workload = raw.workload;
  if (workloads::MakeWorkload(o.workload, o) == nullptr) {
    Bad("workload", "unknown workload \"" + raw.workload + "\"");
  }
  if (raw.node_count < 1 || raw.node_count > 1000) Bad("node-count", "must be 1..1000");
  for (int i = 0; i < raw.node_count; ++i) o.nodes.push_back("n" + std::to_string(i));
  if (!(raw.time_limit > 0)) Bad("time-limit", "must be positive");
  o.time_limit = raw.time_limit;
  if (!(raw.rate >= 0)) Bad("rate", "can't be negative");
  o.rate = raw.rate;
  if (!raw.concurrency.empty()) {
    const std::string& c = raw.concurrency;
    std::size_t used = 0;
    long n = 0;
    try {
      n = std::stol(c, &used);
    } catch (const std::exception&) {
      Bad("concurrency", "expected a number or Nn, got \"" + c + "\"");
    }
    if (used == c.size()) {
      o.concurrency = static_cast<int>(n);
    } else if (used + 1 == c.size() && c.back() == 'n') {
      o.concurrency = static_cast<int>(n) * raw.node_count;
    } else {
      Bad("concurrency", "expected a number or Nn, got \"" + c + "\"");
    }
    if (o.concurrency < 1 || o.concurrency > 10000) Bad("concurrency", "must be 1..10000");
  }
  if (!(raw.latency >= 0)) Bad("latency", "can't be negative");
  o.latency = raw.latency;
  if (raw.latency_dist == "constant") {
    o.latency_dist = LatencyDist::kConstant;
  } else if (raw.latency_dist == "uniform") {
    o.latency_dist = LatencyDist::kUniform;
  } else if (raw.latency_dist == "exponential") {
    o.latency_dist = LatencyDist::kExponential;
  } else {
    Bad("latency-dist", "must be constant, uniform or exponential");
  }
  for (const auto& n : Split(raw.nemesis, ',')) {
    if (n != "partition" && n != "kill" && n != "pause") {
      Bad("nemesis", "unknown fault \"" + n + "\" (partition, kill, pause)");
    }
    o.nemesis.insert(n);
  }
  if (!(raw.nemesis_interval > 0)) Bad("nemesis-interval", "must be positive");
  o.nemesis_interval = raw.nemesis_interval;
  if (!(raw.recovery_time >= 0)) Bad("recovery-time", "can't be negative");
  o.recovery_wait = raw.recovery_time;
  try {
    MakeTopology(raw.topology, {});
  } catch (const std::invalid_argument& e) {
    Bad("topology", e.what());
  }
  o.topology = raw.topology;
  if (raw.availability == "total") {
    o.availability = 1.0;
    o.availability_total = true;
  } else if (!raw.availability.empty()) {
    try {
      o.availability = std::stod(raw.availability);
    } catch (const std::exception&) {
      Bad("availability", "must be total or a number from 0 to 1");
    }
    if (*o.availability < 0 || *o.availability > 1) Bad("availability", "must be between 0 and 1");
  }
  o.consistency_models = Split(raw.consistency_models, ',');
  if (o.consistency_models.empty()) Bad("consistency-models", "name at least one model");
  if (raw.key_count < 0) Bad("key-count", "must be positive");
  o.key_count = raw.key_count;
  if (raw.max_txn_length < 1) Bad("max-txn-length", "must be positive");
  o.max_txn_length = raw.max_txn_length;
  if (raw.max_writes_per_key < 1) Bad("max-writes-per-key", "must be positive");
  o.max_writes_per_key = raw.max_writes_per_key;
  o.log_stderr = raw.log_stderr;
  o.log_net_send = raw.log_net_send;
  o.log_net_recv = raw.log_net_recv;
  if (raw.seed.empty()) {
    o.seed = std::random_device{}() % 1000000;
  } else {
    try {
      std::size_t used = 0;
      o.seed = std::stoull(raw.seed, &used);
      if (used != raw.seed.size()) throw std::invalid_argument("trailing");
    } catch (const std::exception&) {
      Bad("seed", "must be a non-negative integer");
    }
  }
  o.bin = raw.bin;
  o.bin_args = raw.args;
  o.store = raw.store;
  return o;
}

std::string MakeStoreDir(const std::string& root, const std::string& workload) {
  namespace fs = std::filesystem;
  fs::path dir = fs::path(root) / workload / Timestamp();
  for (int i = 1; fs::exists(dir); ++i) dir = fs::path(root) / workload / (Timestamp() + "-" + std::to_string(i));
  fs::create_directories(dir);
  Relink(fs::path(root) / workload / "latest", dir.filename());
  Relink(fs::path(root) / "latest", fs::path(workload) / dir.filename());
  return dir.string();
}

RunOutcome RunOne(const RunRequest& req, double* wall_seconds) {
  const auto start = std::chrono::steady_clock::now();
  RunOutcome outcome;
  std::unique_ptr<Workload> workload = workloads::MakeWorkload(req.options.workload, req.options);
  if (workload == nullptr) {
    outcome.error = "unknown workload " + req.options.workload;
    return outcome;
  }
  std::unique_ptr<NodeHost> host;
  const std::string logs = req.store_dir.empty() ? "" : req.store_dir + "/node-logs";
  if (req.host == HostKind::kProcess) {
    if (::access(req.options.bin.c_str(), X_OK) != 0) {
      outcome.error = "cannot execute --bin " + req.options.bin + ": " + std::strerror(errno);
      return outcome;
    }
    host = std::make_unique<ProcessHost>(
        ProcessHostOptions{req.options.bin, req.options.bin_args, logs, req.options.log_stderr});
  } else {
    const ProgramSpec* program = workloads::FindProgram(req.program);
    if (program == nullptr) program = fixtures::FindFixture(req.program);
    if (program == nullptr) {
      outcome.error = "no node program named " + req.program;
      return outcome;
    }
    host = std::make_unique<SimHost>(
        SimHostOptions{program, req.options.bin_args, req.options.seed, logs, req.options.log_stderr});
  }
  const bool tty = ::isatty(STDERR_FILENO) != 0;
  RunHooks hooks;
  hooks.store_dir = req.store_dir;
  hooks.interrupt = &g_interrupted;
  if (req.progress) hooks.on_progress = [tty](const Progress& p) { PrintProgress(p, tty); };
  outcome = RunTest(req.options, *workload, *host, hooks);
  if (outcome.carried_out && !req.store_dir.empty()) {
    std::string error;
    if (!WriteReport(req.store_dir, &error)) std::fprintf(stderr, "glomers: no report: %s\n", error.c_str());
  }
  if (req.progress && tty) std::fprintf(stderr, "\r\033[K");
  *wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return outcome;
}

std::string ReplayCommand(const TestOptions& o, const std::string& program) {
  std::ostringstream out;
  out << "glomers sim -w " << o.workload;
  if (!program.empty() && program != o.workload) out << " --program " << program;
  out << " --node-count " << o.nodes.size() << " --time-limit " << o.time_limit << " --rate "
      << o.rate;
  if (o.concurrency > 0) out << " --concurrency " << o.concurrency;
  if (o.latency > 0) {
    out << " --latency " << o.latency << " --latency-dist "
        << (o.latency_dist == LatencyDist::kConstant  ? "constant"
            : o.latency_dist == LatencyDist::kUniform ? "uniform"
                                                      : "exponential");
  }
  if (!o.nemesis.empty()) {
    out << " --nemesis ";
    bool first = true;
    for (const auto& n : o.nemesis) out << (first ? "" : ",") << n, first = false;
    out << " --nemesis-interval " << o.nemesis_interval;
  }
  if (o.recovery_wait != 10) out << " --recovery-time " << o.recovery_wait;
  if (o.topology != "grid") out << " --topology " << o.topology;
  if (o.availability_total) {
    out << " --availability total";
  } else if (o.availability) {
    out << " --availability " << *o.availability;
  }
  if (o.consistency_models != std::vector<std::string>{"strict-serializable"}) {
    out << " --consistency-models ";
    bool first = true;
    for (const auto& m : o.consistency_models) out << (first ? "" : ",") << m, first = false;
  }
  if (o.key_count > 0) out << " --key-count " << o.key_count;
  out << " --seed " << o.seed;
  if (!o.bin_args.empty()) {
    out << " --";
    for (const auto& a : o.bin_args) out << " " << a;
  }
  return out.str();
}

int ExitCode(const RunOutcome& outcome) {
  if (!outcome.carried_out) return 2;
  switch (outcome.valid) {
    case Validity::kValid: return 0;
    case Validity::kInvalid: return 1;
    case Validity::kUnknown: return 2;
  }
  return 2;
}

namespace {

bool FailsInSim(const TestOptions& o, const std::string& program) {
  RunRequest req;
  req.options = o;
  req.host = HostKind::kSim;
  req.program = program;
  double wall = 0;
  RunOutcome outcome = RunOne(req, &wall);
  return outcome.carried_out && outcome.valid == Validity::kInvalid;
}

// Smaller variants of a run, most aggressive first.
std::vector<TestOptions> SmallerVariants(const TestOptions& o) {
  std::vector<TestOptions> out;
  auto with = [&](auto change) {
    TestOptions c = o;
    change(c);
    out.push_back(std::move(c));
  };
  const std::size_t n = o.nodes.size();
  for (std::size_t fewer : {n / 2, n - 1}) {
    if (fewer >= 1 && fewer < n) with([&](TestOptions& c) { c.nodes.resize(fewer); });
  }
  for (double t : {std::floor(o.time_limit / 2), o.time_limit - 1}) {
    if (t >= 1 && t < o.time_limit) with([&](TestOptions& c) { c.time_limit = t; });
  }
  if (o.rate >= 2) with([&](TestOptions& c) { c.rate = std::floor(o.rate / 2); });
  if (o.concurrency > 1) with([&](TestOptions& c) { c.concurrency = o.concurrency / 2; });
  for (const auto& fault : o.nemesis) with([&](TestOptions& c) { c.nemesis.erase(fault); });
  if (o.latency_dist != LatencyDist::kConstant) {
    with([&](TestOptions& c) { c.latency_dist = LatencyDist::kConstant; });
  }
  if (o.latency > 0) with([&](TestOptions& c) { c.latency = 0; });
  return out;
}

// Greedily shrinks a failing simulated run: takes any smaller variant that
// still fails with the same seed or one of the next few.
TestOptions Shrink(TestOptions failing, const std::string& program) {
  constexpr int kSeedsPerVariant = 5;
  int runs = 0;
  for (bool smaller = true; smaller && !g_interrupted;) {
    smaller = false;
    for (TestOptions candidate : SmallerVariants(failing)) {
      for (int k = 0; k < kSeedsPerVariant && !smaller; ++k) {
        candidate.seed = failing.seed + static_cast<std::uint64_t>(k);
        ++runs;
        if (FailsInSim(candidate, program)) {
          failing = candidate;
          smaller = true;
          std::fprintf(stderr, "shrink: still fails: %s\n", ReplayCommand(failing, program).c_str());
        }
      }
      if (smaller) break;
    }
  }
  std::fprintf(stderr, "shrink: %d runs tried\n", runs);
  return failing;
}

int RunCommand(const RawFlags& raw, HostKind kind, const std::string& program) {
  TestOptions options;
  try {
    options = Resolve(raw);
    if (kind == HostKind::kProcess && options.bin.empty()) Bad("bin", "name the node program to test");
  } catch (const std::invalid_argument& e) {
    std::fprintf(stderr, "glomers: %s\n", e.what());
    return 2;
  }
  RunRequest req;
  req.options = options;
  req.host = kind;
  req.program = program.empty() ? options.workload : program;
  req.progress = true;
  if (!raw.no_store) req.store_dir = MakeStoreDir(options.store, options.workload);
  InstallSignalHandlers();
  double wall = 0;
  RunOutcome outcome = RunOne(req, &wall);
  if (!outcome.carried_out) {
    std::fprintf(stderr, "glomers: the run could not be carried out: %s\n", outcome.error.c_str());
    return 2;
  }
  if (kind == HostKind::kSim && raw.shrink && outcome.valid == Validity::kInvalid) {
    std::fprintf(stderr, "shrink: looking for a smaller run that fails the same way...\n");
    req.options = Shrink(options, req.program);
    options = req.options;
    outcome = RunOne(req, &wall);
  }
  std::fputs(FormatSummary(outcome.results, req.store_dir, wall).c_str(), stdout);
  if (!req.store_dir.empty()) std::printf("report: %s/report.html\n", req.store_dir.c_str());
  if (kind == HostKind::kSim) std::printf("replay: %s\n", ReplayCommand(options, req.program).c_str());
  return outcome.interrupted ? 130 : ExitCode(outcome);
}

}  // namespace

int Main(int argc, char** argv) {
  CLI::App app{"glomers: a Maelstrom-compatible bench and deterministic simulator"};
  app.require_subcommand(1);

  RawFlags test_flags;
  CLI::App* test = app.add_subcommand(
      "test", "Run a node program (any language) under the bench, as `maelstrom test` does");
  AddRunFlags(*test, test_flags);
  test->add_option("--bin", test_flags.bin, "The node program to run for every node")->required();
  test->add_option("args", test_flags.args, "Arguments for the node program (after --)");

  RawFlags sim_flags;
  std::string sim_program;
  CLI::App* sim = app.add_subcommand(
      "sim", "Run our own node program in-process under virtual time (deterministic per --seed)");
  AddRunFlags(*sim, sim_flags);
  sim->add_option("--program", sim_program,
                  "Which of our node programs to run (default: the workload's; a fixture such as "
                  "broadcast-lossy also works)");
  sim->add_option("args", sim_flags.args, "Arguments for the node program (after --)");
  sim->add_flag("--shrink", sim_flags.shrink,
                "If the run is invalid, look for a smaller one (fewer nodes, shorter, slower, "
                "fewer faults) that still fails, and report that");

  SuiteFlags suite_flags;
  CLI::App* suite = app.add_subcommand(
      "suite", "Run the Gossip Glomers challenges and print a scoreboard");
  AddSuiteFlags(*suite, suite_flags);

  std::string serve_store = RawFlags{}.store;
  int serve_port = 8080;
  CLI::App* serve = app.add_subcommand(
      "serve", "Serve a store directory's runs and their reports over HTTP on 127.0.0.1");
  serve->add_option("store", serve_store, "The store directory")->capture_default_str();
  serve->add_option("--port", serve_port, "Port to listen on (0: any free port)")
      ->capture_default_str()
      ->check(CLI::Range(0, 65535));

  std::string report_dir;
  CLI::App* report = app.add_subcommand(
      "report", "Write a stored run's report.html again, from its results, history and journal");
  report->add_option("run", report_dir, "The run's store directory, e.g. store/latest")->required();

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? 0 : 2;
  }
  if (*test) return RunCommand(test_flags, HostKind::kProcess, "");
  if (*sim) return RunCommand(sim_flags, HostKind::kSim, sim_program);
  if (*suite) return RunSuite(suite_flags);
  if (*serve) return Serve(serve_store, serve_port);
  if (*report) {
    std::string error;
    if (!WriteReport(report_dir, &error)) {
      std::fprintf(stderr, "glomers report: %s\n", error.c_str());
      return 2;
    }
    std::printf("report: %s/report.html\n", report_dir.c_str());
    return 0;
  }
  return 2;
}

}  // namespace glomers::bench
