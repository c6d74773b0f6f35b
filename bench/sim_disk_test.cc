// The simulator's disk under kills: a small durable grow-only set program
// (node/testing/durable_set.h) runs in SimHost; every acknowledged add must survive any number of kills, and
// no element is ever read that was not added.
#include <gtest/gtest.h>

#include <cstdlib>
#include <map>
#include <set>
#include <sstream>

#include "bench/sim_host.h"
#include "node/testing/durable_set.h"

namespace glomers::bench {
namespace {

using IntSet = std::set<std::int64_t>;
using glomers::testing::kDurableSetSpec;

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
    options.program = &kDurableSetSpec;
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
  options.program = &kDurableSetSpec;
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
