#include "node/durable.h"

#include <gtest/gtest.h>

#include <set>
#include <sstream>

#include <unistd.h>

#include "node/run_identity.h"
#include "node/sim_file_system.h"
#include "node/testing/fake_env.h"

namespace glomers {
namespace {

using IntSet = std::set<int>;

DurableCodec<IntSet> SetCodec() {
  return {
      [](const IntSet& s) {
        std::string out;
        for (int v : s) out += std::to_string(v) + " ";
        return out;
      },
      [](std::string_view bytes) -> std::optional<IntSet> {
        IntSet s;
        std::istringstream in{std::string(bytes)};
        int v;
        while (in >> v) s.insert(v);
        return s;
      },
      [](IntSet& into, const IntSet& from) { into.insert(from.begin(), from.end()); },
  };
}

struct Incarnation {
  explicit Incarnation(SimFileSystem* fs, std::uint64_t snapshot_bytes = 1 << 20)
      : node(env), durable(node, "set", &state, SetCodec(), snapshot_bytes) {
    env.set_files(fs);
  }
  void Add(int v, std::vector<IoStatus>* results) {
    state.insert(v);
    durable.Save({v}, [results](const IoStatus& s) { results->push_back(s); });
  }
  testing::FakeEnv env;
  Node node;
  IntSet state;
  Durable<IntSet> durable;
};

TEST(Durable, OneSyncPerBurstAndRecoveryAfterKill) {
  SimFileSystem fs(3);
  std::vector<IoStatus> results;
  {
    Incarnation a(&fs);
    ASSERT_TRUE(a.durable.Open().ok());
    for (int v = 0; v < 50; ++v) a.Add(v, &results);
    EXPECT_TRUE(results.empty());  // not durable yet: nothing may be acked
    a.node.RunTimers();
    EXPECT_EQ(results.size(), 50u);
    EXPECT_EQ(fs.syncs(), 1u);
    a.Add(99, &results);  // never committed: lost at the kill
  }
  fs.Crash();
  Incarnation b(&fs);
  ASSERT_TRUE(b.durable.Open().ok());
  EXPECT_EQ(b.state.size(), 50u);
  EXPECT_FALSE(b.state.contains(99));
}

TEST(Durable, SnapshotsKeepTheStateAndBoundTheLog) {
  SimFileSystem fs(3);
  std::vector<IoStatus> results;
  {
    Incarnation a(&fs, /*snapshot_bytes=*/200);
    ASSERT_TRUE(a.durable.Open().ok());
    for (int v = 0; v < 500; ++v) {
      a.Add(v, &results);
      a.node.RunTimers();
      ASSERT_LT(a.durable.wal()->log_bytes(), 220u);
    }
  }
  fs.Crash();
  Incarnation b(&fs);
  ASSERT_TRUE(b.durable.Open().ok());
  EXPECT_EQ(b.state.size(), 500u);
}

TEST(Durable, FullDiskRefusesTheWrite) {
  SimFileSystem fs(3);
  fs.set_capacity(40);
  std::vector<IoStatus> results;
  Incarnation a(&fs);
  ASSERT_TRUE(a.durable.Open().ok());
  for (int v = 0; v < 10; ++v) a.Add(v * 1000, &results);
  a.node.RunTimers();
  ASSERT_EQ(results.size(), 10u);
  for (const IoStatus& s : results) EXPECT_FALSE(s.ok());
  EXPECT_NE(results[0].message().find("No space left on device"), std::string::npos);
}

TEST(Durable, UnopenableStorageRefusesEveryWrite) {
  SimFileSystem fs(3);
  fs.set_failing(true);
  std::vector<IoStatus> results;
  Incarnation a(&fs);
  EXPECT_FALSE(a.durable.Open().ok());
  a.Add(1, &results);
  ASSERT_EQ(results.size(), 1u);
  EXPECT_FALSE(results[0].ok());
  EXPECT_NE(results[0].message().find("Permission denied"), std::string::npos);
}

TEST(Durable, WithoutStorageActsAtOnce) {
  std::vector<IoStatus> results;
  Incarnation a(nullptr);
  ASSERT_TRUE(a.durable.Open().ok());
  a.Add(1, &results);
  ASSERT_EQ(results.size(), 1u);
  EXPECT_TRUE(results[0].ok());
}

TEST(RunIdentity, NamesTheParentRunAndHonoursOverrides) {
  // The same process always has the same identity; pid 1 has another.
  const std::string self = ProcessIdentity(::getpid());
  EXPECT_EQ(self, ProcessIdentity(::getpid()));
  EXPECT_TRUE(self.starts_with(std::to_string(::getpid()) + "-")) << self;
  EXPECT_NE(self, ProcessIdentity(1));
  EXPECT_EQ(ProcessIdentity(-5), "");
  EXPECT_EQ(RunIdentity("given"), "given");
  ::unsetenv("GLOMERS_RUN_ID");
  EXPECT_EQ(RunIdentity(""), ProcessIdentity(::getppid()));
  ::setenv("GLOMERS_RUN_ID", "from-env", 1);
  EXPECT_EQ(RunIdentity(""), "from-env");
  ::unsetenv("GLOMERS_RUN_ID");
  ::unsetenv("GLOMERS_DATA_DIR");
  EXPECT_EQ(NodeDataDir("", "r1", "n2"), "glomers-data/run-r1/n2");
  EXPECT_EQ(NodeDataDir("/d", "r1", "n2"), "/d/run-r1/n2");
}

}  // namespace
}  // namespace glomers
