// Tests of Replicator<L>: in-process clusters of Nodes on one virtual clock,
// joined by a TestNetwork that delays, reorders, drops, duplicates and
// partitions their messages. Each randomized scenario runs many seeds and
// names the first seed that fails; set GLOMERS_SEEDS to run more (or fewer)
// and GLOMERS_SEED to run one.
#include "node/replicator.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include "glomers/crdt/gcounter.h"
#include "glomers/crdt/gset.h"
#include "node/testing/test_network.h"
#include "node/topology.h"

namespace glomers {
namespace {

using testing::LinkFaults;
using testing::TestNetwork;

// A node program that is only a replicator, wired to its neighbours in
// `topology` at init, as workloads/sync_config.h wires the real ones.
template <class L>
class ReplicaProgram : public Program {
 public:
  ReplicaProgram(Node& node, const ReplicatorOptions& options, const std::string& topology)
      : replicator(node, options) {
    node.OnInit([this, &node, topology] {
      replicator.SetPeers(MakeTopology(topology, node.node_ids())[node.id()]);
    });
  }
  Replicator<L> replicator;
};

// What a write does, per lattice. `replica` names the writer's incarnation:
// a restarted node has lost its counter entry, so it counts under a new one.
struct SetModel {
  using L = crdt::GSet<int>;
  static L Write(L& s, const std::string& /*replica*/, int unique) { return s.insert(unique); }
  static std::string Describe(const L& s) { return std::to_string(s.size()) + " elements"; }
};

struct CounterModel {
  using L = crdt::GCounter;
  static L Write(L& c, const std::string& replica, int unique) {
    return c.increment(replica, 1 + static_cast<std::uint64_t>(unique % 3));
  }
  static std::string Describe(const L& c) {
    return "value " + std::to_string(c.value()) + " over " + std::to_string(c.entries().size()) +
           " replicas";
  }
};

ReplicatorOptions DefaultOptions(const std::string& topology) {
  ReplicatorOptions o;
  o.interval = 100ms;
  o.ack_delay = 100ms;
  o.retransmit_after = 1s;
  o.relay = topology != "total";  // as workloads/sync_config.cc does
  return o;
}

std::vector<std::string> NodeIds(int n) {
  std::vector<std::string> ids;
  for (int i = 0; i < n; ++i) ids.push_back("n" + std::to_string(i));
  return ids;
}

template <class Model>
class Cluster {
 public:
  using L = typename Model::L;

  Cluster(std::uint64_t seed, int n, const std::string& topology, ReplicatorOptions options)
      : net(seed) {
    net.Start(NodeIds(n), [options, topology](Node& node) {
      return std::make_unique<ReplicaProgram<L>>(node, options, topology);
    });
  }

  Replicator<L>& replicator(const std::string& id) {
    return net.program<ReplicaProgram<L>>(id).replicator;
  }

  // A local mutation at `id`; what it adds is expected everywhere, unless
  // `id` restarts before anyone else has it.
  void Write(const std::string& id) {
    const std::string replica = id + "." + std::to_string(generation_[id]);
    const int unique = next_++;
    replicator(id).Mutate([&](L& state) {
      L delta = Model::Write(state, replica, unique);
      expected.merge(delta);
      writes_.push_back(delta);
      return delta;
    });
  }

  // Restarts `id`. Writes that no other node holds by now may be lost (a
  // message in flight may still save them); all others must survive.
  void Restart(const std::string& id) {
    L others;
    for (const auto& other : net.ids()) {
      if (other != id) others.merge(replicator(other).state());
    }
    std::vector<L> kept;
    for (L& w : writes_) {
      if (w <= others) kept.push_back(std::move(w));
    }
    writes_ = std::move(kept);
    ++generation_[id];
    net.Restart(id);
  }

  // What every node must end with at least: the writes not at risk.
  L MustHave() const {
    L out;
    for (const L& w : writes_) out.merge(w);
    return out;
  }

  // Every node holds the same state, between the writes that must survive
  // and all writes made.
  bool Converged() {
    const L& first = replicator(net.ids().front()).state();
    if (!(MustHave() <= first) || !(first <= expected)) return false;
    for (const auto& id : net.ids()) {
      if (!(replicator(id).state() == first)) return false;
    }
    return true;
  }
  bool LogsEmpty() {
    for (const auto& id : net.ids()) {
      if (replicator(id).log_size() != 0) return false;
    }
    return true;
  }
  bool Settled() { return Converged() && LogsEmpty(); }

  std::string Report() {
    std::ostringstream out;
    out << "expected " << Model::Describe(expected) << " (at least "
        << Model::Describe(MustHave()) << "); at t=" << net.now().count() / 1000
        << "ms:";
    for (const auto& id : net.ids()) {
      const Replicator<L>& r = replicator(id);
      out << "\n  " << id << ": " << Model::Describe(r.state())
          << ", log " << r.log_size()
          << ", deltas " << r.stats().delta_messages << ", full " << r.stats().full_states
          << ", acks " << r.stats().pure_acks << ", retransmits " << r.stats().retransmits;
      if (!(r.state() == expected)) {
        out << ", lacks " << Json(expected.difference(r.state())).dump().substr(0, 120);
      }
    }
    return out.str();
  }

  TestNetwork net;
  L expected;

 private:
  std::map<std::string, int> generation_;
  std::vector<L> writes_;  // the deltas of the writes that must survive
  int next_ = 0;
};

// How many seeds a randomized test runs: GLOMERS_SEEDS overrides.
int Seeds(int fallback) {
  const char* env = std::getenv("GLOMERS_SEEDS");
  return env != nullptr ? std::max(1, std::atoi(env)) : fallback;
}

// Runs `one(seed)` for each seed; a non-empty result is a failure, reported
// with its seed. Stops at the first failure.
template <class Fn>
void ForSeeds(int count, Fn one) {
  std::vector<std::uint64_t> seeds;
  if (const char* only = std::getenv("GLOMERS_SEED")) {
    seeds.push_back(std::strtoull(only, nullptr, 10));
  } else {
    for (int s = 1; s <= Seeds(count); ++s) seeds.push_back(static_cast<std::uint64_t>(s));
  }
  for (std::uint64_t seed : seeds) {
    std::string failure = one(seed);
    if (!failure.empty()) {
      FAIL() << "seed " << seed << " (rerun with GLOMERS_SEED=" << seed << "): " << failure;
    }
  }
}

struct Chaos {
  LinkFaults faults{1ms, 50ms, 0, 0};
  bool partitions = false;
  int restarts = 0;
  bool eager_sometimes = true;
};

// A stable hash (std::hash may differ between standard libraries), so that
// a seed names the same history everywhere.
std::uint64_t Fnv1a(const std::string& s) {
  std::uint64_t h = 14695981039346656037ull;
  for (unsigned char c : s) h = (h ^ c) * 1099511628211ull;
  return h;
}

// One random history: writes at random nodes for a few seconds under
// `chaos`, then every fault heals. The cluster must converge to the join of
// all writes (less, at most, writes that only a restarted node held), empty
// its logs, and then fall silent.
template <class Model>
std::string RandomHistory(std::uint64_t seed, const std::string& topology, const Chaos& chaos) {
  std::mt19937_64 rng(seed * 7919 + Fnv1a(topology));
  auto uniform = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  const int n = uniform(1, 9);
  ReplicatorOptions options = DefaultOptions(topology);
  if (chaos.eager_sometimes) options.send_local_at_once = uniform(0, 1) == 1;
  Cluster<Model> c(seed, n, topology, options);
  c.net.set_faults(chaos.faults);
  const std::vector<std::string>& ids = c.net.ids();
  auto any_node = [&] { return ids[static_cast<std::size_t>(uniform(0, n - 1))]; };

  int restarts_left = chaos.restarts;
  const Micros write_until = c.net.now() + 3s;
  Micros next_fault = c.net.now() + Micros(uniform(100, 600) * 1000);
  std::ostringstream story;
  while (c.net.now() < write_until) {
    c.net.RunFor(Micros(uniform(0, 60) * 1000));
    c.Write(any_node());
    if (c.net.now() < next_fault) continue;
    next_fault = c.net.now() + Micros(uniform(100, 600) * 1000);
    if (chaos.partitions && n > 1) {
      c.net.Heal();
      switch (uniform(0, 3)) {
        case 0: break;  // stay healed a while
        case 1: {
          std::vector<std::string> shuffled = ids;
          std::shuffle(shuffled.begin(), shuffled.end(), rng);
          const auto cut = static_cast<std::ptrdiff_t>(uniform(1, n - 1));
          c.net.Partition({{shuffled.begin(), shuffled.begin() + cut},
                           {shuffled.begin() + cut, shuffled.end()}});
          break;
        }
        case 2: c.net.Isolate(any_node()); break;
        case 3:
          for (int k = 0; k < n; ++k) c.net.Block(any_node(), any_node());
          break;
      }
    }
    if (restarts_left > 0 && uniform(0, 2) == 0) {
      --restarts_left;
      const std::string victim = any_node();
      story << " restart " << victim << "@" << c.net.now().count() / 1000 << "ms";
      c.Restart(victim);
    }
  }

  c.net.Heal();
  if (!c.net.RunUntil([&] { return c.Settled(); }, c.net.now() + 30s)) {
    return "n=" + std::to_string(n) + " " + topology + story.str() +
           ": did not settle: " + c.Report();
  }
  // Acks still owed go out; then nothing more may be sent.
  c.net.set_faults(LinkFaults{1ms, 50ms, 0, 0});
  c.net.RunFor(3s);
  const std::uint64_t sent = c.net.stats().sent;
  c.net.RunFor(5s);
  if (c.net.stats().sent != sent) {
    return "n=" + std::to_string(n) + " " + topology + ": " +
           std::to_string(c.net.stats().sent - sent) + " messages sent by a settled cluster: " +
           c.Report();
  }
  if (!c.Settled()) return "unsettled again: " + c.Report();
  return "";
}

const std::vector<std::string> kTopologies = {"total", "star", "tree4", "grid", "line"};

// Each randomized scenario runs for both lattices on every topology.
class RandomHistories
    : public ::testing::TestWithParam<std::tuple<std::string, std::string>> {
 protected:
  void Run(const Chaos& chaos, int seeds = 50) {
    const auto& [model, topology] = GetParam();
    ForSeeds(seeds, [&](std::uint64_t seed) {
      return model == "GSet" ? RandomHistory<SetModel>(seed, topology, chaos)
                             : RandomHistory<CounterModel>(seed, topology, chaos);
    });
  }
};

TEST_P(RandomHistories, ConvergeUnderLatency) { Run(Chaos{}); }

TEST_P(RandomHistories, ConvergeDespiteLossDuplicationAndReordering) {
  Chaos chaos;
  chaos.faults = LinkFaults{0ms, 300ms, 0.25, 0.25};
  Run(chaos);
}

TEST_P(RandomHistories, ConvergeAfterPartitionsHeal) {
  Chaos chaos;
  chaos.faults = LinkFaults{1ms, 80ms, 0.05, 0.05};
  chaos.partitions = true;
  Run(chaos);
}

TEST_P(RandomHistories, RestartedNodesCatchUp) {
  Chaos chaos;
  chaos.restarts = 2;
  Run(chaos);
}

TEST_P(RandomHistories, ConvergeUnderEverythingAtOnce) {
  Chaos chaos;
  chaos.faults = LinkFaults{0ms, 200ms, 0.15, 0.15};
  chaos.partitions = true;
  chaos.restarts = 3;
  Run(chaos);
}

INSTANTIATE_TEST_SUITE_P(
    Lattices, RandomHistories,
    ::testing::Combine(::testing::Values("GSet", "GCounter"), ::testing::ValuesIn(kTopologies)),
    [](const auto& info) { return std::get<0>(info.param) + "_" + std::get<1>(info.param); });

// --- Targeted scenarios -----------------------------------------------------

using SetCluster = Cluster<SetModel>;

// Ranges a peer is skipped over (all it would get came from it) must still
// count as held by it, or its acks stall and the log is never collected.
TEST(Replicator, RelayedChangesAreAcknowledgedAndCollected) {
  SetCluster c(1, 3, "star", DefaultOptions("star"));
  c.net.set_faults(LinkFaults{5ms, 5ms, 0, 0});
  c.Write("n1");
  ASSERT_TRUE(c.net.RunUntil([&] { return c.Settled(); }, 5s)) << c.Report();
  c.Write("n2");
  ASSERT_TRUE(c.net.RunUntil([&] { return c.Settled(); }, c.net.now() + 5s)) << c.Report();
  c.net.RunFor(2s);
  const std::uint64_t sent = c.net.stats().sent;
  c.net.RunFor(5s);
  EXPECT_EQ(c.net.stats().sent, sent) << c.Report();
  EXPECT_EQ(c.replicator("n0").stats().retransmits, 0u) << c.Report();
}

// What a partition swallowed is resent while new changes keep flowing: the
// retransmit timer must not be reset by each new send.
TEST(Replicator, RetransmitsWhileTrafficContinues) {
  SetCluster c(1, 3, "total", DefaultOptions("total"));
  c.net.set_faults(LinkFaults{10ms, 10ms, 0, 0});
  c.net.Isolate("n2");
  for (int i = 0; i < 40; ++i) {  // 2 s of writes while n2 is cut off
    c.Write("n0");
    c.net.RunFor(50ms);
  }
  const SetModel::L before_heal = c.expected;
  c.net.Heal();
  for (int i = 0; i < 80; ++i) {  // 4 s more, still writing
    c.Write("n0");
    c.net.RunFor(50ms);
  }
  EXPECT_TRUE(before_heal <= c.replicator("n2").state()) << c.Report();
  EXPECT_GT(c.replicator("n0").stats().retransmits, 0u);
}

// A node restarted into an idle cluster has nothing to send and gets no new
// changes, yet must recover everything.
TEST(Replicator, RestartedNodeCatchesUpInAnIdleCluster) {
  for (const std::string& topology : kTopologies) {
    SCOPED_TRACE(topology);
    SetCluster c(2, 5, topology, DefaultOptions(topology));
    c.net.set_faults(LinkFaults{5ms, 20ms, 0, 0});
    for (const auto& id : c.net.ids()) c.Write(id);
    ASSERT_TRUE(c.net.RunUntil([&] { return c.Settled(); }, 10s)) << c.Report();
    c.net.RunFor(3s);
    c.net.clock().wall_offset += 1s;  // a restart happens at a later wall time
    c.Restart("n2");
    EXPECT_TRUE(c.replicator("n2").state().empty());
    EXPECT_TRUE(c.net.RunUntil([&] { return c.Settled(); }, c.net.now() + 10s)) << c.Report();
  }
}

// A restarted node must get back even the changes it made in its earlier
// life, which its neighbours logged as coming from it.
TEST(Replicator, RestartedNodeGetsBackItsOwnEarlierChanges) {
  SetCluster c(3, 3, "star", DefaultOptions("star"));
  c.net.set_faults(LinkFaults{5ms, 5ms, 0, 0});
  c.net.Isolate("n2");  // holds the hub's log open
  for (int i = 0; i < 5; ++i) c.Write("n1");
  c.net.RunFor(2s);
  ASSERT_GT(c.replicator("n0").log_size(), 0u);
  c.Restart("n1");
  c.net.RunFor(3s);
  c.net.Heal();
  EXPECT_TRUE(c.net.RunUntil([&] { return c.Settled(); }, c.net.now() + 10s)) << c.Report();
}

// A restarted node that first hears a stale ack meant for its earlier life
// knows its peer, but its peer does not know it restarted: it must still
// make itself known.
TEST(Replicator, RestartedNodeAnnouncesItselfDespiteAStaleAck) {
  SetCluster c(12, 2, "total", DefaultOptions("total"));
  c.net.set_faults(LinkFaults{50ms, 50ms, 0, 0});
  c.Write("n0");
  c.Write("n1");
  const std::uint64_t acks = c.replicator("n0").stats().pure_acks;
  ASSERT_TRUE(c.net.RunUntil([&] { return c.replicator("n0").stats().pure_acks > acks; }, 2s));
  ASSERT_GT(c.net.in_flight(), 0u);  // n0's ack is on its way to n1...
  c.Restart("n1");                   // ...and reaches n1's next life
  EXPECT_TRUE(c.net.RunUntil([&] { return c.Settled(); }, c.net.now() + 10s)) << c.Report();
}

TEST(Replicator, PeerBehindTheLogGetsTheFullState) {
  ReplicatorOptions options = DefaultOptions("total");
  options.max_log = 8;
  SetCluster c(4, 4, "total", options);
  c.net.set_faults(LinkFaults{5ms, 20ms, 0, 0});
  c.net.Isolate("n3");
  for (int i = 0; i < 60; ++i) {
    c.Write(c.net.ids()[static_cast<std::size_t>(i % 3)]);
    c.net.RunFor(20ms);
  }
  c.net.RunFor(3s);
  for (int i = 0; i < 3; ++i) {
    EXPECT_LE(c.replicator("n" + std::to_string(i)).log_size(), 8u);
  }
  c.net.Heal();
  EXPECT_TRUE(c.net.RunUntil([&] { return c.Settled(); }, c.net.now() + 10s)) << c.Report();
  std::uint64_t full = 0;
  for (const auto& id : c.net.ids()) full += c.replicator(id).stats().full_states;
  EXPECT_GT(full, 0u);
}

TEST(Replicator, PureAckWhenThereIsNoDeltaToRideOn) {
  SetCluster c(5, 2, "total", DefaultOptions("total"));
  c.net.set_faults(LinkFaults{5ms, 5ms, 0, 0});
  c.Write("n0");
  ASSERT_TRUE(c.net.RunUntil([&] { return c.Settled(); }, 2s)) << c.Report();
  EXPECT_EQ(c.replicator("n0").stats().delta_messages, 1u);
  EXPECT_EQ(c.replicator("n1").stats().delta_messages, 0u);
  EXPECT_EQ(c.replicator("n1").stats().pure_acks, 1u);
  EXPECT_EQ(c.replicator("n0").log_size(), 0u);
}

TEST(Replicator, AcksRideOnDeltasWhenThereAreSome) {
  SetCluster c(6, 2, "total", DefaultOptions("total"));
  c.net.set_faults(LinkFaults{5ms, 5ms, 0, 0});
  for (int i = 0; i < 20; ++i) {  // both sides change every tick
    c.Write("n0");
    c.Write("n1");
    c.net.RunFor(100ms);
  }
  ASSERT_TRUE(c.net.RunUntil([&] { return c.Settled(); }, c.net.now() + 2s)) << c.Report();
  // Only the acks of the last round go alone.
  EXPECT_LE(c.replicator("n0").stats().pure_acks, 1u) << c.Report();
  EXPECT_LE(c.replicator("n1").stats().pure_acks, 1u) << c.Report();
  EXPECT_EQ(c.replicator("n0").stats().retransmits, 0u);
}

TEST(Replicator, BatchesChangesPerTick) {
  SetCluster c(7, 2, "total", DefaultOptions("total"));
  c.net.set_faults(LinkFaults{5ms, 5ms, 0, 0});
  for (int i = 0; i < 50; ++i) c.Write("n0");
  ASSERT_TRUE(c.net.RunUntil([&] { return c.Settled(); }, 2s)) << c.Report();
  EXPECT_EQ(c.replicator("n0").stats().delta_messages, 1u);
}

TEST(Replicator, SendsLocalChangesAtOnceWhenEager) {
  ReplicatorOptions options = DefaultOptions("total");
  options.send_local_at_once = true;
  options.interval = 10s;
  SetCluster c(8, 2, "total", options);
  c.net.set_faults(LinkFaults{5ms, 5ms, 0, 0});
  c.Write("n0");
  c.net.RunFor(10ms);
  EXPECT_TRUE(c.replicator("n1").state().contains(0));
}

TEST(Replicator, IdleClusterStaysQuiet) {
  for (const std::string& topology : kTopologies) {
    SCOPED_TRACE(topology);
    SetCluster c(9, 6, topology, DefaultOptions(topology));
    c.net.set_faults(LinkFaults{5ms, 20ms, 0, 0});
    c.net.RunFor(3s);  // peers that never spoke may greet each other once
    const std::uint64_t sent = c.net.stats().sent;
    EXPECT_LE(sent, 2u * 6 * 5) << "greetings should be at most one exchange per link";
    c.net.RunFor(10s);
    EXPECT_EQ(c.net.stats().sent, sent);
  }
}

TEST(Replicator, MalformedSyncMessagesAreDroppedAndCounted) {
  SetCluster c(10, 2, "total", DefaultOptions("total"));
  c.Write("n0");
  ASSERT_TRUE(c.net.RunUntil([&] { return c.Settled(); }, 2s));
  Node& node = c.net.node("n1");
  const char* bad[] = {
      R"({"type":"sync"})",
      R"({"type":"sync","inc":-1})",
      R"({"type":"sync","inc":"1"})",
      R"({"type":"sync","inc":1,"delta":[1]})",                       // no range
      R"({"type":"sync","inc":1,"from":0,"to":1,"delta":{"a":1}})",   // wrong shape
      R"({"type":"sync","inc":1,"from":0,"to":1,"delta":["x"]})",     // wrong element type
      R"({"type":"sync","inc":1,"from":0.5,"to":1,"delta":[1]})",
      R"({"type":"sync","inc":1,"ack":3})",                           // ack without ack_inc
  };
  for (const char* body : bad) {
    node.Receive(Message{"n0", "n1", Json::parse(body)});
  }
  EXPECT_EQ(c.replicator("n1").stats().bad_messages, std::size(bad));
  EXPECT_EQ(c.replicator("n1").state(), c.expected);
  c.Write("n0");
  EXPECT_TRUE(c.net.RunUntil([&] { return c.Settled(); }, c.net.now() + 2s)) << c.Report();
}

TEST(Replicator, SameSeedSameHistory) {
  Chaos chaos;
  chaos.faults = LinkFaults{0ms, 200ms, 0.2, 0.2};
  chaos.partitions = true;
  chaos.restarts = 2;
  auto messages = [&](std::uint64_t seed) {
    Cluster<SetModel> c(seed, 5, "grid", DefaultOptions("grid"));
    c.net.set_faults(chaos.faults);
    for (int i = 0; i < 30; ++i) {
      c.Write(c.net.ids()[static_cast<std::size_t>(i % 5)]);
      c.net.RunFor(37ms);
    }
    c.net.RunFor(5s);
    return c.net.stats().sent * 1000003 + c.net.stats().dropped;
  };
  EXPECT_EQ(messages(11), messages(11));
  EXPECT_NE(messages(11), messages(12));
}

}  // namespace
}  // namespace glomers
