// node_throughput: how fast one node process answers requests on its pipes,
// side by side with a node written the common way (baseline_node: getline,
// nlohmann::json, a flush per reply) and with `cat`, the pipes' own limit.
// Never fails.
//
//   node_throughput [--messages N] [--repeats R] [--round-trips K]
//                   [--values V] [--bin-dir DIR]... [--no-callgrind]
//
// Four tables, every program of a table measured in the same run:
//  * throughput: after `init` (node_ids [n0]), N requests are written to the
//    node's stdin as fast as the pipe takes them while its replies are
//    counted; msgs/s runs from the first request to the N-th reply. Best and
//    median of R runs, the programs taking turns; ratios are of the best.
//    echo: `echo` requests. broadcast: 9 `broadcast` to 1 `read`, the values
//    cycling through 100 integers, so the set and every read_ok stay at 100
//    values at most and the table measures the runtime, not the set.
//  * instructions per message under `valgrind --tool=callgrind` (user space
//    only), from the same input at two sizes: the difference over the
//    difference in messages, so start-up and init cancel out.
//  * ping-pong latency: one request, wait for its reply, K times; median and
//    p99 of the round trips.
//  * memory: VmHWM from /proc/<pid>/status, read while stdin is still open,
//    of a broadcast node holding V distinct values and of a kafka node
//    holding V messages (10 keys), against the same after init alone.
//
// --bin-dir (repeatable) names a directory of our node binaries to measure,
// for instance a copy of an earlier build next to the current one; the
// default is this build's.
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

extern char** environ;

namespace {

using Clock = std::chrono::steady_clock;

constexpr const char* kInit =
    R"({"src":"c0","dest":"n0","body":{"type":"init","msg_id":1,"node_id":"n0","node_ids":["n0"]}})"
    "\n";

// --- Inputs ------------------------------------------------------------------

std::string Request(const std::string& body, long msg_id) {
  return R"({"src":"c1","dest":"n0","body":{)" + body + R"(,"msg_id":)" +
         std::to_string(msg_id) + "}}\n";
}

std::string EchoRequest(long i) {
  return Request(R"("type":"echo","echo":"Please echo )" + std::to_string(i) + "\"", i + 2);
}

std::string BroadcastMixRequest(long i) {
  if (i % 10 == 9) return Request(R"("type":"read")", i + 2);
  return Request(R"("type":"broadcast","message":)" + std::to_string(i % 100), i + 2);
}

std::string UniqueBroadcastRequest(long i) {
  return Request(R"("type":"broadcast","message":)" + std::to_string(i), i + 2);
}

std::string KafkaSendRequest(long i) {
  return Request(R"("type":"send","key":"k)" + std::to_string(i % 10) + R"(","msg":)" +
                     std::to_string(i),
                 i + 2);
}

std::string Requests(std::string (*make)(long), long n) {
  std::string out;
  for (long i = 0; i < n; ++i) out += make(i);
  return out;
}

// --- Processes ---------------------------------------------------------------

struct Program {
  std::string label;
  std::vector<std::string> argv;
};

// A child with its stdin and stdout on pipes (or on the fds given).
class Child {
 public:
  explicit Child(const std::vector<std::string>& argv, int stdin_fd = -1, int stdout_fd = -1) {
    int in[2] = {-1, -1}, out[2] = {-1, -1};
    if (stdin_fd < 0 && ::pipe2(in, O_CLOEXEC) != 0) std::abort();
    if (stdout_fd < 0 && ::pipe2(out, O_CLOEXEC) != 0) std::abort();
    const int devnull = ::open("/dev/null", O_WRONLY | O_CLOEXEC);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, stdin_fd < 0 ? in[0] : stdin_fd, STDIN_FILENO);
    posix_spawn_file_actions_adddup2(&actions, stdout_fd < 0 ? out[1] : stdout_fd, STDOUT_FILENO);
    posix_spawn_file_actions_adddup2(&actions, devnull, STDERR_FILENO);
    std::vector<char*> args;
    for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    if (::posix_spawnp(&pid_, args[0], &actions, nullptr, args.data(), environ) != 0) pid_ = -1;
    posix_spawn_file_actions_destroy(&actions);
    ::close(devnull);
    if (stdin_fd < 0) {
      ::close(in[0]);
      in_ = in[1];
    }
    if (stdout_fd < 0) {
      ::close(out[1]);
      out_ = out[0];
    }
  }
  ~Child() {
    CloseStdin();
    if (out_ >= 0) ::close(out_);
    if (pid_ > 0) ::waitpid(pid_, nullptr, 0);
  }
  Child(const Child&) = delete;
  Child& operator=(const Child&) = delete;

  bool ok() const { return pid_ > 0; }
  pid_t pid() const { return pid_; }

  bool Write(const std::string& data) {
    std::size_t done = 0;
    while (done < data.size()) {
      ssize_t n = ::write(in_, data.data() + done, data.size() - done);
      if (n <= 0) return false;
      done += static_cast<std::size_t>(n);
    }
    return true;
  }
  void CloseStdin() {
    if (in_ >= 0) ::close(in_);
    in_ = -1;
  }
  // Reads until `lines` more lines have arrived; false at end of output.
  bool AwaitLines(long lines) {
    while (lines > 0) {
      if (pending_ == 0) {
        ssize_t n = ::read(out_, buf_.data(), buf_.size());
        if (n <= 0) return false;
        pending_ = static_cast<std::size_t>(n);
        at_ = 0;
      }
      const char* start = buf_.data() + at_;
      const char* nl = static_cast<const char*>(std::memchr(start, '\n', pending_));
      if (nl == nullptr) {
        pending_ = 0;
        continue;
      }
      const std::size_t used = static_cast<std::size_t>(nl - start) + 1;
      at_ += used;
      pending_ -= used;
      --lines;
    }
    return true;
  }

 private:
  pid_t pid_ = -1;
  int in_ = -1;
  int out_ = -1;
  std::vector<char> buf_ = std::vector<char>(1 << 20);
  std::size_t at_ = 0, pending_ = 0;
};

// Messages per second through one program, or nullopt if it fell short.
std::optional<double> Throughput(const Program& p, const std::string& requests, long n) {
  Child child(p.argv);
  if (!child.ok() || !child.Write(kInit) || !child.AwaitLines(1)) return std::nullopt;
  const Clock::time_point start = Clock::now();
  std::thread writer([&] {
    child.Write(requests);
    child.CloseStdin();
  });
  const bool all = child.AwaitLines(n);
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  writer.join();
  if (!all) return std::nullopt;
  return static_cast<double>(n) / seconds;
}

struct Latency {
  double median_us = 0, p99_us = 0;
};

std::optional<Latency> PingPong(const Program& p, std::string (*make)(long), int round_trips) {
  Child child(p.argv);
  if (!child.ok() || !child.Write(kInit) || !child.AwaitLines(1)) return std::nullopt;
  std::vector<double> us;
  for (int i = 0; i < round_trips; ++i) {
    const std::string request = make(i);
    const Clock::time_point start = Clock::now();
    if (!child.Write(request) || !child.AwaitLines(1)) return std::nullopt;
    us.push_back(std::chrono::duration<double, std::micro>(Clock::now() - start).count());
  }
  std::sort(us.begin(), us.end());
  return Latency{us[us.size() / 2], us[std::min(us.size() - 1, us.size() * 99 / 100)]};
}

// A field of /proc/<pid>/status in bytes ("VmHWM", "VmRSS").
long StatusBytes(pid_t pid, const std::string& field) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind(field + ":", 0) == 0) return std::atol(line.c_str() + field.size() + 1) * 1024;
  }
  return 0;
}

struct Memory {
  long after_init = 0, holding = 0;
};

std::optional<Memory> PeakMemory(const Program& p, const std::string& requests, long n) {
  Child child(p.argv);
  if (!child.ok() || !child.Write(kInit) || !child.AwaitLines(1)) return std::nullopt;
  Memory m;
  m.after_init = StatusBytes(child.pid(), "VmHWM");
  std::thread writer([&] { child.Write(requests); });
  const bool all = child.AwaitLines(n);
  writer.join();
  if (!all) return std::nullopt;
  m.holding = StatusBytes(child.pid(), "VmHWM");
  return m;
}

// User-space instructions of one run under callgrind, stdin from `input`.
std::optional<double> Instructions(const Program& p, const std::string& input) {
  char in_path[] = "/tmp/node_throughput_in_XXXXXX";
  char out_path[] = "/tmp/node_throughput_cg_XXXXXX";
  const int in_fd = ::mkstemp(in_path);
  const int out_fd = ::mkstemp(out_path);
  if (in_fd < 0 || out_fd < 0) return std::nullopt;
  ::close(out_fd);
  if (::write(in_fd, input.data(), input.size()) != static_cast<ssize_t>(input.size())) {
    return std::nullopt;
  }
  ::lseek(in_fd, 0, SEEK_SET);
  std::vector<std::string> argv = {"valgrind", "--tool=callgrind",
                                   std::string("--callgrind-out-file=") + out_path};
  argv.insert(argv.end(), p.argv.begin(), p.argv.end());
  const int devnull = ::open("/dev/null", O_WRONLY | O_CLOEXEC);
  { Child child(argv, in_fd, devnull); }
  ::close(devnull);
  ::close(in_fd);
  ::unlink(in_path);
  std::ifstream out(out_path);
  std::string line;
  std::optional<double> total;
  while (std::getline(out, line)) {
    if (line.rfind("summary:", 0) == 0 || line.rfind("totals:", 0) == 0) {
      total = std::atof(line.c_str() + line.find(':') + 1);
    }
  }
  ::unlink(out_path);
  return total;
}

std::optional<double> InstructionsPerMessage(const Program& p, std::string (*make)(long),
                                             long small, long large) {
  auto a = Instructions(p, kInit + Requests(make, small));
  auto b = Instructions(p, kInit + Requests(make, large));
  if (!a || !b) return std::nullopt;
  return (*b - *a) / static_cast<double>(large - small);
}

bool HaveValgrind() {
  const int devnull = ::open("/dev/null", O_RDWR | O_CLOEXEC);
  bool ok = false;
  {
    Child child({"valgrind", "--version"}, devnull, devnull);
    ok = child.ok();
  }
  ::close(devnull);
  return ok;
}

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0 : v[v.size() / 2];
}

struct Workload {
  const char* name;
  const char* binary;  // ours
  std::string (*make)(long);
};

// Our binary of a workload in each directory measured.
std::vector<Program> Ours(const std::vector<std::string>& bin_dirs, const std::string& binary) {
  std::vector<Program> out;
  for (const std::string& dir : bin_dirs) {
    out.push_back({bin_dirs.size() == 1 ? "ours" : "ours " + dir, {dir + "/" + binary}});
  }
  return out;
}

void PrintMemory(const char* what, const Program& p, const std::optional<Memory>& m, long n) {
  if (!m) {
    std::printf("%-22s %-30s %12s\n", what, p.label.c_str(), "failed");
    return;
  }
  std::printf("%-22s %-30s %9.1f MB %9.1f MB %11.0f\n", what, p.label.c_str(),
              m->after_init / 1e6, m->holding / 1e6,
              static_cast<double>(m->holding - m->after_init) / static_cast<double>(n));
}

}  // namespace

int main(int argc, char** argv) {
  long messages = 200000;
  int repeats = 5;
  int round_trips = 2000;
  long values = 100000;
  bool callgrind = true;
  std::vector<std::string> bin_dirs;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--messages" && i + 1 < argc) {
      messages = std::max(1L, std::atol(argv[++i]));
    } else if (a == "--repeats" && i + 1 < argc) {
      repeats = std::max(1, std::atoi(argv[++i]));
    } else if (a == "--round-trips" && i + 1 < argc) {
      round_trips = std::max(1, std::atoi(argv[++i]));
    } else if (a == "--values" && i + 1 < argc) {
      values = std::max(1L, std::atol(argv[++i]));
    } else if (a == "--bin-dir" && i + 1 < argc) {
      bin_dirs.push_back(argv[++i]);
    } else if (a == "--no-callgrind") {
      callgrind = false;
    } else {
      std::fprintf(stderr,
                   "usage: node_throughput [--messages N] [--repeats R] [--round-trips K]\n"
                   "                       [--values V] [--bin-dir DIR]... [--no-callgrind]\n");
      return 2;
    }
  }
  if (bin_dirs.empty()) bin_dirs.push_back(GLOMERS_BIN_DIR);
  callgrind = callgrind && HaveValgrind();
  const Program baseline{"baseline", {GLOMERS_BASELINE_NODE}};
  const Program cat{"cat", {"cat"}};
  const Workload workloads[] = {{"echo", "echo", &EchoRequest},
                                {"broadcast", "broadcast", &BroadcastMixRequest}};

  std::printf("node throughput: %ld requests after init, best (median) of %d runs; "
              "instructions/msg from callgrind\n\n",
              messages, repeats);
  std::printf("%-10s %-30s %10s %10s %9s %8s %11s\n", "workload", "program", "msgs/s", "median",
              "/baseline", "/cat", "instr/msg");
  for (const Workload& w : workloads) {
    std::vector<Program> programs = Ours(bin_dirs, w.binary);
    programs.push_back(baseline);
    programs.push_back(cat);
    const std::string requests = Requests(w.make, messages);
    std::vector<std::vector<double>> rates(programs.size());
    for (int r = 0; r < repeats; ++r) {
      for (std::size_t p = 0; p < programs.size(); ++p) {
        if (auto rate = Throughput(programs[p], requests, messages)) rates[p].push_back(*rate);
      }
    }
    auto best = [&](std::size_t p) {
      return rates[p].empty() ? 0.0 : *std::max_element(rates[p].begin(), rates[p].end());
    };
    const double baseline_best = best(programs.size() - 2);
    const double cat_best = best(programs.size() - 1);
    for (std::size_t p = 0; p < programs.size(); ++p) {
      std::string instr = "n/a";
      if (callgrind) {
        if (auto i = InstructionsPerMessage(programs[p], w.make, 2000, 10000)) {
          instr = std::to_string(static_cast<long>(*i + 0.5));
        }
      }
      std::printf("%-10s %-30s %10.0f %10.0f %8.2fx %7.2fx %11s\n", w.name,
                  programs[p].label.c_str(), best(p), Median(rates[p]),
                  baseline_best > 0 ? best(p) / baseline_best : 0.0,
                  cat_best > 0 ? best(p) / cat_best : 0.0, instr.c_str());
      std::fflush(stdout);
    }
  }

  std::printf("\nping-pong latency: %d round trips of one request each, microseconds\n\n",
              round_trips);
  std::printf("%-10s %-30s %10s %10s\n", "workload", "program", "median", "p99");
  for (const Workload& w : workloads) {
    std::vector<Program> programs = Ours(bin_dirs, w.binary);
    programs.push_back(baseline);
    programs.push_back(cat);
    for (const Program& p : programs) {
      if (auto l = PingPong(p, w.make, round_trips)) {
        std::printf("%-10s %-30s %10.1f %10.1f\n", w.name, p.label.c_str(), l->median_us,
                    l->p99_us);
      } else {
        std::printf("%-10s %-30s %10s\n", w.name, p.label.c_str(), "failed");
      }
      std::fflush(stdout);
    }
  }

  std::printf("\nmemory: VmHWM after init, and holding %ld values (bytes/value: the "
              "difference over %ld)\n\n",
              values, values);
  std::printf("%-22s %-30s %12s %12s %11s\n", "state", "program", "after init", "holding",
              "bytes/value");
  const std::string broadcasts = Requests(&UniqueBroadcastRequest, values);
  const std::string sends = Requests(&KafkaSendRequest, values);
  for (const Program& ours : Ours(bin_dirs, "broadcast")) {
    PrintMemory("broadcast values", ours, PeakMemory(ours, broadcasts, values), values);
  }
  PrintMemory("broadcast values", baseline, PeakMemory(baseline, broadcasts, values), values);
  for (const Program& ours : Ours(bin_dirs, "kafka")) {
    PrintMemory("kafka messages", ours, PeakMemory(ours, sends, values), values);
  }
  return 0;
}
