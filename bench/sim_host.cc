#include "bench/sim_host.h"

#include <filesystem>
#include <stdexcept>

#include "node/env.h"
#include "node/node.h"

namespace glomers::bench {
namespace {

// Virtual wall-clock time starts here, so ids stamped from it look like
// today's and never predate epochs the programs assume.
constexpr std::int64_t kWallEpochMicros = 1767225600'000000;  // 2026-01-01T00:00:00Z

std::uint64_t Mix(std::uint64_t x) {  // splitmix64
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

}  // namespace

class SimHost::SimEnv : public Env {
 public:
  SimEnv(SimHost& host, std::string id, std::uint64_t seed)
      : host_(host), id_(std::move(id)), seed_(seed) {}
  Micros Now() override { return Micros(host_.now_ / 1000); }
  Micros WallNow() override { return Micros(kWallEpochMicros + host_.now_ / 1000); }
  void Emit(const Message& msg) override { host_.sink_->OnNodeMessage(id_, msg); }
  void Log(std::string_view line) override {
    Instance& self = host_.nodes_.at(id_);
    if (self.log != nullptr) {
      std::fprintf(self.log, "%.*s\n", static_cast<int>(line.size()), line.data());
    }
    if (host_.options_.log_stderr) {
      std::fprintf(stderr, "%s | %.*s\n", id_.c_str(), static_cast<int>(line.size()), line.data());
    }
  }
  std::uint64_t Seed() override { return seed_; }
  FileSystem* Files() override { return host_.nodes_.at(id_).disk.get(); }

 private:
  SimHost& host_;
  std::string id_;
  std::uint64_t seed_;
};

SimHost::SimHost(SimHostOptions options) : options_(std::move(options)) {
  if (!options_.log_dir.empty()) std::filesystem::create_directories(options_.log_dir);
}

SimHost::~SimHost() { Shutdown(); }

std::string SimHost::LogPath(const std::string& id) const {
  return options_.log_dir.empty() ? "" : options_.log_dir + "/" + id + ".log";
}

bool SimHost::Start(const std::string& id, std::string* error) {
  Instance& inst = nodes_[id];
  const int incarnation = inst.incarnation + 1;
  Kill(id);
  inst.incarnation = incarnation;
  if (inst.log == nullptr && !options_.log_dir.empty()) {
    inst.log = std::fopen(LogPath(id).c_str(), "a");
  }
  if (!inst.disk) {
    inst.disk = std::make_unique<SimFileSystem>(
        Mix(options_.seed ^ Mix(std::hash<std::string>{}(id)) ^ 0xd15c),
        options_.disk_tear_probability);
  }
  std::uint64_t seed = Mix(options_.seed ^ Mix(std::hash<std::string>{}(id)) ^
                           Mix(static_cast<std::uint64_t>(incarnation)));
  inst.env = std::make_unique<SimEnv>(*this, id, seed);
  inst.node = std::make_unique<Node>(*inst.env);
  try {
    inst.program = options_.program->make(*inst.node, options_.args);
  } catch (const std::exception& e) {
    *error = std::string(options_.program->name) + ": " + e.what();
    inst.node.reset();
    inst.env.reset();
    return false;
  }
  return true;
}

void SimHost::Run(Instance& inst, const Message& msg) {
  inst.node->Receive(msg);
}

void SimHost::Deliver(const std::string& id, const Message& msg) {
  auto it = nodes_.find(id);
  if (it == nodes_.end() || !it->second.node) return;
  if (it->second.paused) {
    it->second.held.push_back(msg);
    return;
  }
  Run(it->second, msg);
}

void SimHost::Kill(const std::string& id) {
  auto it = nodes_.find(id);
  if (it == nodes_.end()) return;
  const bool was_running = it->second.node != nullptr;
  it->second.program.reset();  // before the node its handlers point into
  it->second.node.reset();
  if (was_running && it->second.disk) it->second.disk->Crash();
  it->second.env.reset();
  it->second.paused = false;
  it->second.held.clear();
}

void SimHost::Pause(const std::string& id) {
  auto it = nodes_.find(id);
  if (it != nodes_.end() && it->second.node) it->second.paused = true;
}

void SimHost::Resume(const std::string& id) {
  auto it = nodes_.find(id);
  if (it == nodes_.end() || !it->second.node || !it->second.paused) return;
  it->second.paused = false;
  std::vector<Message> held = std::move(it->second.held);
  it->second.held.clear();
  for (const Message& m : held) {
    if (!it->second.node) break;
    Run(it->second, m);
  }
}

SimFileSystem* SimHost::Disk(const std::string& id) {
  auto it = nodes_.find(id);
  return it == nodes_.end() ? nullptr : it->second.disk.get();
}

bool SimHost::Running(const std::string& id) const {
  auto it = nodes_.find(id);
  return it != nodes_.end() && it->second.node != nullptr;
}

void SimHost::WaitUntil(std::int64_t deadline) {
  std::int64_t next = deadline;
  for (auto& [id, inst] : nodes_) {
    if (!inst.node || inst.paused) continue;
    if (auto d = inst.node->NextDeadline()) next = std::min(next, d->count() * 1000);
  }
  now_ = std::max(now_, next);
  if (next >= deadline) return;
  for (auto& [id, inst] : nodes_) {
    if (!inst.node || inst.paused) continue;
    if (auto d = inst.node->NextDeadline(); d && d->count() * 1000 <= now_) inst.node->RunTimers();
  }
}

void SimHost::Shutdown() {
  for (auto& [id, inst] : nodes_) {
    Kill(id);
    if (inst.log != nullptr) std::fclose(inst.log);
    inst.log = nullptr;
  }
}

}  // namespace glomers::bench
