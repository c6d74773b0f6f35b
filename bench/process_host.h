// ProcessHost: runs each node as a child process of any Maelstrom node
// program, in any language, speaking JSON lines on its stdin and stdout.
//
// Children run in their own process group (a terminal's Ctrl-C reaches only
// the bench, which then stops them) and die with the bench
// (PR_SET_PDEATHSIG). Pipes are non-blocking: a node that stops reading
// (paused, hung) makes the bench buffer its input, never block. Each node's
// stderr goes to <log_dir>/<node>.log, and to the bench's stderr with
// --log-stderr. Real time; not thread-safe.
#ifndef GLOMERS_BENCH_PROCESS_HOST_H_
#define GLOMERS_BENCH_PROCESS_HOST_H_

#include <sys/types.h>

#include <chrono>
#include <map>
#include <string>
#include <vector>

#include "bench/host.h"

namespace glomers::bench {

struct ProcessHostOptions {
  std::string bin;
  std::vector<std::string> args;
  std::string log_dir;
  bool log_stderr = false;
};

class ProcessHost : public NodeHost {
 public:
  explicit ProcessHost(ProcessHostOptions options);
  ~ProcessHost() override;

  bool Start(const std::string& id, std::string* error) override;
  void Deliver(const std::string& id, const Message& msg) override;
  void Kill(const std::string& id) override;
  void Pause(const std::string& id) override;
  void Resume(const std::string& id) override;
  bool Running(const std::string& id) const override;
  std::int64_t Now() override;
  void WaitUntil(std::int64_t deadline) override;
  void Shutdown() override;
  std::string LogPath(const std::string& id) const override;
  bool virtual_time() const override { return false; }

  // Stops every child of every ProcessHost now; safe from a signal handler.
  static void KillAllChildren();

 private:
  struct Child {
    pid_t pid = -1;
    int in = -1, out = -1, err = -1;
    std::string pending_in;   // written when the pipe has room
    std::string partial_out;  // a stdout line not yet complete
    std::string partial_err;
    std::string err_tail;     // the end of its stderr, to explain an exit
    int log_fd = -1;
    bool paused = false;
    bool ending = false;      // killed or shut down on purpose
  };

  void Flush(const std::string& id, Child& c);
  void ReadOut(const std::string& id, Child& c);
  void ReadErr(const std::string& id, Child& c);
  void Close(Child& c);
  void Reap();
  void Stop(Child& c);

  ProcessHostOptions options_;
  std::string run_id_;  // GLOMERS_RUN_ID of every node (see node/run_identity.h)
  std::chrono::steady_clock::time_point start_;
  std::map<std::string, Child> children_;
};

}  // namespace glomers::bench

#endif  // GLOMERS_BENCH_PROCESS_HOST_H_
