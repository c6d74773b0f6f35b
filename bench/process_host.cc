#include "bench/process_host.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <filesystem>

namespace glomers::bench {
namespace {

// Every live child pid, for KillAllChildren (which may run in a signal handler).
constexpr int kMaxChildren = 4096;
std::array<std::atomic<pid_t>, kMaxChildren> g_children{};

void Register(pid_t pid) {
  for (auto& slot : g_children) {
    pid_t empty = 0;
    if (slot.compare_exchange_strong(empty, pid)) return;
  }
}

void Unregister(pid_t pid) {
  for (auto& slot : g_children) {
    pid_t expected = pid;
    if (slot.compare_exchange_strong(expected, 0)) return;
  }
}

void SetNonBlocking(int fd) { ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK); }

std::string DescribeStatus(int status) {
  if (WIFEXITED(status)) return "exit status " + std::to_string(WEXITSTATUS(status));
  if (WIFSIGNALED(status)) {
    return std::string("killed by signal ") + std::to_string(WTERMSIG(status)) + " (" +
           ::strsignal(WTERMSIG(status)) + ")";
  }
  return "ended (status " + std::to_string(status) + ")";
}

// The last `n` non-empty lines of `text`, joined with " / ".
std::string LastLines(const std::string& text, int n) {
  std::vector<std::string> lines;
  std::size_t end = text.size();
  while (end > 0 && static_cast<int>(lines.size()) < n) {
    std::size_t start = text.rfind('\n', end - 1);
    std::size_t from = start == std::string::npos ? 0 : start + 1;
    if (end > from) lines.insert(lines.begin(), text.substr(from, end - from));
    if (start == std::string::npos) break;
    end = start;
  }
  std::string out;
  for (const auto& l : lines) out += (out.empty() ? "" : " / ") + l;
  return out;
}

}  // namespace

void ProcessHost::KillAllChildren() {
  for (auto& slot : g_children) {
    pid_t pid = slot.load();
    if (pid > 0) {
      ::kill(pid, SIGCONT);
      ::kill(pid, SIGKILL);
    }
  }
}

ProcessHost::ProcessHost(ProcessHostOptions options)
    : options_(std::move(options)), start_(std::chrono::steady_clock::now()) {
  // One id per host, that is per test: a node restarted within the test
  // recovers its data, a later test of the same bench process never does.
  static std::atomic<int> hosts{0};
  run_id_ = "bench-" + std::to_string(::getpid()) + "-" + std::to_string(++hosts) + "-" +
            std::to_string(std::chrono::system_clock::now().time_since_epoch().count());
  ::signal(SIGPIPE, SIG_IGN);
  if (!options_.log_dir.empty()) std::filesystem::create_directories(options_.log_dir);
}

ProcessHost::~ProcessHost() { Shutdown(); }

std::int64_t ProcessHost::Now() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() -
                                                              start_)
      .count();
}

std::string ProcessHost::LogPath(const std::string& id) const {
  return options_.log_dir.empty() ? "" : options_.log_dir + "/" + id + ".log";
}

bool ProcessHost::Start(const std::string& id, std::string* error) {
  Child& old = children_[id];
  if (old.pid > 0) Stop(old);

  int in[2], out[2], err[2], exec_status[2];
  if (::pipe2(in, O_CLOEXEC) != 0 || ::pipe2(out, O_CLOEXEC) != 0 ||
      ::pipe2(err, O_CLOEXEC) != 0 || ::pipe2(exec_status, O_CLOEXEC) != 0) {
    *error = std::string("pipe: ") + std::strerror(errno);
    return false;
  }
  std::vector<std::string> argv_storage = {options_.bin};
  argv_storage.insert(argv_storage.end(), options_.args.begin(), options_.args.end());
  std::vector<char*> argv;
  for (auto& a : argv_storage) argv.push_back(a.data());
  argv.push_back(nullptr);
  // The environment is built before the fork: the child may not allocate.
  std::vector<std::string> env_storage;
  for (char** e = environ; *e != nullptr; ++e) {
    std::string_view v(*e);
    const bool replaced = v.starts_with("GLOMERS_RUN_ID=") ||
                          (!options_.log_dir.empty() && v.starts_with("GLOMERS_DATA_DIR="));
    if (!replaced) {
      env_storage.emplace_back(v);
    }
  }
  env_storage.push_back("GLOMERS_RUN_ID=" + run_id_);
  if (!options_.log_dir.empty()) env_storage.push_back("GLOMERS_DATA_DIR=" + options_.log_dir + "/data");
  std::vector<char*> envp;
  for (auto& e : env_storage) envp.push_back(e.data());
  envp.push_back(nullptr);

  const pid_t parent = ::getpid();
  pid_t pid = ::fork();
  if (pid < 0) {
    *error = std::string("fork: ") + std::strerror(errno);
    return false;
  }
  if (pid == 0) {
    // Child: only async-signal-safe calls from here to exec.
    ::setpgid(0, 0);
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != parent) ::_exit(127);
    ::dup2(in[0], STDIN_FILENO);
    ::dup2(out[1], STDOUT_FILENO);
    ::dup2(err[1], STDERR_FILENO);
    ::signal(SIGPIPE, SIG_DFL);
    ::execve(argv[0], argv.data(), envp.data());
    int e = errno;
    ssize_t ignored = ::write(exec_status[1], &e, sizeof e);
    (void)ignored;
    ::_exit(127);
  }
  Register(pid);
  ::close(in[0]);
  ::close(out[1]);
  ::close(err[1]);
  ::close(exec_status[1]);
  int exec_errno = 0;
  ssize_t n;
  do {
    n = ::read(exec_status[0], &exec_errno, sizeof exec_errno);
  } while (n < 0 && errno == EINTR);
  ::close(exec_status[0]);
  if (n == static_cast<ssize_t>(sizeof exec_errno)) {
    ::close(in[1]);
    ::close(out[0]);
    ::close(err[0]);
    ::waitpid(pid, nullptr, 0);
    Unregister(pid);
    *error = "cannot execute " + options_.bin + ": " + std::strerror(exec_errno);
    return false;
  }

  Child c;
  c.pid = pid;
  c.in = in[1];
  c.out = out[0];
  c.err = err[0];
  SetNonBlocking(c.in);
  SetNonBlocking(c.out);
  SetNonBlocking(c.err);
  c.log_fd = old.log_fd;
  if (c.log_fd < 0 && !options_.log_dir.empty()) {
    c.log_fd = ::open(LogPath(id).c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  }
  children_[id] = std::move(c);
  return true;
}

void ProcessHost::Deliver(const std::string& id, const Message& msg) {
  auto it = children_.find(id);
  if (it == children_.end() || it->second.pid <= 0 || it->second.in < 0) return;
  AppendMessageLine(msg, &it->second.pending_in);
  Flush(id, it->second);
}

void ProcessHost::Flush(const std::string& id, Child& c) {
  while (!c.pending_in.empty()) {
    ssize_t n = ::write(c.in, c.pending_in.data(), c.pending_in.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      if (errno != EAGAIN) {  // the node closed its stdin: nothing more reaches it
        (void)id;
        c.pending_in.clear();
        ::close(c.in);
        c.in = -1;
      }
      return;
    }
    c.pending_in.erase(0, static_cast<std::size_t>(n));
  }
}

void ProcessHost::Kill(const std::string& id) {
  auto it = children_.find(id);
  if (it != children_.end() && it->second.pid > 0) Stop(it->second);
}

void ProcessHost::Stop(Child& c) {
  c.ending = true;
  ::kill(c.pid, SIGKILL);
  ::kill(c.pid, SIGCONT);
  int status = 0;
  while (::waitpid(c.pid, &status, 0) < 0 && errno == EINTR) {
  }
  Unregister(c.pid);
  c.pid = -1;
  Close(c);
}

void ProcessHost::Close(Child& c) {
  for (int* fd : {&c.in, &c.out, &c.err}) {
    if (*fd >= 0) ::close(*fd);
    *fd = -1;
  }
  c.pending_in.clear();
  c.partial_out.clear();
  c.partial_err.clear();
  c.err_tail.clear();
  c.paused = false;
}

void ProcessHost::Pause(const std::string& id) {
  auto it = children_.find(id);
  if (it == children_.end() || it->second.pid <= 0 || it->second.paused) return;
  ::kill(it->second.pid, SIGSTOP);
  it->second.paused = true;
}

void ProcessHost::Resume(const std::string& id) {
  auto it = children_.find(id);
  if (it == children_.end() || it->second.pid <= 0 || !it->second.paused) return;
  ::kill(it->second.pid, SIGCONT);
  it->second.paused = false;
}

bool ProcessHost::Running(const std::string& id) const {
  auto it = children_.find(id);
  return it != children_.end() && it->second.pid > 0;
}

void ProcessHost::ReadOut(const std::string& id, Child& c) {
  char buf[1 << 16];
  for (;;) {
    ssize_t n = ::read(c.out, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      if (n == 0) {
        ::close(c.out);
        c.out = -1;
      }
      return;
    }
    std::string_view data(buf, static_cast<std::size_t>(n));
    while (!data.empty()) {
      std::size_t nl = data.find('\n');
      if (nl == std::string_view::npos) {
        c.partial_out.append(data);
        break;
      }
      std::string line = std::move(c.partial_out);
      c.partial_out.clear();
      line.append(data.substr(0, nl));
      data.remove_prefix(nl + 1);
      if (line.empty()) continue;
      Result<Message> msg = ParseMessage(line);
      if (!msg.ok()) {
        sink_->OnNodeGarbage(id, line, msg.error().text);
      } else if (msg.value().src != id) {
        sink_->OnNodeGarbage(id, line, "src is \"" + msg.value().src + "\", not " + id);
      } else {
        sink_->OnNodeMessage(id, std::move(msg.value()));
      }
    }
  }
}

void ProcessHost::ReadErr(const std::string& id, Child& c) {
  char buf[1 << 16];
  for (;;) {
    ssize_t n = ::read(c.err, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      if (n == 0) {
        ::close(c.err);
        c.err = -1;
      }
      return;
    }
    if (c.log_fd >= 0) {
      ssize_t ignored = ::write(c.log_fd, buf, static_cast<std::size_t>(n));
      (void)ignored;
    }
    constexpr std::size_t kTail = 600;
    c.err_tail.append(buf, static_cast<std::size_t>(n));
    if (c.err_tail.size() > 2 * kTail) c.err_tail.erase(0, c.err_tail.size() - kTail);
    if (options_.log_stderr) {
      c.partial_err.append(buf, static_cast<std::size_t>(n));
      std::size_t nl;
      while ((nl = c.partial_err.find('\n')) != std::string::npos) {
        std::string line = id + " | " + c.partial_err.substr(0, nl + 1);
        ssize_t ignored = ::write(STDERR_FILENO, line.data(), line.size());
        (void)ignored;
        c.partial_err.erase(0, nl + 1);
      }
    }
  }
}

void ProcessHost::Reap() {
  for (auto& [id, c] : children_) {
    if (c.pid <= 0) continue;
    int status = 0;
    if (::waitpid(c.pid, &status, WNOHANG) != c.pid) continue;
    Unregister(c.pid);
    // Drain what it printed before it went.
    if (c.out >= 0) ReadOut(id, c);
    if (c.err >= 0) ReadErr(id, c);
    c.pid = -1;
    std::string how = DescribeStatus(status);
    if (std::string last = LastLines(c.err_tail, 3); !last.empty()) how += "; its stderr ended: " + last;
    Close(c);
    if (!c.ending) sink_->OnNodeExit(id, how);
  }
}

void ProcessHost::WaitUntil(std::int64_t deadline) {
  std::vector<pollfd> fds;
  std::vector<std::pair<std::string*, int>> owners;  // node id, which fd (0 in, 1 out, 2 err)
  std::vector<std::string> ids;
  ids.reserve(children_.size());
  for (auto& [id, c] : children_) {
    if (c.pid <= 0) continue;
    ids.push_back(id);
  }
  for (std::string& id : ids) {
    Child& c = children_[id];
    if (c.out >= 0) {
      fds.push_back({c.out, POLLIN, 0});
      owners.push_back({&id, 1});
    }
    if (c.err >= 0) {
      fds.push_back({c.err, POLLIN, 0});
      owners.push_back({&id, 2});
    }
    if (c.in >= 0 && !c.pending_in.empty()) {
      fds.push_back({c.in, POLLOUT, 0});
      owners.push_back({&id, 0});
    }
  }
  std::int64_t wait_ns = std::max<std::int64_t>(deadline - Now(), 0);
  // Wake at least every 50 ms to notice children that exit without closing
  // their pipes (their own children may hold them).
  wait_ns = std::min<std::int64_t>(wait_ns, 50'000'000);
  timespec ts{static_cast<time_t>(wait_ns / 1'000'000'000), static_cast<long>(wait_ns % 1'000'000'000)};
  int ready = ::ppoll(fds.data(), fds.size(), &ts, nullptr);
  if (ready > 0) {
    for (std::size_t i = 0; i < fds.size(); ++i) {
      if (fds[i].revents == 0) continue;
      Child& c = children_[*owners[i].first];
      if (c.pid <= 0) continue;
      switch (owners[i].second) {
        case 0: Flush(*owners[i].first, c); break;
        case 1: if (c.out >= 0) ReadOut(*owners[i].first, c); break;
        case 2: if (c.err >= 0) ReadErr(*owners[i].first, c); break;
      }
    }
  }
  Reap();
}

void ProcessHost::Shutdown() {
  for (auto& [id, c] : children_) {
    if (c.pid > 0) Stop(c);
    if (c.log_fd >= 0) ::close(c.log_fd);
    c.log_fd = -1;
  }
}

}  // namespace glomers::bench
