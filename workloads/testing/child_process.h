// ChildProcess: a program started with pipes on its stdin, stdout and
// stderr, for tests that talk to our node binaries as Maelstrom does.
//
// All three pipes are serviced together whenever the test waits, so a child
// that writes a lot to stderr (or stdout) while the test is still writing
// its input can never deadlock against the test. The destructor kills the
// child (SIGKILL) and reaps it.
//
// Not thread-safe.
#ifndef GLOMERS_WORKLOADS_TESTING_CHILD_PROCESS_H_
#define GLOMERS_WORKLOADS_TESTING_CHILD_PROCESS_H_

#include <sys/types.h>

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace glomers::testing {

class ChildProcess {
 public:
  using Duration = std::chrono::milliseconds;

  // Starts `path` with `args` (argv[1...]). Throws std::runtime_error when
  // it cannot be started.
  ChildProcess(const std::string& path, const std::vector<std::string>& args);
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  // Writes all of `data` to the child's stdin (servicing its output
  // meanwhile); false if stdin is closed or `timeout` passes first.
  bool Write(std::string_view data, Duration timeout = Duration(10000));
  bool WriteLine(std::string_view line) { return Write(std::string(line) + "\n"); }
  void CloseStdin();

  // The next line the child printed on stdout, without its '\n'; nullopt if
  // none came within `timeout` (or stdout ended).
  std::optional<std::string> ReadLine(Duration timeout);
  // Everything on stderr so far, that earlier calls did not take.
  std::string TakeStderr();
  // Waits up to `timeout` for the child to exit: its exit status, or 128 +
  // signal number; nullopt if still running.
  std::optional<int> Wait(Duration timeout);

  pid_t pid() const { return pid_; }

 private:
  // Services the pipes until `done()` or the deadline; returns done().
  template <class Done>
  bool PumpUntil(Done done, std::chrono::steady_clock::time_point deadline);
  // One round of poll(); false when nothing is left to wait for.
  bool PumpOnce(int timeout_ms);

  pid_t pid_ = -1;
  int in_ = -1;
  int out_ = -1;
  int err_ = -1;
  std::string pending_in_;
  std::string out_buf_;
  std::string err_buf_;
  std::optional<int> status_;
};

}  // namespace glomers::testing

#endif  // GLOMERS_WORKLOADS_TESTING_CHILD_PROCESS_H_
