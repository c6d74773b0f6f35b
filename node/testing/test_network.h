// TestNetwork: an in-process cluster for tests. It hosts one Node (with its
// Program) per node id, all on one virtual clock, and carries the messages
// they send to each other with seeded random latency, loss, duplication and
// partitions. Every message crosses as a JSON line (MessageLine, then
// Node::ReceiveLine), so the wire format is exercised too.
//
// Messages to ids that are not hosted nodes are client replies: they arrive
// at once and wait in that client's inbox. Call() plays a client: it hands a
// request to a node at once and returns the reply.
//
// Everything is deterministic given the seed. Single-threaded.
#ifndef GLOMERS_NODE_TESTING_TEST_NETWORK_H_
#define GLOMERS_NODE_TESTING_TEST_NETWORK_H_

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <queue>
#include <random>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "node/message.h"
#include "node/node.h"
#include "node/program.h"
#include "node/testing/fake_env.h"

namespace glomers::testing {

struct LinkFaults {
  Micros min_latency{0};
  Micros max_latency{0};  // latency is uniform in [min, max]: reorders
  double drop = 0;        // probability a message is lost
  double duplicate = 0;   // probability a message is delivered twice
};

class TestNetwork {
 public:
  using Factory = std::function<std::unique_ptr<Program>(Node& node)>;

  struct Stats {
    std::uint64_t sent = 0;       // node-to-node messages handed to the network
    std::uint64_t bytes = 0;      // their size as JSON lines
    std::uint64_t delivered = 0;  // node-to-node messages a node received
    std::uint64_t dropped = 0;    // lost to faults, partitions or a down node
  };

  explicit TestNetwork(std::uint64_t seed) : rng_(seed) {}
  TestNetwork(const TestNetwork&) = delete;
  TestNetwork& operator=(const TestNetwork&) = delete;

  // Hosts nodes `ids`, each running a program built by `factory`, and
  // initializes them all (init with the full id list).
  void Start(const std::vector<std::string>& ids, Factory factory);
  // Replaces node `id` by a fresh one (new Env, Node and Program: its memory
  // is gone) and initializes it. Messages in flight, to or from the old
  // one, still arrive: a restarted node must cope with stale messages.
  void Restart(const std::string& id);

  Node& node(const std::string& id) { return *hosts_.at(id).node; }
  template <class P>
  P& program(const std::string& id) {
    return static_cast<P&>(*hosts_.at(id).program);
  }
  FakeEnv& env(const std::string& id) { return *hosts_.at(id).env; }
  const std::vector<std::string>& ids() const { return ids_; }

  // --- Faults ----------------------------------------------------------
  void set_faults(const LinkFaults& faults) { faults_ = faults; }
  // Drops messages from `src` to `dest` until healed.
  void Block(const std::string& src, const std::string& dest) { blocked_.emplace(src, dest); }
  // Cuts every link between different groups.
  void Partition(const std::vector<std::vector<std::string>>& groups);
  // Cuts `id` off from everyone, both ways.
  void Isolate(const std::string& id);
  void Heal() { blocked_.clear(); }

  // --- Time ------------------------------------------------------------
  Micros now() const { return clock_.now; }
  FakeClock& clock() { return clock_; }
  // Delivers messages and fires timers in time order up to `deadline`,
  // then sets the clock to it.
  void RunUntil(Micros deadline);
  void RunFor(Micros d) { RunUntil(clock_.now + d); }
  // Runs until `done()` holds (checked after every step) or `deadline`;
  // returns whether it held.
  bool RunUntil(const std::function<bool()>& done, Micros deadline);

  // --- Clients ---------------------------------------------------------
  // Sends `body` (msg_id added) from client "c1" to `node` and returns the
  // reply body, or nullopt when the node did not answer at once.
  std::optional<Json> Call(const std::string& node, Json body);

  const Stats& stats() const { return stats_; }
  std::size_t in_flight() const { return in_flight_.size(); }
  std::mt19937_64& rng() { return rng_; }

 private:
  struct Host {
    std::unique_ptr<FakeEnv> env;
    std::unique_ptr<Node> node;
    std::unique_ptr<Program> program;
  };
  struct InFlight {
    Micros at;
    std::uint64_t seq;  // ties deliver in send order
    std::string line;
    std::string src;
    std::string dest;
    bool operator>(const InFlight& o) const { return at != o.at ? at > o.at : seq > o.seq; }
  };

  void Boot(const std::string& id);
  void Route(const Message& msg);
  // One step: the earliest due delivery or timers. False when nothing is
  // due by `deadline`.
  bool Step(Micros deadline);

  FakeClock clock_;
  std::mt19937_64 rng_;
  Factory factory_;
  std::vector<std::string> ids_;
  std::map<std::string, Host> hosts_;
  std::map<std::string, std::uint64_t> generation_;  // bumps on restart
  std::priority_queue<InFlight, std::vector<InFlight>, std::greater<>> in_flight_;
  std::uint64_t next_seq_ = 0;
  LinkFaults faults_;
  std::set<std::pair<std::string, std::string>> blocked_;
  std::map<std::string, std::vector<Message>> client_inbox_;
  std::int64_t next_client_msg_id_ = 1;
  Stats stats_;
};

}  // namespace glomers::testing

#endif  // GLOMERS_NODE_TESTING_TEST_NETWORK_H_
