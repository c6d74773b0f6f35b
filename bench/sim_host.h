// SimHost: runs our own node programs in-process under virtual time.
//
// Each node is a Node plus its Program (the same code the workload binary
// runs) with an Env whose clock is the host's virtual clock. Time moves only
// in WaitUntil(), straight to the next node timer or the caller's deadline,
// so a 20 s test takes as long as its computation. Node seeds derive from the
// host's seed, the node and its incarnation: the same seed replays the same
// run. Node logs go to <log_dir>/<node>.log when a log_dir is given.
// Not thread-safe.
#ifndef GLOMERS_BENCH_SIM_HOST_H_
#define GLOMERS_BENCH_SIM_HOST_H_

#include <cstdint>
#include <cstdio>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "bench/host.h"
#include "node/program.h"
#include "node/sim_file_system.h"

namespace glomers::bench {

struct SimHostOptions {
  const ProgramSpec* program = nullptr;
  ProgramArgs args;
  std::uint64_t seed = 0;
  std::string log_dir;      // empty: logs are dropped
  bool log_stderr = false;  // also copy logs to the bench's stderr
  // Each node gets a simulated disk that survives its kills: at a kill its
  // unsynced bytes are lost and, with this probability, the last write is
  // torn (see node/sim_file_system.h). Seeded from `seed` and the node id.
  double disk_tear_probability = 0.5;
};

class SimHost : public NodeHost {
 public:
  explicit SimHost(SimHostOptions options);
  ~SimHost() override;

  bool Start(const std::string& id, std::string* error) override;
  void Deliver(const std::string& id, const Message& msg) override;
  void Kill(const std::string& id) override;
  void Pause(const std::string& id) override;
  void Resume(const std::string& id) override;
  bool Running(const std::string& id) const override;
  std::int64_t Now() override { return now_; }
  void WaitUntil(std::int64_t deadline) override;
  void Shutdown() override;
  std::string LogPath(const std::string& id) const override;
  bool virtual_time() const override { return true; }
  // The node's disk, created at its first start; null before.
  SimFileSystem* Disk(const std::string& id);

 private:
  class SimEnv;
  struct Instance {
    std::unique_ptr<SimEnv> env;
    std::unique_ptr<Node> node;
    std::unique_ptr<Program> program;
    bool paused = false;
    std::vector<Message> held;  // delivered while paused
    int incarnation = 0;
    std::FILE* log = nullptr;
    std::unique_ptr<SimFileSystem> disk;  // outlives incarnations
  };

  void Run(Instance& instance, const Message& msg);

  SimHostOptions options_;
  std::int64_t now_ = 0;  // ns
  std::map<std::string, Instance> nodes_;
};

}  // namespace glomers::bench

#endif  // GLOMERS_BENCH_SIM_HOST_H_
