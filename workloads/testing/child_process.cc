#include "workloads/testing/child_process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <utility>

extern char** environ;

namespace glomers::testing {
namespace {

void MakePipe(int fds[2]) {
  if (::pipe2(fds, O_CLOEXEC) != 0) {
    throw std::runtime_error(std::string("pipe2: ") + std::strerror(errno));
  }
}

void SetNonBlocking(int fd) { ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK); }

void CloseFd(int& fd) {
  if (fd >= 0) ::close(fd);
  fd = -1;
}

int StatusOf(int wstatus) {
  if (WIFEXITED(wstatus)) return WEXITSTATUS(wstatus);
  if (WIFSIGNALED(wstatus)) return 128 + WTERMSIG(wstatus);
  return -1;
}

}  // namespace

ChildProcess::ChildProcess(const std::string& path, const std::vector<std::string>& args) {
  // A child that exits while we write to it must not kill the test.
  ::signal(SIGPIPE, SIG_IGN);
  int in[2], out[2], err[2];
  MakePipe(in);
  MakePipe(out);
  MakePipe(err);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  // dup2 clears close-on-exec on the copies, which the child keeps.
  posix_spawn_file_actions_adddup2(&actions, in[0], STDIN_FILENO);
  posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, err[1], STDERR_FILENO);
  std::vector<char*> argv;
  argv.push_back(const_cast<char*>(path.c_str()));
  for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  const int rc = ::posix_spawn(&pid_, path.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  ::close(in[0]);
  ::close(out[1]);
  ::close(err[1]);
  in_ = in[1];
  out_ = out[0];
  err_ = err[0];
  if (rc != 0) {
    CloseFd(in_);
    CloseFd(out_);
    CloseFd(err_);
    throw std::runtime_error("cannot start " + path + ": " + std::strerror(rc));
  }
  SetNonBlocking(in_);
  SetNonBlocking(out_);
  SetNonBlocking(err_);
}

ChildProcess::~ChildProcess() {
  CloseFd(in_);
  CloseFd(out_);
  CloseFd(err_);
  if (pid_ > 0 && !status_) {
    ::kill(pid_, SIGKILL);
    int wstatus = 0;
    while (::waitpid(pid_, &wstatus, 0) < 0 && errno == EINTR) {
    }
  }
}

bool ChildProcess::PumpOnce(int timeout_ms) {
  pollfd fds[3];
  nfds_t n = 0;
  if (in_ >= 0 && !pending_in_.empty()) fds[n++] = {in_, POLLOUT, 0};
  if (out_ >= 0) fds[n++] = {out_, POLLIN, 0};
  if (err_ >= 0) fds[n++] = {err_, POLLIN, 0};
  if (n == 0) return false;
  int ready = ::poll(fds, n, timeout_ms);
  if (ready < 0 && errno != EINTR) throw std::runtime_error("poll failed");
  if (ready <= 0) return true;
  char buf[1 << 16];
  for (nfds_t i = 0; i < n; ++i) {
    if (fds[i].revents == 0) continue;
    if (fds[i].fd == in_) {
      ssize_t w = ::write(in_, pending_in_.data(), pending_in_.size());
      if (w > 0) {
        pending_in_.erase(0, static_cast<std::size_t>(w));
      } else if (w < 0 && errno != EAGAIN && errno != EINTR) {
        pending_in_.clear();
        CloseFd(in_);  // the child closed its stdin (or died)
      }
      continue;
    }
    int& fd = fds[i].fd == out_ ? out_ : err_;
    std::string& into = fds[i].fd == out_ ? out_buf_ : err_buf_;
    ssize_t r = ::read(fd, buf, sizeof buf);
    if (r > 0) {
      into.append(buf, static_cast<std::size_t>(r));
    } else if (r == 0 || (errno != EAGAIN && errno != EINTR)) {
      CloseFd(fd);
    }
  }
  return true;
}

template <class Done>
bool ChildProcess::PumpUntil(Done done, std::chrono::steady_clock::time_point deadline) {
  while (!done()) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() < 0) return false;
    if (!PumpOnce(static_cast<int>(std::min<long>(left.count(), 100)) + 1)) return done();
  }
  return true;
}

bool ChildProcess::Write(std::string_view data, Duration timeout) {
  if (in_ < 0) return false;
  pending_in_.append(data);
  return PumpUntil([&] { return pending_in_.empty() || in_ < 0; },
                   std::chrono::steady_clock::now() + timeout) &&
         in_ >= 0;
}

void ChildProcess::CloseStdin() {
  PumpUntil([&] { return pending_in_.empty() || in_ < 0; },
            std::chrono::steady_clock::now() + Duration(10000));
  CloseFd(in_);
}

std::optional<std::string> ChildProcess::ReadLine(Duration timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  PumpUntil([&] { return out_buf_.find('\n') != std::string::npos; }, deadline);
  std::size_t nl = out_buf_.find('\n');
  if (nl == std::string::npos) return std::nullopt;
  std::string line = out_buf_.substr(0, nl);
  out_buf_.erase(0, nl + 1);
  return line;
}

std::string ChildProcess::TakeStderr() {
  while (err_ >= 0) {
    pollfd p{err_, POLLIN, 0};
    if (::poll(&p, 1, 0) <= 0) break;
    const std::size_t before = err_buf_.size();
    PumpOnce(0);
    if (err_buf_.size() == before && err_ >= 0) break;
  }
  return std::exchange(err_buf_, {});
}

std::optional<int> ChildProcess::Wait(Duration timeout) {
  if (status_) return status_;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    int wstatus = 0;
    pid_t r = ::waitpid(pid_, &wstatus, WNOHANG);
    if (r == pid_) {
      status_ = StatusOf(wstatus);
      // Collect whatever it printed last: its pipes are at end of file now,
      // unless it left a child of its own holding them.
      for (int i = 0; i < 100 && (out_ >= 0 || err_ >= 0); ++i) PumpOnce(10);
      return status_;
    }
    if (std::chrono::steady_clock::now() >= deadline) return std::nullopt;
    PumpOnce(10);
  }
}

}  // namespace glomers::testing
