#include "bench/services.h"

#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace glomers::bench {
namespace {

Message Request(Json body, std::string src = "n0") {
  return Message{std::move(src), "svc", std::move(body)};
}

Json Read(Service& s, const Json& key, std::string src = "n0") {
  return s.Handle(Request({{"type", "read"}, {"key", key}}, std::move(src)));
}
Json Write(Service& s, const Json& key, const Json& value, std::string src = "n0") {
  return s.Handle(Request({{"type", "write"}, {"key", key}, {"value", value}}, std::move(src)));
}
Json Cas(Service& s, const Json& key, const Json& from, const Json& to, std::string src = "n0") {
  return s.Handle(
      Request({{"type", "cas"}, {"key", key}, {"from", from}, {"to", to}}, std::move(src)));
}

int Code(const Json& reply) {
  EXPECT_EQ(reply.value("type", ""), "error") << reply.dump();
  return reply.value("code", -1);
}

TEST(Services, NamesAndFactory) {
  for (const std::string& name : ServiceNames()) EXPECT_NE(MakeService(name, 1), nullptr) << name;
  EXPECT_EQ(MakeService("nope-kv", 1), nullptr);
}

// The rule book every KV flavour shares, seen through lin-kv.
TEST(LinKv, ReadWriteCas) {
  auto kv = MakeService("lin-kv", 0);
  EXPECT_EQ(Code(Read(*kv, "x")), 20);
  EXPECT_EQ(Write(*kv, "x", 1), Json({{"type", "write_ok"}}));
  EXPECT_EQ(Read(*kv, "x"), Json({{"type", "read_ok"}, {"value", 1}}));

  EXPECT_EQ(Cas(*kv, "x", 1, 2), Json({{"type", "cas_ok"}}));
  const Json mismatch = Cas(*kv, "x", 1, 3);
  EXPECT_EQ(Code(mismatch), 22);
  EXPECT_EQ(mismatch["text"], "current value 2 is not 1");
  EXPECT_EQ(Read(*kv, "x")["value"], 2);

  EXPECT_EQ(Code(Cas(*kv, "y", 0, 1)), 20);
  EXPECT_EQ(Code(kv->Handle(Request({{"type", "cas"}, {"key", "y"}, {"from", 0}, {"to", 1},
                                     {"create_if_not_exists", false}}))),
            20);
  EXPECT_EQ(kv->Handle(Request({{"type", "cas"}, {"key", "y"}, {"from", 0}, {"to", 1},
                                {"create_if_not_exists", true}})),
            Json({{"type", "cas_ok"}}));
  EXPECT_EQ(Read(*kv, "y")["value"], 1);
}

TEST(LinKv, KeysAndValuesAreAnyJsonComparedByEquality) {
  auto kv = MakeService("lin-kv", 0);
  const Json key = {{"shard", 3}, {"name", "x"}};
  const Json value = Json::array({1, "two", Json{{"three", nullptr}}});
  Write(*kv, key, value);
  Write(*kv, 1, "int key");
  Write(*kv, "1", "string key");
  EXPECT_EQ(Read(*kv, Json::parse(R"({"name":"x","shard":3})"))["value"], value);
  EXPECT_EQ(Read(*kv, 1)["value"], "int key");
  EXPECT_EQ(Read(*kv, "1")["value"], "string key");
  EXPECT_EQ(Cas(*kv, key, Json::parse(R"([1,"two",{"three":null}])"), 7)["type"], "cas_ok");
  EXPECT_EQ(Read(*kv, key)["value"], 7);
}

TEST(LinKv, UnknownAndMalformedRequests) {
  auto kv = MakeService("lin-kv", 0);
  EXPECT_EQ(Code(kv->Handle(Request({{"type", "delete"}, {"key", "x"}}))), 10);
  EXPECT_EQ(Code(kv->Handle(Request({{"key", "x"}}))), 10);
  EXPECT_EQ(Code(kv->Handle(Request({{"type", "read"}}))), 12);
  EXPECT_EQ(Code(kv->Handle(Request({{"type", "write"}, {"key", "x"}}))), 12);
  EXPECT_EQ(Code(kv->Handle(Request({{"type", "cas"}, {"key", "x"}, {"from", 1}}))), 12);
  EXPECT_EQ(Code(kv->Handle(Request(Json::array({1, 2})))), 12);
  // A null key or value is still a key or value.
  EXPECT_EQ(Write(*kv, nullptr, nullptr)["type"], "write_ok");
  EXPECT_EQ(Read(*kv, nullptr), Json({{"type", "read_ok"}, {"value", nullptr}}));
}

TEST(LinTso, CountsFromZero) {
  auto tso = MakeService("lin-tso", 0);
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(tso->Handle(Request({{"type", "ts"}})), Json({{"type", "ts_ok"}, {"ts", i}}));
  }
  EXPECT_EQ(Code(tso->Handle(Request({{"type", "read"}, {"key", 1}}))), 10);
}

// One writer sets x = 1..n; returns the service.
std::unique_ptr<Service> SeqKvWithHistory(std::uint64_t seed, int n) {
  auto kv = MakeService("seq-kv", seed);
  for (int i = 1; i <= n; ++i) EXPECT_EQ(Write(*kv, "x", i, "writer")["type"], "write_ok");
  return kv;
}

TEST(SeqKv, WriterReadsItsOwnWrites) {
  auto kv = SeqKvWithHistory(7, 20);
  for (int i = 0; i < 50; ++i) EXPECT_EQ(Read(*kv, "x", "writer")["value"], 20);
}

TEST(SeqKv, OtherClientsReadStaleButNeverGoBack) {
  auto kv = SeqKvWithHistory(7, 20);
  std::set<int> first_reads;
  bool reached_newest = false;
  for (int c = 0; c < 40; ++c) {
    const std::string client = "reader" + std::to_string(c);
    int last = -1;
    for (int i = 0; i < 30; ++i) {
      const Json reply = Read(*kv, "x", client);
      // State 0 has no x: a fresh client may not even see the key.
      const int v = reply["type"] == "read_ok" ? reply["value"].get<int>() : 0;
      if (i == 0) first_reads.insert(v);
      EXPECT_GE(v, last) << client << " went back in time";
      last = v;
    }
    reached_newest |= last == 20;
  }
  EXPECT_GT(first_reads.size(), 5u) << "fresh clients should see a spread of past states";
  EXPECT_TRUE(reached_newest) << "repeated reads must be able to catch up";
}

TEST(SeqKv, UpdatesApplyToTheNewestState) {
  auto kv = SeqKvWithHistory(3, 20);
  // A write would change any past state, so it lands on the newest, even
  // for a client that has seen nothing; afterwards that client sees it.
  EXPECT_EQ(Write(*kv, "x", 99, "fresh")["type"], "write_ok");
  for (int i = 0; i < 20; ++i) EXPECT_EQ(Read(*kv, "x", "fresh")["value"], 99);
  // The writer had seen x = 20: it may still read that, then catch up.
  std::set<int> seen;
  for (int i = 0; i < 20; ++i) seen.insert(Read(*kv, "x", "writer")["value"].get<int>());
  EXPECT_TRUE(seen.count(99));
  for (int v : seen) EXPECT_TRUE(v == 20 || v == 99) << v;
}

TEST(SeqKv, FailedCasMayAnswerFromThePast) {
  // A cas that fails against a past state leaves it unchanged, so (as in
  // Maelstrom) its failure stands even though it would succeed on the newest.
  int stale_failures = 0;
  for (std::uint64_t seed = 0; seed < 20; ++seed) {
    auto kv = SeqKvWithHistory(seed, 20);
    const Json reply = Cas(*kv, "x", 20, 21, "fresh");
    if (reply["type"] == "error") ++stale_failures;
  }
  // Cas 20 -> 21 fails only if it landed on a state before x = 20.
  EXPECT_GT(stale_failures, 0);
  EXPECT_LT(stale_failures, 20);
}

TEST(SeqKv, AWriteThatChangesNothingStaysInThePast) {
  // Maelstrom's doc example: a write of the value a past state already holds
  // may be ordered at that state, so it need not become the newest.
  int stayed_in_past = 0;
  for (std::uint64_t seed = 0; seed < 40; ++seed) {
    auto kv = SeqKvWithHistory(seed, 2);  // states: 0 {}, 1 {x: 1}, 2 {x: 2}
    ASSERT_EQ(Write(*kv, "x", 1, "fresh")["type"], "write_ok");
    Json newest;
    for (int i = 0; i < 50; ++i) newest = Read(*kv, "x", "late");  // catches up
    if (newest["value"] == 2) ++stayed_in_past;
  }
  EXPECT_GT(stayed_in_past, 0);
  EXPECT_LT(stayed_in_past, 40);
}

TEST(SeqKv, ClientsFarBehindStartAtTheOldestHeldState) {
  auto kv = MakeService("seq-kv", 11);
  // Pin each sleeper at state 0.
  for (int c = 0; c < 20; ++c) EXPECT_EQ(Code(Read(*kv, "x", "sleeper" + std::to_string(c))), 20);
  for (int i = 1; i <= 100; ++i) Write(*kv, "x", i, "writer");
  // 32 states are held: 69..100, where state i has x = i.
  for (int c = 0; c < 20; ++c) {
    const Json reply = Read(*kv, "x", "sleeper" + std::to_string(c));
    ASSERT_EQ(reply["type"], "read_ok") << reply.dump();
    EXPECT_GE(reply["value"].get<int>(), 69);
  }
}

TEST(SeqKv, DeterministicForASeed) {
  auto run = [](std::uint64_t seed) {
    auto kv = SeqKvWithHistory(seed, 20);
    std::vector<Json> replies;
    for (int c = 0; c < 10; ++c) replies.push_back(Read(*kv, "x", "r" + std::to_string(c)));
    return replies;
  };
  EXPECT_EQ(run(5), run(5));
  EXPECT_NE(run(5), run(6));
}

TEST(LwwKv, ReadsAreSometimesStale) {
  int missing = 0, found = 0;
  for (std::uint64_t seed = 0; seed < 40; ++seed) {
    auto kv = MakeService("lww-kv", seed);
    Write(*kv, "x", 1);
    const Json reply = Read(*kv, "x");
    (reply["type"] == "error" ? missing : found)++;
  }
  EXPECT_GT(missing, 0) << "a read should sometimes hit the replica the write missed";
  EXPECT_GT(found, 0);
}

TEST(LwwKv, ConvergesAndSometimesLosesTheLastAcknowledgedWrite) {
  int lost = 0;
  for (std::uint64_t seed = 0; seed < 40; ++seed) {
    auto kv = MakeService("lww-kv", seed);
    for (int i = 0; i < 10; ++i) ASSERT_EQ(Write(*kv, "x", i)["type"], "write_ok");
    for (int i = 0; i < 200; ++i) Read(*kv, "x");  // every request merges
    std::set<Json> settled;
    for (int i = 0; i < 20; ++i) settled.insert(Read(*kv, "x")["value"]);
    ASSERT_EQ(settled.size(), 1u) << "replicas should have converged, seed " << seed;
    if (*settled.begin() != 9) ++lost;
  }
  EXPECT_GT(lost, 0) << "a lower-stamped last write should sometimes lose the merge";
}

TEST(LwwKv, MergesCarryTheLamportClock) {
  // Once the replicas have exchanged clocks, a new write outstamps every
  // older one, wherever it lands.
  for (std::uint64_t seed = 0; seed < 40; ++seed) {
    auto kv = MakeService("lww-kv", seed);
    for (int i = 0; i < 10; ++i) Write(*kv, "x", i);
    for (int i = 0; i < 200; ++i) Read(*kv, "x");
    Write(*kv, "x", 99);
    for (int i = 0; i < 200; ++i) Read(*kv, "x");
    EXPECT_EQ(Read(*kv, "x")["value"], 99) << "seed " << seed;
  }
}

TEST(LwwKv, CasIgnoresCreateIfNotExists) {
  auto kv = MakeService("lww-kv", 0);
  for (int i = 0; i < 10; ++i) {
    EXPECT_EQ(Code(kv->Handle(Request({{"type", "cas"}, {"key", "fresh"}, {"from", 0}, {"to", 1},
                                       {"create_if_not_exists", true}}))),
              20);
  }
}

TEST(LwwKv, DeterministicForASeed) {
  auto run = [](std::uint64_t seed) {
    auto kv = MakeService("lww-kv", seed);
    std::vector<Json> replies;
    for (int i = 0; i < 30; ++i) {
      replies.push_back(i % 3 == 0 ? Write(*kv, "x", i) : Read(*kv, "x"));
    }
    return replies;
  };
  EXPECT_EQ(run(9), run(9));
  EXPECT_NE(run(9), run(10));
}

}  // namespace
}  // namespace glomers::bench
