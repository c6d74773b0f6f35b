#include "bench/runner.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <map>
#include <memory>
#include <queue>
#include <set>

#include "bench/nemesis.h"
#include "bench/services.h"

namespace glomers::bench {
namespace {

constexpr std::int64_t kMs = 1'000'000;
constexpr std::int64_t kSecond = 1'000'000'000;
constexpr std::int64_t kInitTimeout = 10 * kSecond;
constexpr std::int64_t kFinalPhaseCap = 120 * kSecond;

bool IsClient(const std::string& id) { return !id.empty() && id[0] == 'c'; }

struct NetCounter {
  std::int64_t sends = 0;
  std::int64_t recvs = 0;
  std::int64_t bytes = 0;  // body bytes, counted for server messages

  Json ToJson(std::int64_t ops, bool with_bytes) const {
    Json j = {{"send_count", sends}, {"recv_count", recvs}, {"msg_count", sends}};
    j["msgs_per_op"] = ops > 0 ? static_cast<double>(sends) / static_cast<double>(ops) : 0.0;
    if (with_bytes) {
      j["bytes"] = bytes;
      j["bytes_per_op"] = ops > 0 ? static_cast<double>(bytes) / static_cast<double>(ops) : 0.0;
    }
    return j;
  }
};

}  // namespace

Json Quantiles(std::vector<double> values) {
  Json out = Json::object();
  if (values.empty()) return out;
  std::sort(values.begin(), values.end());
  const std::size_t n = values.size();
  for (const auto& [key, q] : {std::pair<const char*, double>{"0", 0.0},
                              {"0.5", 0.5}, {"0.95", 0.95}, {"0.99", 0.99}, {"1", 1.0}}) {
    std::size_t idx = std::min(n - 1, static_cast<std::size_t>(std::floor(static_cast<double>(n) * q)));
    out[key] = values[idx];
  }
  return out;
}

class Runner : public HostSink {
 public:
  Runner(const TestOptions& options, Workload& workload, NodeHost& host, const RunHooks& hooks)
      : o_(options), workload_(workload), host_(host), hooks_(hooks), rng_(options.seed) {
    host_.set_sink(this);
    for (const auto& n : o_.nodes) nodes_.insert(n);
    for (const auto& name : ServiceNames()) {
      services_[name] = MakeService(name, rng_());
    }
  }
  ~Runner() override {
    host_.set_sink(nullptr);
    if (journal_ != nullptr) std::fclose(journal_);
    if (history_file_ != nullptr) std::fclose(history_file_);
  }

  RunOutcome Run();

  // HostSink
  void OnNodeMessage(const std::string& node, Message msg) override;
  void OnNodeGarbage(const std::string& node, std::string_view line, std::string_view why) override;
  void OnNodeExit(const std::string& node, std::string_view how) override;

 private:
  class Slot;
  enum class Stage { kInit, kSetup, kMain, kDrain, kRecover, kFinal, kDone };

  struct Event {
    std::int64_t at;
    std::uint64_t seq;
    std::function<void()> fn;
    bool operator>(const Event& o) const { return at != o.at ? at > o.at : seq > o.seq; }
  };

  std::int64_t Now() { return host_.Now(); }
  void At(std::int64_t at, std::function<void()> fn) {
    events_.push(Event{at, event_seq_++, std::move(fn)});
  }
  bool Interrupted() const { return hooks_.interrupt != nullptr && hooks_.interrupt->load(); }
  void Loop(const std::function<bool()>& done);
  void Progress();

  // Network
  void Route(Message msg);
  void Arrive(std::int64_t id, std::int64_t sent, Message msg);
  std::int64_t DrawLatency();
  void Journal(const Json& event);
  void Trace(const char* what, const Message& msg);
  void Problem(const std::string& node, std::string what, std::string detail = "");

  // Nodes
  void StartNode(const std::string& node);
  void SendInit(const std::string& node);

  // Clients
  std::string NewEndpoint() { return "c" + std::to_string(next_client_++); }
  // Gives the slot a fresh client id whose replies reach its pending calls.
  void Connect(Slot& slot);
  void Call(Slot& slot, Json body, std::function<void(const Result<Message>&)> done, Micros timeout);
  void Complete(Slot& slot, OpType type, Json value, std::string error);
  void Invoke(Slot& slot, Invocation op);
  void SchedulePump(std::int64_t at);
  void Pump();

  // Nemesis
  void ScheduleFault(const std::string& kind, std::int64_t at, bool start);
  void Partition(bool start);
  void KillOrPause(const std::string& kind, bool start);
  void HealAll();
  std::string Faults() const;
  void NemesisLog(const std::string& f, Json value);

  Json Results(double main_seconds);

  const TestOptions& o_;
  Workload& workload_;
  NodeHost& host_;
  const RunHooks& hooks_;
  Rng rng_;

  std::priority_queue<Event, std::vector<Event>, std::greater<>> events_;
  std::uint64_t event_seq_ = 0;
  Stage stage_ = Stage::kInit;
  std::int64_t t0_ = 0;
  std::int64_t main_end_ = 0;
  double next_op_at_ = 0;
  std::int64_t pump_at_ = -1;

  // Network
  std::set<std::string> nodes_;
  std::map<std::string, std::unique_ptr<Service>> services_;
  std::map<std::string, std::function<void(const Message&)>> endpoints_;
  Grudge grudge_;
  std::string partition_desc_;
  std::int64_t next_net_id_ = 0;
  NetCounter net_all_, net_clients_, net_servers_;
  std::vector<double> server_delays_;  // ms from send to delivery, as it happened
  std::FILE* journal_ = nullptr;
  std::FILE* history_file_ = nullptr;

  // Nodes
  std::map<std::string, bool> initialized_;
  std::set<std::string> killed_, paused_;
  Json problems_ = Json::array();
  std::map<std::string, int> problem_counts_;

  // Clients
  std::vector<std::unique_ptr<Slot>> slots_;
  int next_client_ = 0;
  History history_;
  std::int64_t completed_ = 0;

  Json nemesis_log_ = Json::array();
  std::chrono::steady_clock::time_point last_progress_{};
  std::uint64_t loop_turns_ = 0;
};

// One client process: Jepsen's worker thread with its current process id.
class Runner::Slot : public ClientIO {
 public:
  Slot(Runner& runner, std::string node) : runner_(runner), node_(std::move(node)) {}

  void Call(Json body, std::function<void(const Result<Message>&)> done, Micros timeout) override {
    runner_.Call(*this, std::move(body), std::move(done), timeout);
  }
  void Complete(OpType type, Json value, std::string error) override {
    runner_.Complete(*this, type, std::move(value), std::move(error));
  }
  const std::string& node() const override { return node_; }
  std::int64_t process() const override { return process_; }
  Rng& rng() override { return runner_.rng_; }

  Runner& runner_;
  std::string node_;
  std::int64_t process_ = 0;
  std::string endpoint_;
  std::unique_ptr<Client> client_;
  bool ready_ = false;  // a setup client: its setup has finished
  bool busy_ = false;
  bool final_done_ = false;
  bool final_op_ = false;
  Invocation current_;
  std::int64_t next_msg_id_ = 1;
  std::map<std::int64_t, std::function<void(const Result<Message>&)>> calls_;
};

// --- Event loop --------------------------------------------------------------

void Runner::Loop(const std::function<bool()>& done) {
  while (!done() && !Interrupted()) {
    const std::int64_t now = Now();
    const std::int64_t next = events_.empty() ? now + 100 * kMs : events_.top().at;
    host_.WaitUntil(next);
    const std::int64_t after = Now();
    while (!events_.empty() && events_.top().at <= after) {
      std::function<void()> fn = std::move(const_cast<Event&>(events_.top()).fn);
      events_.pop();
      fn();
    }
    if ((++loop_turns_ & 255) == 0 || !host_.virtual_time()) Progress();
  }
}

void Runner::Progress() {
  if (!hooks_.on_progress) return;
  auto wall = std::chrono::steady_clock::now();
  if (wall - last_progress_ < std::chrono::milliseconds(250)) return;
  last_progress_ = wall;
  bench::Progress p;
  p.total = o_.time_limit;
  p.elapsed = stage_ >= Stage::kMain ? static_cast<double>(Now() - t0_) / kSecond : 0;
  static const char* kNames[] = {"init", "setup", "main", "drain", "recovery", "final", "done"};
  p.phase = kNames[static_cast<int>(stage_)];
  p.ops = completed_;
  p.faults = Faults();
  hooks_.on_progress(p);
}

// --- Network -----------------------------------------------------------------

std::int64_t Runner::DrawLatency() {
  const double mean_ns = o_.latency * kMs;
  if (mean_ns <= 0) return 0;
  switch (o_.latency_dist) {
    case LatencyDist::kConstant:
      return static_cast<std::int64_t>(mean_ns);
    case LatencyDist::kUniform:
      return std::uniform_int_distribution<std::int64_t>(0, static_cast<std::int64_t>(2 * o_.latency))(rng_) * kMs;
    case LatencyDist::kExponential:
      return static_cast<std::int64_t>(std::exponential_distribution<double>(1.0 / mean_ns)(rng_));
  }
  return 0;
}

void Runner::Journal(const Json& event) {
  if (journal_ == nullptr) return;
  std::string line = event.dump(-1, ' ', false, Json::error_handler_t::replace);
  line.push_back('\n');
  std::fwrite(line.data(), 1, line.size(), journal_);
}

void Runner::Trace(const char* what, const Message& msg) {
  std::fprintf(stderr, "%10.3f %-4s %s -> %s %s\n", static_cast<double>(Now() - t0_) / kSecond, what,
               msg.src.c_str(), msg.dest.c_str(), msg.body.dump().c_str());
}

void Runner::Route(Message msg) {
  const bool known = nodes_.contains(msg.dest) || services_.contains(msg.dest) ||
                     endpoints_.contains(msg.dest) || IsClient(msg.dest);
  if (!known) {
    if (nodes_.contains(msg.src)) Problem(msg.src, "sent to unknown node", msg.dest);
    return;
  }
  const std::int64_t id = next_net_id_++;
  const bool client = IsClient(msg.src) || IsClient(msg.dest);
  const std::int64_t now = Now();
  ++net_all_.sends;
  if (client) {
    ++net_clients_.sends;
  } else {
    ++net_servers_.sends;
    const std::int64_t bytes = static_cast<std::int64_t>(msg.body.dump().size());
    net_servers_.bytes += bytes;
    net_all_.bytes += bytes;
  }
  Journal({{"type", "send"}, {"id", id}, {"time", now - t0_}, {"src", msg.src},
           {"dest", msg.dest}, {"body", msg.body}});
  if (o_.log_net_send) Trace("send", msg);
  const std::int64_t at = now + (client ? 0 : DrawLatency());
  At(at, [this, id, now, msg = std::move(msg)]() mutable { Arrive(id, now, std::move(msg)); });
}

void Runner::Arrive(std::int64_t id, std::int64_t sent, Message msg) {
  if (auto g = grudge_.find(msg.dest); g != grudge_.end() && g->second.contains(msg.src)) {
    Journal({{"type", "drop"}, {"id", id}, {"time", Now() - t0_}, {"why", "partition"}});
    if (o_.log_net_recv) Trace("drop", msg);
    return;
  }
  if (nodes_.contains(msg.dest) && !host_.Running(msg.dest)) {
    Journal({{"type", "drop"}, {"id", id}, {"time", Now() - t0_}, {"why", "node down"}});
    return;
  }
  const bool client = IsClient(msg.src) || IsClient(msg.dest);
  if (!client) server_delays_.push_back(static_cast<double>(Now() - sent) / kMs);
  ++net_all_.recvs;
  ++(client ? net_clients_ : net_servers_).recvs;
  Journal({{"type", "recv"}, {"id", id}, {"time", Now() - t0_}});
  if (o_.log_net_recv) Trace("recv", msg);

  if (nodes_.contains(msg.dest)) {
    host_.Deliver(msg.dest, msg);
  } else if (auto s = services_.find(msg.dest); s != services_.end()) {
    Json reply = s->second->Handle(msg);
    if (auto msg_id = msg.msg_id()) reply["in_reply_to"] = *msg_id;
    Route(Message{msg.dest, msg.src, std::move(reply)});
  } else if (auto e = endpoints_.find(msg.dest); e != endpoints_.end()) {
    auto receive = e->second;  // a copy: the receiver may unregister itself
    receive(msg);
  }
  // Otherwise: a client that has since closed. Dropped, as Maelstrom does.
}

void Runner::OnNodeMessage(const std::string& node, Message msg) {
  if (msg.src != node) {
    OnNodeGarbage(node, msg.body.dump(), "src \"" + msg.src + "\" is not the node's own id");
    return;
  }
  Route(std::move(msg));
}

void Runner::OnNodeGarbage(const std::string& node, std::string_view line, std::string_view why) {
  constexpr std::size_t kShown = 300;
  std::string shown(line.substr(0, kShown));
  if (line.size() > kShown) shown += "...";
  Problem(node, "printed a non-protocol line on stdout (" + std::string(why) + ")", shown);
}

void Runner::OnNodeExit(const std::string& node, std::string_view how) {
  Problem(node, "exited unexpectedly: " + std::string(how));
}

void Runner::Problem(const std::string& node, std::string what, std::string detail) {
  int& count = problem_counts_[node + "\x1f" + what];
  ++count;
  if (count > 3) return;  // the first few of each kind tell the story
  Json p = {{"node", node}, {"time", static_cast<double>(Now() - t0_) / kSecond}, {"problem", what}};
  if (!detail.empty()) p["detail"] = detail;
  problems_.push_back(std::move(p));
}

// --- Nodes -------------------------------------------------------------------

void Runner::StartNode(const std::string& node) {
  std::string error;
  initialized_[node] = false;
  if (!host_.Start(node, &error)) {
    Problem(node, "could not be started", error);
    return;
  }
  SendInit(node);
}

void Runner::SendInit(const std::string& node) {
  const std::string endpoint = NewEndpoint();
  auto answered = std::make_shared<bool>(false);
  endpoints_[endpoint] = [this, node, endpoint, answered](const Message& reply) {
    if (*answered) return;
    *answered = true;
    endpoints_.erase(endpoint);
    if (reply.type() == "init_ok") {
      initialized_[node] = true;
    } else {
      Problem(node, "answered init with something other than init_ok", reply.body.dump());
    }
  };
  Json ids = Json::array();
  for (const auto& n : o_.nodes) ids.push_back(n);
  Route(Message{endpoint, node,
                {{"type", "init"}, {"msg_id", 1}, {"node_id", node}, {"node_ids", ids}}});
  At(Now() + kInitTimeout, [this, node, endpoint, answered] {
    if (*answered) return;
    *answered = true;
    endpoints_.erase(endpoint);
    if (host_.Running(node)) Problem(node, "did not answer init within 10 s");
  });
}

// --- Clients -----------------------------------------------------------------

void Runner::Connect(Slot& slot) {
  slot.endpoint_ = NewEndpoint();
  Slot* s = &slot;
  endpoints_[slot.endpoint_] = [s](const Message& m) {
    auto r = m.in_reply_to();
    if (!r) return;
    auto it = s->calls_.find(*r);
    if (it == s->calls_.end()) return;  // a late reply to a call given up on
    auto cb = std::move(it->second);
    s->calls_.erase(it);
    if (auto e = Error::FromBody(m.body)) return cb(*e);
    cb(m);
  };
}

void Runner::Call(Slot& slot, Json body, std::function<void(const Result<Message>&)> done,
                  Micros timeout) {
  const std::int64_t msg_id = slot.next_msg_id_++;
  body["msg_id"] = msg_id;
  slot.calls_[msg_id] = std::move(done);
  const std::string endpoint = slot.endpoint_;
  Route(Message{endpoint, slot.node_, std::move(body)});
  const std::int64_t wait = (timeout.count() > 0 ? timeout : o_.rpc_timeout).count() * 1000;
  At(Now() + wait, [this, &slot, endpoint, msg_id] {
    if (slot.endpoint_ != endpoint) return;  // the process crashed since
    auto it = slot.calls_.find(msg_id);
    if (it == slot.calls_.end()) return;
    auto cb = std::move(it->second);
    slot.calls_.erase(it);
    cb(Error(ErrorCode::kTimeout, "client timed out waiting for a reply"));
  });
}

void Runner::Invoke(Slot& slot, Invocation op) {
  slot.busy_ = true;
  slot.final_op_ = stage_ == Stage::kFinal;
  slot.current_ = op;
  Op inv;
  inv.time = Now() - t0_;
  inv.type = OpType::kInvoke;
  inv.process = slot.process_;
  inv.f = op.f;
  inv.value = op.value;
  inv.final = slot.final_op_;
  inv.node = slot.node_;
  const Op& added = history_.Add(std::move(inv));
  if (history_file_ != nullptr) {
    std::string line = History::OpToJson(added).dump() + "\n";
    std::fwrite(line.data(), 1, line.size(), history_file_);
  }
  slot.client_->Invoke(slot.current_, slot);
}

void Runner::Complete(Slot& slot, OpType type, Json value, std::string error) {
  if (!slot.busy_) return;  // a client completing twice: ignore the second
  slot.busy_ = false;
  slot.calls_.clear();
  Op done;
  done.time = Now() - t0_;
  done.type = type;
  done.process = slot.process_;
  done.f = slot.current_.f;
  done.value = std::move(value);
  done.final = slot.final_op_;
  done.error = std::move(error);
  done.node = slot.node_;
  const Op& added = history_.Add(std::move(done));
  if (history_file_ != nullptr) {
    std::string line = History::OpToJson(added).dump() + "\n";
    std::fwrite(line.data(), 1, line.size(), history_file_);
  }
  ++completed_;
  workload_.Observe(added);
  if (type == OpType::kInfo) {
    // Jepsen treats the process as crashed: the thread goes on as a new
    // process with a fresh client (and a fresh connection).
    endpoints_.erase(slot.endpoint_);
    slot.process_ += o_.clients();
    Connect(slot);
    slot.client_ = workload_.NewClient(slot.process_);
  }
  SchedulePump(Now());
}

void Runner::SchedulePump(std::int64_t at) {
  if (pump_at_ >= Now() && pump_at_ <= at) return;  // an earlier pump is coming
  pump_at_ = at;
  At(at, [this, at] {
    if (pump_at_ == at) pump_at_ = -1;
    Pump();
  });
}

void Runner::Pump() {
  const std::int64_t now = Now();
  if (stage_ == Stage::kFinal) {
    for (auto& slot : slots_) {
      if (slot->busy_ || slot->final_done_) continue;
      GenContext ctx{Phase::kFinal, slot->process_, now - t0_, &rng_};
      if (auto op = workload_.Next(ctx)) {
        Invoke(*slot, std::move(*op));
      } else {
        slot->final_done_ = true;
      }
    }
    return;
  }
  if (stage_ != Stage::kMain || o_.rate <= 0) return;
  while (static_cast<double>(now) >= next_op_at_ && now < main_end_) {
    std::vector<Slot*> free;
    for (auto& slot : slots_) {
      if (!slot->busy_) free.push_back(slot.get());
    }
    if (free.empty()) return;  // the next completion pumps again
    std::shuffle(free.begin(), free.end(), rng_);
    bool invoked = false;
    for (Slot* slot : free) {
      GenContext ctx{Phase::kMain, slot->process_, now - t0_, &rng_};
      if (auto op = workload_.Next(ctx)) {
        Invoke(*slot, std::move(*op));
        invoked = true;
        break;
      }
    }
    if (!invoked) {
      SchedulePump(now + 10 * kMs);
      return;
    }
    next_op_at_ += std::uniform_real_distribution<double>(0, 2.0 * kSecond / o_.rate)(rng_);
  }
  if (next_op_at_ > static_cast<double>(now) && next_op_at_ < static_cast<double>(main_end_)) {
    SchedulePump(static_cast<std::int64_t>(std::ceil(next_op_at_)));
  }
}

// --- Nemesis -----------------------------------------------------------------

void Runner::NemesisLog(const std::string& f, Json value) {
  nemesis_log_.push_back({{"time", static_cast<double>(Now() - t0_) / kSecond}, {"f", f}, {"value", value}});
}

void Runner::ScheduleFault(const std::string& kind, std::int64_t at, bool start) {
  if (at >= main_end_) return;
  At(at, [this, kind, start] {
    if (stage_ != Stage::kMain) return;
    if (kind == "partition") {
      Partition(start);
    } else {
      KillOrPause(kind, start);
    }
    const double gap = std::uniform_real_distribution<double>(0, 2.0 * o_.nemesis_interval)(rng_);
    ScheduleFault(kind, Now() + static_cast<std::int64_t>(gap * kSecond), !start);
  });
}

void Runner::Partition(bool start) {
  if (!start) {
    if (grudge_.empty()) return;
    grudge_.clear();
    partition_desc_.clear();
    NemesisLog("stop-partition", nullptr);
    return;
  }
  PartitionChoice c = ChoosePartition(o_.nodes, rng_);
  grudge_ = c.grudge;
  partition_desc_ = c.spec + ": " + DescribeParts(c.parts);
  NemesisLog("start-partition", {{"spec", c.spec}, {"parts", c.parts}});
}

void Runner::KillOrPause(const std::string& kind, bool start) {
  const bool kill = kind == "kill";
  std::set<std::string>& down = kill ? killed_ : paused_;
  if (!start) {
    if (down.empty()) return;
    std::vector<std::string> back(down.begin(), down.end());
    down.clear();
    for (const auto& n : back) {
      if (kill) {
        StartNode(n);
      } else {
        host_.Resume(n);
      }
    }
    NemesisLog(kill ? "start" : "resume", back);
    return;
  }
  std::string spec;
  std::vector<std::string> targets = ChooseTargets(o_.nodes, rng_, &spec);
  for (const auto& n : targets) {
    if (killed_.contains(n) || paused_.contains(n)) continue;
    if (kill) {
      host_.Kill(n);
    } else {
      host_.Pause(n);
    }
    down.insert(n);
  }
  NemesisLog(kill ? "kill" : "pause", {{"spec", spec}, {"nodes", targets}});
}

void Runner::HealAll() {
  Partition(false);
  KillOrPause("pause", false);
  KillOrPause("kill", false);
}

std::string Runner::Faults() const {
  std::string out;
  if (!partition_desc_.empty()) out += "partition " + partition_desc_;
  auto list = [&out](const char* what, const std::set<std::string>& nodes) {
    if (nodes.empty()) return;
    if (!out.empty()) out += "; ";
    out += what;
    for (const auto& n : nodes) out += " " + n;
  };
  list("killed", killed_);
  list("paused", paused_);
  return out;
}

// --- The run -----------------------------------------------------------------

RunOutcome Runner::Run() {
  RunOutcome outcome;
  if (!hooks_.store_dir.empty()) {
    std::filesystem::create_directories(hooks_.store_dir);
    journal_ = std::fopen((hooks_.store_dir + "/journal.jsonl").c_str(), "w");
    history_file_ = std::fopen((hooks_.store_dir + "/history.jsonl").c_str(), "w");
  }

  // 1. Nodes and init.
  for (const auto& n : o_.nodes) StartNode(n);
  bool any_started = false;
  for (const auto& n : o_.nodes) any_started |= host_.Running(n);
  if (!any_started) {
    outcome.error = problems_.empty() ? "no node could be started"
                                      : problems_[0].value("detail", std::string("no node started"));
    host_.Shutdown();
    return outcome;
  }
  const std::int64_t init_deadline = Now() + kInitTimeout;
  Loop([&] {
    if (Now() >= init_deadline) return true;
    for (const auto& [n, ok] : initialized_) {
      if (!ok && host_.Running(n)) return false;
    }
    return true;
  });

  if (std::none_of(o_.nodes.begin(), o_.nodes.end(),
                   [&](const std::string& n) { return host_.Running(n) || initialized_[n]; })) {
    // Every node is gone before the test began: there is nothing to test.
    outcome.error = "every node exited during init";
    for (const Json& p : problems_) {
      outcome.error += "\n  " + p.value("node", "") + ": " + p.value("problem", "");
    }
    if (auto log = host_.LogPath(o_.nodes.front()); !log.empty()) outcome.error += "\n  see " + log;
    host_.Shutdown();
    return outcome;
  }

  // 2. Clients: as Jepsen, one client per node runs the workload's setup
  // and is closed; then the processes' clients open.
  stage_ = Stage::kSetup;
  std::vector<std::unique_ptr<Slot>> setups;
  for (const auto& n : o_.nodes) {
    auto slot = std::make_unique<Slot>(*this, n);
    slot->process_ = -1;
    Connect(*slot);
    slot->client_ = workload_.NewClient(-1);
    Slot* s = slot.get();
    setups.push_back(std::move(slot));
    s->client_->Setup(*s, [s] { s->ready_ = true; });
  }
  Loop([&] {
    return std::all_of(setups.begin(), setups.end(), [](const auto& s) { return s->ready_; });
  });
  for (const auto& s : setups) endpoints_.erase(s->endpoint_);
  for (int t = 0; t < o_.clients(); ++t) {
    auto slot = std::make_unique<Slot>(*this, o_.nodes[static_cast<std::size_t>(t) % o_.nodes.size()]);
    slot->process_ = t;
    Connect(*slot);
    slot->client_ = workload_.NewClient(t);
    slots_.push_back(std::move(slot));
  }

  // 3. Main phase.
  stage_ = Stage::kMain;
  t0_ = Now();
  main_end_ = t0_ + static_cast<std::int64_t>(o_.time_limit * kSecond);
  next_op_at_ = static_cast<double>(t0_);
  for (const auto& kind : o_.nemesis) ScheduleFault(kind, t0_, true);
  SchedulePump(t0_);
  At(main_end_, [this] { stage_ = Stage::kDrain; });
  Loop([&] { return stage_ != Stage::kMain; });

  // 4. Drain, recover, final phase.
  auto idle = [&] {
    return std::none_of(slots_.begin(), slots_.end(), [](const auto& s) { return s->busy_; });
  };
  Loop(idle);
  if (workload_.HasFinalPhase() && !Interrupted()) {
    stage_ = Stage::kRecover;
    HealAll();
    const std::int64_t recovered_at = Now() + static_cast<std::int64_t>(o_.recovery_wait * kSecond);
    At(recovered_at, [] {});
    Loop([&] { return Now() >= recovered_at; });
    stage_ = Stage::kFinal;
    const std::int64_t final_cap = Now() + kFinalPhaseCap;
    SchedulePump(Now());
    At(final_cap, [] {});
    Loop([&] {
      if (Now() >= final_cap) return true;
      return idle() && std::all_of(slots_.begin(), slots_.end(),
                                   [](const auto& s) { return s->final_done_; });
    });
  }
  const double main_seconds = static_cast<double>(Now() - t0_) / kSecond;
  stage_ = Stage::kDone;
  host_.Shutdown();

  outcome.interrupted = Interrupted();
  outcome.carried_out = true;
  outcome.results = Results(main_seconds);
  if (outcome.interrupted) outcome.results["valid"] = "unknown";
  outcome.results["test"]["interrupted"] = outcome.interrupted;
  const Json& v = outcome.results["valid"];
  outcome.valid = v.is_boolean() ? (v.get<bool>() ? Validity::kValid : Validity::kInvalid)
                                 : Validity::kUnknown;
  if (!hooks_.store_dir.empty()) {
    if (std::FILE* f = std::fopen((hooks_.store_dir + "/results.json").c_str(), "w")) {
      std::string text = outcome.results.dump(2) + "\n";
      std::fwrite(text.data(), 1, text.size(), f);
      std::fclose(f);
    }
  }
  return outcome;
}

Json Runner::Results(double run_seconds) {
  Json r = Json::object();

  // The workload's checker.
  CheckResult check = workload_.Check(history_);
  Json workload = check.detail;
  workload["valid"] = ValidityJson(check.valid);
  r["workload"] = workload;

  // Stats: every function needs at least one ok, as Jepsen's stats checker.
  struct Counts { std::int64_t ok = 0, fail = 0, info = 0; };
  std::map<std::string, Counts> by_f;
  std::map<std::string, std::vector<double>> latencies;
  Counts all;
  const auto pairs = history_.Pairs();
  for (const Op& op : history_) {
    if (op.is_invoke()) continue;
    Counts& c = by_f[op.f];
    (op.is_ok() ? c.ok : op.is_fail() ? c.fail : c.info)++;
    (op.is_ok() ? all.ok : op.is_fail() ? all.fail : all.info)++;
    const std::int64_t inv = pairs[static_cast<std::size_t>(op.index)];
    if (op.is_ok() && inv >= 0) {
      latencies[op.f].push_back(static_cast<double>(op.time - history_[static_cast<std::size_t>(inv)].time) / kMs);
    }
  }
  Json stats = {{"count", all.ok + all.fail + all.info}, {"ok_count", all.ok},
                {"fail_count", all.fail}, {"info_count", all.info}, {"by_f", Json::object()}};
  Validity stats_valid = Validity::kValid;
  for (const auto& [f, c] : by_f) {
    const bool valid = c.ok > 0;
    stats["by_f"][f] = {{"valid", valid}, {"count", c.ok + c.fail + c.info}, {"ok_count", c.ok},
                        {"fail_count", c.fail}, {"info_count", c.info}};
    if (!valid) stats_valid = Validity::kInvalid;
  }
  stats["valid"] = ValidityJson(stats_valid);
  r["stats"] = stats;

  // Availability.
  const std::int64_t invokes = history_.InvokeCount();
  const double ok_fraction = invokes == 0 ? 1.0 : static_cast<double>(all.ok) / static_cast<double>(invokes);
  Validity avail_valid = Validity::kValid;
  Json avail = {{"ok_fraction", ok_fraction}};
  if (o_.availability_total) {
    avail["expected"] = "total";
    if (all.ok != invokes) avail_valid = Validity::kInvalid;
  } else if (o_.availability) {
    avail["expected"] = *o_.availability;
    if (ok_fraction < *o_.availability) avail_valid = Validity::kInvalid;
  }
  avail["valid"] = ValidityJson(avail_valid);
  r["availability"] = avail;

  // Network.
  r["net"] = {{"all", net_all_.ToJson(invokes, true)},
              {"clients", net_clients_.ToJson(invokes, false)},
              {"servers", net_servers_.ToJson(invokes, true)},
              {"valid", true}};
  // How long server messages really took, send to delivery: the requested
  // latency plus whatever the bench added.
  r["net"]["servers"]["delay_ms"] = Quantiles(std::move(server_delays_));

  // Latency of ok operations, per function, in ms.
  Json lat = Json::object();
  for (auto& [f, v] : latencies) {
    Json q = Quantiles(v);
    q["count"] = v.size();
    lat[f] = q;
  }
  r["latency"] = lat;

  // The nodes' own conduct.
  Json nodes = {{"problems", problems_}, {"valid", problems_.empty()}};
  Json logs = Json::object();
  for (const auto& n : o_.nodes) {
    // Relative to the store directory, so that results do not depend on
    // where the run was stored.
    std::string p = host_.LogPath(n);
    if (!p.empty() && p.starts_with(hooks_.store_dir + "/")) p = p.substr(hooks_.store_dir.size() + 1);
    if (!p.empty()) logs[n] = p;
  }
  nodes["logs"] = logs;
  r["nodes"] = nodes;
  r["nemesis"] = nemesis_log_;

  Validity overall = Worst(Worst(check.valid, stats_valid), avail_valid);
  if (!problems_.empty()) overall = Worst(overall, Validity::kInvalid);
  r["valid"] = ValidityJson(overall);

  Json test = {{"workload", o_.workload},
               {"mode", host_.virtual_time() ? "sim" : "test"},
               {"node_count", o_.nodes.size()},
               {"time_limit", o_.time_limit},
               {"rate", o_.rate},
               {"concurrency", o_.clients()},
               {"latency", o_.latency},
               {"latency_dist", o_.latency_dist == LatencyDist::kConstant  ? "constant"
                                : o_.latency_dist == LatencyDist::kUniform ? "uniform"
                                                                           : "exponential"},
               {"nemesis", o_.nemesis},
               {"nemesis_interval", o_.nemesis_interval},
               {"topology", o_.topology},
               {"consistency_models", o_.consistency_models},
               {"seed", o_.seed},
               {"bin", o_.bin},
               {"args", o_.bin_args},
               {"run_seconds", run_seconds}};
  if (o_.availability_total) {
    test["availability"] = "total";
  } else if (o_.availability) {
    test["availability"] = *o_.availability;
  }
  r["test"] = test;
  return r;
}

RunOutcome RunTest(const TestOptions& options, Workload& workload, NodeHost& host,
                   const RunHooks& hooks) {
  Runner runner(options, workload, host, hooks);
  return runner.Run();
}

}  // namespace glomers::bench
