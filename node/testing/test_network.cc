#include "node/testing/test_network.h"

#include <algorithm>
#include <stdexcept>

namespace glomers::testing {

void TestNetwork::Start(const std::vector<std::string>& ids, Factory factory) {
  factory_ = std::move(factory);
  ids_ = ids;
  for (const std::string& id : ids_) Boot(id);
}

void TestNetwork::Restart(const std::string& id) {
  if (!hosts_.contains(id)) throw std::invalid_argument("no node " + id);
  // The program goes first: it holds references into its node.
  Host& host = hosts_.at(id);
  host.program.reset();
  host.node.reset();
  host.env.reset();
  Boot(id);
}

void TestNetwork::Boot(const std::string& id) {
  Host& host = hosts_[id];
  const std::uint64_t seed = rng_() ^ ++generation_[id];
  host.env = std::make_unique<FakeEnv>(&clock_, seed);
  host.env->set_on_emit([this](const Message& msg) { Route(msg); });
  host.node = std::make_unique<Node>(*host.env);
  host.program = factory_(*host.node);
  Json ids = ids_;
  std::optional<Json> reply = Call(id, {{"type", "init"}, {"node_id", id}, {"node_ids", ids}});
  if (!reply || reply->value("type", "") != "init_ok") {
    throw std::runtime_error("node " + id + " did not answer init");
  }
}

void TestNetwork::Partition(const std::vector<std::vector<std::string>>& groups) {
  for (std::size_t g = 0; g < groups.size(); ++g) {
    for (std::size_t h = 0; h < groups.size(); ++h) {
      if (g == h) continue;
      for (const auto& a : groups[g]) {
        for (const auto& b : groups[h]) Block(a, b);
      }
    }
  }
}

void TestNetwork::Isolate(const std::string& id) {
  for (const std::string& other : ids_) {
    if (other == id) continue;
    Block(id, other);
    Block(other, id);
  }
}

void TestNetwork::Route(const Message& msg) {
  if (!hosts_.contains(msg.dest)) {
    client_inbox_[msg.dest].push_back(msg);
    return;
  }
  ++stats_.sent;
  std::string line = MessageLine(msg);
  stats_.bytes += line.size();
  std::uniform_real_distribution<double> coin(0.0, 1.0);
  if (faults_.drop > 0 && coin(rng_) < faults_.drop) {
    ++stats_.dropped;
    return;
  }
  const int copies = faults_.duplicate > 0 && coin(rng_) < faults_.duplicate ? 2 : 1;
  for (int i = 0; i < copies; ++i) {
    std::uniform_int_distribution<std::int64_t> latency(faults_.min_latency.count(),
                                                         std::max(faults_.min_latency.count(),
                                                                  faults_.max_latency.count()));
    in_flight_.push(InFlight{clock_.now + Micros(latency(rng_)), next_seq_++, line, msg.src,
                             msg.dest});
  }
}

bool TestNetwork::Step(Micros deadline) {
  std::optional<Micros> next;
  if (!in_flight_.empty()) next = in_flight_.top().at;
  for (const auto& [id, host] : hosts_) {
    if (auto d = host.node->NextDeadline(); d && (!next || *d < *next)) next = *d;
  }
  if (!next || *next > deadline) return false;
  clock_.now = std::max(clock_.now, *next);
  while (!in_flight_.empty() && in_flight_.top().at <= clock_.now) {
    InFlight m = in_flight_.top();
    in_flight_.pop();
    // Like Maelstrom's partitions, the cut is applied where the message
    // arrives: what was in flight when the partition began is lost too.
    if (blocked_.contains({m.src, m.dest})) {
      ++stats_.dropped;
      continue;
    }
    ++stats_.delivered;
    hosts_.at(m.dest).node->ReceiveLine(m.line);
  }
  for (auto& [id, host] : hosts_) host.node->RunTimers();
  return true;
}

void TestNetwork::RunUntil(Micros deadline) {
  while (Step(deadline)) {
  }
  clock_.now = std::max(clock_.now, deadline);
}

bool TestNetwork::RunUntil(const std::function<bool()>& done, Micros deadline) {
  if (done()) return true;
  while (Step(deadline)) {
    if (done()) return true;
  }
  clock_.now = std::max(clock_.now, deadline);
  return done();
}

std::optional<Json> TestNetwork::Call(const std::string& node, Json body) {
  const std::int64_t msg_id = next_client_msg_id_++;
  body["msg_id"] = msg_id;
  const std::string client = "c1";
  hosts_.at(node).node->ReceiveLine(MessageLine(Message{client, node, std::move(body)}));
  auto& inbox = client_inbox_[client];
  for (auto it = inbox.begin(); it != inbox.end(); ++it) {
    if (it->in_reply_to() == msg_id) {
      Json reply = std::move(it->body);
      inbox.erase(it);
      return reply;
    }
  }
  return std::nullopt;
}

}  // namespace glomers::testing
