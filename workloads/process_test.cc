// Process-level tests of the workload binaries: each starts the real
// executables and speaks Maelstrom's protocol (doc/protocol.md,
// doc/workloads.md) over their pipes.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <ostream>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "workloads/testing/binaries.h"
#include "workloads/testing/node_process.h"

namespace glomers::testing {
namespace {

using Ms = std::chrono::milliseconds;

}  // namespace

void PrintTo(const Binary& b, std::ostream* os) { *os << b.name; }

namespace {

std::string BinaryTestName(const ::testing::TestParamInfo<Binary>& info) {
  std::string name = info.param.name;
  std::replace(name.begin(), name.end(), '-', '_');
  return name;
}

// Fast sync settings, so multi-node tests converge in well under a second.
const std::vector<std::string> kFastSync = {"--sync-interval", "20ms", "--ack-delay", "20ms",
                                            "--retransmit", "200ms"};

bool IsSyncBinary(const std::string& name) {
  return name != "echo" && name != "unique-ids";
}

// --- Command line -----------------------------------------------------------

class CommandLine : public ::testing::TestWithParam<Binary> {};

TEST_P(CommandLine, HelpPrintsUsageAndExitsZero) {
  for (const char* flag : {"--help", "-h"}) {
    ChildProcess child(GetParam().path, {flag});
    ASSERT_EQ(child.Wait(Ms(5000)), 0) << flag;
    std::string out;
    while (auto line = child.ReadLine(Ms(0))) out += *line + "\n";
    EXPECT_NE(out.find("usage: " + GetParam().name), std::string::npos) << out;
    if (IsSyncBinary(GetParam().name)) {
      EXPECT_NE(out.find("--topology"), std::string::npos) << out;
    }
    EXPECT_EQ(child.TakeStderr(), "");
  }
}

TEST_P(CommandLine, BadFlagsExitTwoWithAMessageOnStderr) {
  std::vector<std::vector<std::string>> bad = {
      {"--no-such-flag", "1"},
      {"positional"},
      {"--no-value"},
  };
  if (IsSyncBinary(GetParam().name)) {
    bad.push_back({"--topology", "ring"});
    bad.push_back({"--sync-interval", "0"});
    bad.push_back({"--sync-interval", "soon"});
    bad.push_back({"--eager", "maybe"});
    bad.push_back({"--retransmit", "-1s"});
    bad.push_back({"--topology"});
    if (GetParam().name != "broadcast") bad.push_back({"--topology", "maelstrom"});
  }
  for (const auto& args : bad) {
    SCOPED_TRACE(args[0]);
    ChildProcess child(GetParam().path, args);
    EXPECT_EQ(child.Wait(Ms(5000)), 2);
    EXPECT_EQ(child.ReadLine(Ms(0)), std::nullopt) << "stdout must carry messages only";
    std::string err = child.TakeStderr();
    EXPECT_NE(err.find(GetParam().name), std::string::npos) << err;
    EXPECT_NE(err.find("usage:"), std::string::npos) << err;
  }
}

TEST_P(CommandLine, ExitsZeroWhenStdinCloses) {
  NodeProcess node(GetParam().path, "n1");
  ASSERT_EQ(node.Init({"n1"}).value_or(nullptr)["type"], "init_ok");
  node.child().CloseStdin();
  EXPECT_EQ(node.child().Wait(Ms(5000)), 0);
}

TEST_P(CommandLine, AnswersALastLineWithoutNewline) {
  ChildProcess child(GetParam().path, {});
  ASSERT_TRUE(child.Write(
      R"({"src":"c1","dest":"n1","body":{"type":"init","msg_id":1,"node_id":"n1","node_ids":["n1"]}})"));
  child.CloseStdin();
  std::optional<std::string> line = child.ReadLine(Ms(5000));
  ASSERT_TRUE(line);
  EXPECT_EQ(Json::parse(*line)["body"]["type"], "init_ok");
  EXPECT_EQ(child.Wait(Ms(5000)), 0);
}

INSTANTIATE_TEST_SUITE_P(AllBinaries, CommandLine, ::testing::ValuesIn(AllBinaries()), BinaryTestName);

TEST(CommandLine, SyncFlagsAreAccepted) {
  for (std::string name : {"broadcast", "g-set", "g-counter", "pn-counter"}) {
    NodeProcess node(BinaryPath(name), "n1",
                     {"--topology", "star", "--sync-interval=50ms", "--eager", "true",
                      "--retransmit", "500ms", "--ack-delay", "20ms"});
    EXPECT_EQ(node.Init({"n1", "n2"}).value_or(nullptr)["type"], "init_ok") << name;
  }
}

// --- One node per workload --------------------------------------------------

// Starts `binary` as n1 of a one-node cluster, initialized.
std::unique_ptr<NodeProcess> StartSingle(const std::string& binary,
                                         const std::vector<std::string>& args = {}) {
  auto node = std::make_unique<NodeProcess>(BinaryPath(binary), "n1", args);
  std::optional<Json> reply = node->Init({"n1"});
  EXPECT_TRUE(reply && (*reply)["type"] == "init_ok") << (reply ? reply->dump() : "no reply");
  if (reply) {
    EXPECT_EQ((*reply)["in_reply_to"], 1);
  }
  return node;
}

TEST(Echo, EchoesAnyPayload) {
  auto node = StartSingle("echo");
  const std::vector<Json> payloads = {
      "Please echo 35", 0, -7, 1.5, nullptr, true, Json::array(), Json::object(),
      Json::parse(R"({"nested":{"deep":[1,2,{"x":"y"}]},"unicode":"h\u00e9llo \u2603"})"),
      std::string(100000, 'z'),
  };
  for (const Json& payload : payloads) {
    std::optional<Json> reply = node->Call({{"type", "echo"}, {"echo", payload}});
    ASSERT_TRUE(reply) << payload;
    EXPECT_EQ((*reply)["type"], "echo_ok");
    EXPECT_EQ((*reply)["echo"], payload);
    EXPECT_TRUE((*reply)["in_reply_to"].is_number_integer());
  }
  EXPECT_TRUE(node->garbage.empty());
}

TEST(Echo, PipelinedAndSplitLines) {
  auto node = StartSingle("echo");
  std::string burst;
  for (int i = 0; i < 500; ++i) {
    burst +=
        MessageLine(Message{"c1", "n1", {{"type", "echo"}, {"msg_id", 1000 + i}, {"echo", i}}});
  }
  ASSERT_TRUE(node->child().Write(burst));
  for (int i = 0; i < 500; ++i) {
    std::optional<Json> reply = node->AwaitReply(1000 + i);
    ASSERT_TRUE(reply) << i;
    EXPECT_EQ((*reply)["echo"], i);
  }
  // One line in three pieces, with pauses between them.
  std::string line =
      MessageLine(Message{"c1", "n1", {{"type", "echo"}, {"msg_id", 7}, {"echo", "split"}}});
  ASSERT_TRUE(node->child().Write(line.substr(0, 10)));
  std::this_thread::sleep_for(Ms(30));
  ASSERT_TRUE(node->child().Write(line.substr(10, 20)));
  std::this_thread::sleep_for(Ms(30));
  ASSERT_TRUE(node->child().Write(line.substr(30)));
  std::optional<Json> reply = node->AwaitReply(7);
  ASSERT_TRUE(reply);
  EXPECT_EQ((*reply)["echo"], "split");
}

TEST(UniqueIds, ThreeNodesGenerateThousandsOfDistinctIntegers) {
  const std::vector<std::string> ids = {"n0", "n1", "n2"};
  constexpr int kPerNode = 3000;
  std::vector<std::unique_ptr<NodeProcess>> nodes;
  for (const auto& id : ids) {
    nodes.push_back(std::make_unique<NodeProcess>(BinaryPath("unique-ids"), id));
    ASSERT_EQ(nodes.back()->Init(ids).value_or(nullptr)["type"], "init_ok");
  }
  // Every node gets its whole burst before any reply is read, so the nodes
  // generate at the same time.
  for (auto& node : nodes) {
    std::string burst;
    for (int i = 0; i < kPerNode; ++i) {
      burst += MessageLine(Message{"c1", node->id(), {{"type", "generate"}, {"msg_id", 10 + i}}});
    }
    ASSERT_TRUE(node->child().Write(burst));
  }
  std::set<std::int64_t> seen;
  for (auto& node : nodes) {
    for (int i = 0; i < kPerNode; ++i) {
      std::optional<Json> reply = node->AwaitReply(10 + i);
      ASSERT_TRUE(reply) << node->id() << " " << i;
      ASSERT_EQ((*reply)["type"], "generate_ok");
      ASSERT_TRUE((*reply)["id"].is_number_integer()) << *reply;
      EXPECT_TRUE(seen.insert((*reply)["id"].get<std::int64_t>()).second)
          << "duplicate id " << (*reply)["id"];
    }
  }
  EXPECT_EQ(seen.size(), ids.size() * kPerNode);
}

TEST(UniqueIds, ARestartedNodeDoesNotRepeatItself) {
  std::set<std::int64_t> seen;
  for (int life = 0; life < 3; ++life) {
    auto node = StartSingle("unique-ids");
    for (int i = 0; i < 2000; ++i) {
      std::optional<Json> reply = node->Call({{"type", "generate"}});
      ASSERT_TRUE(reply);
      EXPECT_TRUE(seen.insert((*reply)["id"].get<std::int64_t>()).second) << "life " << life;
    }
  }
}

// Reads the elements a set workload returns under `field`.
std::multiset<Json> Elements(NodeProcess& node, const char* field) {
  std::optional<Json> reply = node.Call({{"type", "read"}});
  EXPECT_TRUE(reply && (*reply)["type"] == "read_ok") << (reply ? reply->dump() : "no reply");
  if (!reply || !(*reply)[field].is_array()) return {};
  return {(*reply)[field].begin(), (*reply)[field].end()};
}

TEST(Broadcast, TopologyBroadcastRead) {
  auto node = StartSingle("broadcast");
  std::optional<Json> topo =
      node->Call({{"type", "topology"}, {"topology", {{"n1", Json::array()}}}});
  ASSERT_TRUE(topo);
  EXPECT_EQ((*topo)["type"], "topology_ok");
  EXPECT_TRUE(Elements(*node, "messages").empty());
  for (int v : {3, 1, 2, 3}) {  // a repeated message is held once
    std::optional<Json> ok = node->Call({{"type", "broadcast"}, {"message", v}});
    ASSERT_TRUE(ok);
    EXPECT_EQ((*ok)["type"], "broadcast_ok");
  }
  EXPECT_EQ(Elements(*node, "messages"), (std::multiset<Json>{1, 2, 3}));
}

TEST(Broadcast, FollowsTheBenchTopologyWhenAsked) {
  auto node = StartSingle("broadcast", {"--topology", "maelstrom"});
  std::optional<Json> topo = node->Call(
      {{"type", "topology"}, {"topology", {{"n1", {"n2"}}, {"n2", {"n1"}}}}});
  ASSERT_TRUE(topo);
  EXPECT_EQ((*topo)["type"], "topology_ok");
  ASSERT_TRUE(node->Call({{"type", "broadcast"}, {"message", 5}}));
  // Its neighbour n2 now hears of the change.
  node->Poll(Ms(1000));
  ASSERT_FALSE(node->outbox.empty());
  EXPECT_EQ(node->outbox.front().dest, "n2");
}

TEST(GSet, AddRead) {
  auto node = StartSingle("g-set");
  EXPECT_TRUE(Elements(*node, "value").empty());
  for (Json v : {Json(1), Json("two"), Json({3}), Json(1)}) {
    std::optional<Json> ok = node->Call({{"type", "add"}, {"element", v}});
    ASSERT_TRUE(ok);
    EXPECT_EQ((*ok)["type"], "add_ok");
  }
  EXPECT_EQ(Elements(*node, "value"), (std::multiset<Json>{1, "two", Json({3})}));
}

Json CounterValue(NodeProcess& node) {
  std::optional<Json> reply = node.Call({{"type", "read"}});
  EXPECT_TRUE(reply && (*reply)["type"] == "read_ok");
  return reply ? (*reply)["value"] : Json();
}

TEST(GCounter, AddReadAndRejectNegative) {
  auto node = StartSingle("g-counter");
  EXPECT_EQ(CounterValue(*node), 0);
  for (int d : {5, 0, 37}) {
    std::optional<Json> ok = node->Call({{"type", "add"}, {"delta", d}});
    ASSERT_TRUE(ok);
    EXPECT_EQ((*ok)["type"], "add_ok");
  }
  std::optional<Json> neg = node->Call({{"type", "add"}, {"delta", -1}});
  ASSERT_TRUE(neg);
  EXPECT_EQ((*neg)["type"], "error");
  EXPECT_EQ((*neg)["code"], 12);
  EXPECT_EQ(CounterValue(*node), 42);
}

TEST(PNCounter, AddsBothWays) {
  auto node = StartSingle("pn-counter");
  for (int d : {10, -3, -20, 4}) {
    std::optional<Json> ok = node->Call({{"type", "add"}, {"delta", d}});
    ASSERT_TRUE(ok);
    EXPECT_EQ((*ok)["type"], "add_ok");
  }
  EXPECT_EQ(CounterValue(*node), -9);
}

// --- Several processes ----------------------------------------------------------

// Several node processes whose node-to-node messages the test carries: a
// tiny router, with optional partitions.
class ProcessCluster {
 public:
  ProcessCluster(const std::string& binary, int n, std::vector<std::string> args)
      : binary_(binary), args_(std::move(args)) {
    for (int i = 0; i < n; ++i) ids_.push_back("n" + std::to_string(i));
    for (const auto& id : ids_) Start(id);
  }

  NodeProcess& node(const std::string& id) { return *nodes_.at(id); }
  const std::vector<std::string>& ids() const { return ids_; }

  // A fresh process for `id`: its memory is gone.
  void Start(const std::string& id) {
    nodes_[id] = std::make_unique<NodeProcess>(BinaryPath(binary_), id, args_);
    std::optional<Json> reply = nodes_[id]->Init(ids_);
    EXPECT_TRUE(reply && (*reply)["type"] == "init_ok");
  }

  void Block(const std::string& a, const std::string& b) {
    blocked_.insert({a, b});
    blocked_.insert({b, a});
  }
  void Heal() { blocked_.clear(); }

  // Carries messages between the nodes for `d`.
  void Route(Ms d) {
    const auto until = std::chrono::steady_clock::now() + d;
    do {
      for (auto& [id, node] : nodes_) {
        node->Poll(Ms(2));
        while (!node->outbox.empty()) {
          Message m = std::move(node->outbox.front());
          node->outbox.pop_front();
          ++routed_;
          auto to = nodes_.find(m.dest);
          if (to == nodes_.end() || blocked_.contains({m.src, m.dest})) continue;
          to->second->Deliver(m);
        }
      }
    } while (std::chrono::steady_clock::now() < until);
  }

  // Sends `body` to `id` and routes until it answers.
  std::optional<Json> Call(const std::string& id, Json body) {
    const std::int64_t msg_id = node(id).SendRequest(std::move(body));
    const auto deadline = std::chrono::steady_clock::now() + Ms(5000);
    while (std::chrono::steady_clock::now() < deadline) {
      if (auto reply = node(id).AwaitReply(msg_id, Ms(0))) return reply;
      Route(Ms(5));
    }
    return std::nullopt;
  }

  // Routes until `done()` holds, checking every 50 ms; false after `limit`.
  template <class Done>
  bool RouteUntil(Done done, Ms limit) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (!done()) {
      if (std::chrono::steady_clock::now() > deadline) return false;
      Route(Ms(50));
    }
    return true;
  }

  std::uint64_t routed() const { return routed_; }

 private:
  std::string binary_;
  std::vector<std::string> args_;
  std::vector<std::string> ids_;
  std::map<std::string, std::unique_ptr<NodeProcess>> nodes_;
  std::set<std::pair<std::string, std::string>> blocked_;
  std::uint64_t routed_ = 0;
};

std::multiset<Json> ReadSet(ProcessCluster& c, const std::string& id, const char* field) {
  std::optional<Json> reply = c.Call(id, {{"type", "read"}});
  if (!reply || (*reply)["type"] != "read_ok") return {};
  return {(*reply)[field].begin(), (*reply)[field].end()};
}

bool AllRead(ProcessCluster& c, const char* field, const std::multiset<Json>& want) {
  for (const auto& id : c.ids()) {
    if (ReadSet(c, id, field) != want) return false;
  }
  return true;
}

TEST(MultiProcess, BroadcastConverges) {
  ProcessCluster c("broadcast", 3, kFastSync);
  std::multiset<Json> want;
  for (int v = 0; v < 9; ++v) {
    const std::string& id = c.ids()[static_cast<std::size_t>(v % 3)];
    ASSERT_EQ(c.Call(id, {{"type", "broadcast"}, {"message", v}}).value_or(nullptr)["type"],
              "broadcast_ok");
    want.insert(v);
  }
  EXPECT_TRUE(c.RouteUntil([&] { return AllRead(c, "messages", want); }, Ms(10000)));
  EXPECT_GT(c.routed(), 0u);
}

TEST(MultiProcess, BroadcastRelaysAlongTheBenchTopology) {
  std::vector<std::string> args = kFastSync;
  args.insert(args.end(), {"--topology", "maelstrom"});
  ProcessCluster c("broadcast", 3, args);
  const Json line = {{"n0", {"n1"}}, {"n1", {"n0", "n2"}}, {"n2", {"n1"}}};
  for (const auto& id : c.ids()) {
    ASSERT_EQ(c.Call(id, {{"type", "topology"}, {"topology", line}}).value_or(nullptr)["type"],
              "topology_ok");
  }
  c.Call("n0", {{"type", "broadcast"}, {"message", "from n0"}});
  c.Call("n2", {{"type", "broadcast"}, {"message", "from n2"}});
  const std::multiset<Json> want = {"from n0", "from n2"};
  EXPECT_TRUE(c.RouteUntil([&] { return AllRead(c, "messages", want); }, Ms(10000)));
}

TEST(MultiProcess, BroadcastSurvivesAPartitionAndARestart) {
  ProcessCluster c("broadcast", 3, kFastSync);
  c.Block("n0", "n1");
  c.Block("n0", "n2");
  std::multiset<Json> want;
  for (int v = 0; v < 6; ++v) {
    const std::string& id = c.ids()[static_cast<std::size_t>(v % 3)];
    c.Call(id, {{"type", "broadcast"}, {"message", v}});
    want.insert(v);
  }
  c.Route(Ms(300));
  c.Heal();
  ASSERT_TRUE(c.RouteUntil([&] { return AllRead(c, "messages", want); }, Ms(10000)));
  c.Start("n1");  // killed and restarted with its memory gone
  EXPECT_TRUE(ReadSet(c, "n1", "messages").empty());
  EXPECT_TRUE(c.RouteUntil([&] { return AllRead(c, "messages", want); }, Ms(10000)));
}

TEST(MultiProcess, CountersConverge) {
  for (std::string binary : {"g-counter", "pn-counter"}) {
    SCOPED_TRACE(binary);
    ProcessCluster c(binary, 3, kFastSync);
    c.Block("n1", "n2");
    std::int64_t sum = 0;
    for (int i = 0; i < 12; ++i) {
      const std::int64_t d = binary == "pn-counter" && i % 3 == 0 ? -i : i;
      const std::string& id = c.ids()[static_cast<std::size_t>(i % 3)];
      ASSERT_EQ(c.Call(id, {{"type", "add"}, {"delta", d}}).value_or(nullptr)["type"], "add_ok");
      sum += d;
    }
    c.Route(Ms(200));
    c.Heal();
    auto all_equal = [&] {
      for (const auto& id : c.ids()) {
        std::optional<Json> r = c.Call(id, {{"type", "read"}});
        if (!r || (*r)["value"] != sum) return false;
      }
      return true;
    };
    EXPECT_TRUE(c.RouteUntil(all_equal, Ms(10000)));
  }
}

TEST(MultiProcess, GSetConvergesOnAGrid) {
  std::vector<std::string> args = kFastSync;
  args.insert(args.end(), {"--topology", "grid"});
  ProcessCluster c("g-set", 5, args);
  std::multiset<Json> want;
  for (int v = 0; v < 10; ++v) {
    c.Call(c.ids()[static_cast<std::size_t>(v % 5)], {{"type", "add"}, {"element", v}});
    want.insert(v);
  }
  EXPECT_TRUE(c.RouteUntil([&] { return AllRead(c, "value", want); }, Ms(10000)));
}

}  // namespace
}  // namespace glomers::testing
