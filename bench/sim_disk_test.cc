// The simulator's disk under kills: a small durable grow-only set program
// (adds acknowledged only once durable, error 13 when they cannot be) runs
// in SimHost; every acknowledged add must survive any number of kills, and
// no element is ever read that was not added.
#include <gtest/gtest.h>

#include <cstdlib>
#include <map>
#include <set>
#include <sstream>

#include "bench/sim_host.h"
#include "node/durable.h"

namespace glomers::bench {
namespace {

using IntSet = std::set<std::int64_t>;

class DurableSet : public Program {
 public:
  explicit DurableSet(Node& node)
      : node_(node),
        durable_(node, "set", &state_,
                 {[](const IntSet& s) {
                    std::string out;
                    for (auto v : s) out += std::to_string(v) + " ";
                    return out;
                  },
                  [](std::string_view b) -> std::optional<IntSet> {
                    IntSet s;
                    std::istringstream in{std::string(b)};
                    std::int64_t v;
                    while (in >> v) s.insert(v);
                    return s;
                  },
                  [](IntSet& into, const IntSet& from) { into.insert(from.begin(), from.end()); }},
                 /*snapshot_bytes=*/256) {
    node.OnInit([this] { durable_.Open(); });
    node.Handle("add", [this](const Message& req) {
      auto v = req.body.at("element").get<std::int64_t>();
      state_.insert(v);
      durable_.Save({v}, [this, req](const IoStatus& s) {
        if (s.ok()) {
          node_.Reply(req, {{"type", "add_ok"}});
        } else {
          node_.ReplyError(req, Error(ErrorCode::kCrash, "not durable: " + s.message()));
        }
      });
    });
    node.Handle("read", [this](const Message& req) {
      node_.Reply(req, {{"type", "read_ok"}, {"value", state_}});
    });
  }

 private:
  Node& node_;
  IntSet state_;
  Durable<IntSet> durable_;
};

const ProgramSpec kSpec{"durable-set", "",
                        [](Node& node, const ProgramArgs&) -> std::unique_ptr<Program> {
                          return std::make_unique<DurableSet>(node);
                        }};

struct Sink : HostSink {
  void OnNodeMessage(const std::string&, Message msg) override { out.push_back(std::move(msg)); }
  void OnNodeGarbage(const std::string&, std::string_view, std::string_view) override {}
  void OnNodeExit(const std::string&, std::string_view) override {}
  std::vector<Message> out;
};

Message Req(std::int64_t id, Json body) {
  body["msg_id"] = id;
  return Message{"c1", "n1", std::move(body)};
}

void Boot(SimHost& host, Sink& sink, std::int64_t* msg_id) {
  std::string error;
  ASSERT_TRUE(host.Start("n1", &error)) << error;
  host.Deliver("n1", Req(++*msg_id, {{"type", "init"}, {"node_id", "n1"}, {"node_ids", {"n1"}}}));
  host.WaitUntil(host.Now() + 1'000'000);
  sink.out.clear();
}

TEST(SimDisk, AckedAddsSurviveKillsOverSeeds) {
  const char* env = std::getenv("GLOMERS_SEEDS");
  const int seeds = env ? std::atoi(env) : 50;
  for (int seed = 1; seed <= seeds; ++seed) {
    Sink sink;
    SimHostOptions options;
    options.program = &kSpec;
    options.seed = static_cast<std::uint64_t>(seed);
    SimHost host(options);
    host.set_sink(&sink);
    std::int64_t msg_id = 0;
    IntSet added, acked;
    std::map<std::int64_t, std::int64_t> element_of;  // msg_id -> element
    std::uint64_t rng = seed;
    auto next = [&] { rng = rng * 6364136223846793005ULL + 1442695040888963407ULL; return rng >> 33; };
    for (int life = 0; life < 6; ++life) {
      Boot(host, sink, &msg_id);
      host.Deliver("n1", Req(++msg_id, {{"type", "read"}}));
      ASSERT_EQ(sink.out.size(), 1u);
      IntSet read = sink.out[0].body.at("value").get<IntSet>();
      sink.out.clear();
      for (auto v : acked) ASSERT_TRUE(read.contains(v)) << "seed " << seed << ": lost " << v;
      for (auto v : read) ASSERT_TRUE(added.contains(v)) << "seed " << seed << ": invented " << v;
      const int ops = 1 + next() % 40;
      for (int i = 0; i < ops; ++i) {
        std::int64_t v = life * 1000 + i;
        added.insert(v);
        element_of[++msg_id] = v;
        host.Deliver("n1", Req(msg_id, {{"type", "add"}, {"element", v}}));
        if (next() % 3 == 0) host.WaitUntil(host.Now() + 1000);  // commit this batch
        for (const Message& m : sink.out) {
          if (m.type() == "add_ok") acked.insert(element_of.at(*m.in_reply_to()));
        }
        sink.out.clear();
      }
      host.Kill("n1");
    }
    EXPECT_GT(host.Disk("n1")->syncs(), 0u);
  }
}

TEST(SimDisk, FullDiskAnswersErrorThirteenNeverOk) {
  Sink sink;
  SimHostOptions options;
  options.program = &kSpec;
  SimHost host(options);
  host.set_sink(&sink);
  std::int64_t msg_id = 0;
  Boot(host, sink, &msg_id);
  host.Disk("n1")->set_capacity(host.Disk("n1")->bytes());
  host.Deliver("n1", Req(++msg_id, {{"type", "add"}, {"element", 7}}));
  host.WaitUntil(host.Now() + 1000);
  ASSERT_EQ(sink.out.size(), 1u);
  EXPECT_EQ(sink.out[0].body.at("type"), "error");
  EXPECT_EQ(sink.out[0].body.at("code"), 13);
  EXPECT_NE(sink.out[0].body.at("text").get<std::string>().find("No space left"), std::string::npos);
}

}  // namespace
}  // namespace glomers::bench
