#include "node/stdio_runtime.h"

#include <poll.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <random>
#include <stdexcept>
#include <string>

#include "node/file_system.h"
#include "node/posix_file_system.h"
#include "node/run_identity.h"

namespace glomers {
namespace {

// Writes all of `data` to fd; false if the fd is gone.
bool WriteAll(int fd, std::string_view data) {
  while (!data.empty()) {
    ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      if (errno == EAGAIN) {
        pollfd p{fd, POLLOUT, 0};
        ::poll(&p, 1, -1);
        continue;
      }
      return false;
    }
    data.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

class StdioEnv : public Env {
 public:
  StdioEnv(std::string data_dir_flag, std::string run_id_flag)
      : start_(std::chrono::steady_clock::now()),
        data_dir_flag_(std::move(data_dir_flag)),
        run_id_flag_(std::move(run_id_flag)) {}

  Micros Now() override {
    return std::chrono::duration_cast<Micros>(std::chrono::steady_clock::now() - start_);
  }
  Micros WallNow() override {
    return std::chrono::duration_cast<Micros>(
        std::chrono::system_clock::now().time_since_epoch());
  }
  void Emit(const Message& msg) override { AppendMessageLine(msg, &out_); }
  void Log(std::string_view line) override {
    std::string l(line);
    l.push_back('\n');
    WriteAll(STDERR_FILENO, l);
  }
  std::uint64_t Seed() override { return std::random_device{}() ^ (static_cast<std::uint64_t>(::getpid()) << 32); }

  // The node's directory is named by its id, so storage exists from init
  // on; it is opened at first use, so programs without storage make no
  // directories. A directory that cannot be made writable is logged once
  // and then reported on every use as the error Durable hands the program.
  FileSystem* Files() override {
    if (fs_ || node_ == nullptr || node_->id().empty()) return fs_.get();
    const std::string dir = NodeDataDir(data_dir_flag_, RunIdentity(run_id_flag_), node_->id());
    IoStatus s = OpenPosixFileSystem(dir, &fs_);
    if (!s.ok()) {
      Log("storage: " + s.message());
      fs_ = std::make_unique<FailingFileSystem>(s);
    } else {
      Log("storage: " + dir);
    }
    return fs_.get();
  }
  void set_node(const Node* node) { node_ = node; }

  // Writes pending output; false if stdout is gone.
  bool Flush() {
    bool ok = WriteAll(STDOUT_FILENO, out_);
    out_.clear();
    return ok;
  }

 private:
  // Storage that was asked for and cannot be had: every call says why.
  class FailingFileSystem : public FileSystem {
   public:
    explicit FailingFileSystem(IoStatus why) : why_(std::move(why)) {}
    IoStatus OpenAppend(const std::string&, bool, std::unique_ptr<AppendFile>*) override {
      return why_;
    }
    IoStatus Read(const std::string&, std::string*) override { return why_; }
    IoStatus Rename(const std::string&, const std::string&) override { return why_; }
    IoStatus Remove(const std::string&) override { return why_; }
    IoStatus List(std::vector<std::string>*) override { return why_; }

   private:
    IoStatus why_;
  };

  std::chrono::steady_clock::time_point start_;
  std::string out_;
  std::string data_dir_flag_;
  std::string run_id_flag_;
  const Node* node_ = nullptr;
  std::unique_ptr<FileSystem> fs_;
};

// Takes the runtime's own flags (--data-dir=, --run-id=) out of `args`, so
// programs never see them.
std::string TakeFlag(ProgramArgs* args, const std::string& name) {
  const std::string prefix = "--" + name + "=";
  std::string value;
  for (auto it = args->begin(); it != args->end();) {
    if (it->starts_with(prefix)) {
      value = it->substr(prefix.size());
      it = args->erase(it);
    } else {
      ++it;
    }
  }
  return value;
}

constexpr std::size_t kMaxLine = 64u << 20;  // longer lines are dropped whole

void PrintUsage(const ProgramSpec& spec, std::FILE* to) {
  std::fprintf(to, "usage: %.*s [flags]\n\nA Maelstrom node for the %.*s workload: it speaks "
               "JSON lines on stdin/stdout and logs to stderr.\n",
               static_cast<int>(spec.name.size()), spec.name.data(),
               static_cast<int>(spec.name.size()), spec.name.data());
  if (!spec.usage.empty()) {
    std::fprintf(to, "\nflags:\n%.*s", static_cast<int>(spec.usage.size()), spec.usage.data());
  }
  std::fprintf(to, "\nruntime flags (programs with durable state):\n"
               "  --data-dir=DIR  storage root (default $GLOMERS_DATA_DIR, else ./glomers-data)\n"
               "  --run-id=ID     the test run (default $GLOMERS_RUN_ID, else the parent\n"
               "                  process's pid and start time)\n");
}

}  // namespace

int RunStdio(int argc, char** argv, const ProgramSpec& spec) {
  ProgramArgs args(argv + 1, argv + argc);
  for (const std::string& a : args) {
    if (a == "--help" || a == "-h") {
      PrintUsage(spec, stdout);
      return 0;
    }
  }
  ::signal(SIGPIPE, SIG_IGN);

  std::string data_dir = TakeFlag(&args, "data-dir");
  std::string run_id = TakeFlag(&args, "run-id");
  StdioEnv env(data_dir, run_id);
  Node node(env);
  env.set_node(&node);
  std::unique_ptr<Program> program;
  try {
    program = spec.make(node, args);
  } catch (const std::invalid_argument& e) {
    std::fprintf(stderr, "%.*s: %s\n\n", static_cast<int>(spec.name.size()), spec.name.data(),
                 e.what());
    PrintUsage(spec, stderr);
    return 2;
  }

  std::string in;
  bool discarding = false;  // inside an over-long line
  char chunk[1 << 16];
  for (;;) {
    node.RunTimers();
    if (!env.Flush()) return 0;

    int timeout_ms = -1;
    if (auto deadline = node.NextDeadline()) {
      auto wait = *deadline - env.Now();
      timeout_ms = wait.count() <= 0 ? 0 : static_cast<int>((wait.count() + 999) / 1000);
    }
    pollfd p{STDIN_FILENO, POLLIN, 0};
    int ready = ::poll(&p, 1, timeout_ms);
    if (ready < 0 && errno != EINTR) {
      env.Log(std::string("poll failed: ") + std::strerror(errno));
      return 1;
    }
    if (ready <= 0) continue;

    ssize_t n = ::read(STDIN_FILENO, chunk, sizeof chunk);
    if (n < 0) {
      if (errno == EINTR || errno == EAGAIN) continue;
      env.Log(std::string("read failed: ") + std::strerror(errno));
      return 1;
    }
    if (n == 0) {
      if (!discarding && !in.empty()) node.ReceiveLine(in);  // last line without '\n'
      env.Flush();
      return 0;
    }
    std::string_view data(chunk, static_cast<std::size_t>(n));
    while (!data.empty()) {
      std::size_t nl = data.find('\n');
      std::string_view piece = data.substr(0, nl);
      if (discarding) {
        if (nl != std::string_view::npos) discarding = false;
      } else if (in.size() + piece.size() > kMaxLine) {
        env.Log("dropping an input line longer than " + std::to_string(kMaxLine) + " bytes");
        in.clear();
        discarding = nl == std::string_view::npos;
      } else if (nl == std::string_view::npos) {
        in.append(piece);
      } else if (in.empty()) {
        if (!piece.empty()) node.ReceiveLine(piece);
      } else {
        in.append(piece);
        node.ReceiveLine(in);
        in.clear();
      }
      if (nl == std::string_view::npos) break;
      data.remove_prefix(nl + 1);
    }
  }
}

int RunStdioFound(int argc, char** argv, const ProgramSpec* spec, const char* name) {
  if (spec == nullptr) {
    std::fprintf(stderr, "no program named %s\n", name);
    return 2;
  }
  return RunStdio(argc, argv, *spec);
}

}  // namespace glomers
