#include "node/wal.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "node/posix_file_system.h"
#include "node/sim_file_system.h"

namespace glomers {
namespace {

struct Opened {
  std::unique_ptr<Wal> wal;
  Wal::Recovered rec;
  std::vector<std::string> logs;
};

Opened Open(FileSystem* fs) {
  Opened o;
  IoStatus s = Wal::Open(fs, "st", [&o](std::string_view l) { o.logs.emplace_back(l); }, &o.rec,
                         &o.wal);
  EXPECT_TRUE(s.ok()) << s.message();
  return o;
}

TEST(Wal, RoundTripAfterCrash) {
  SimFileSystem fs(1);
  {
    Opened o = Open(&fs);
    int acked = 0;
    for (int i = 0; i < 10; ++i) {
      o.wal->Append("r" + std::to_string(i), [&](const IoStatus& s) { acked += s.ok(); });
    }
    EXPECT_EQ(acked, 0);
    o.wal->Commit();
    EXPECT_EQ(acked, 10);
  }
  fs.Crash();
  Opened o = Open(&fs);
  ASSERT_EQ(o.rec.records.size(), 10u);
  EXPECT_EQ(o.rec.records[9], "r9");
  EXPECT_TRUE(o.logs.empty());
}

TEST(Wal, GroupCommitIsOneSyncPerBatch) {
  SimFileSystem fs(1);
  Opened o = Open(&fs);
  for (int batch = 0; batch < 5; ++batch) {
    for (int i = 0; i < 100; ++i) o.wal->Append("x", nullptr);
    o.wal->Commit();
  }
  EXPECT_EQ(o.wal->syncs(), 5u);
  EXPECT_EQ(fs.syncs(), 5u);
}

TEST(Wal, UnsyncedRecordsAreLostAtCrashAndNeverAcked) {
  SimFileSystem fs(1, /*tear_probability=*/0);
  Opened o = Open(&fs);
  o.wal->Append("durable", nullptr);
  o.wal->Commit();
  bool acked = false;
  o.wal->Append("lost", [&](const IoStatus&) { acked = true; });
  fs.Crash();
  Opened r = Open(&fs);
  EXPECT_EQ(r.rec.records, std::vector<std::string>{"durable"});
  EXPECT_FALSE(acked);
}

TEST(Wal, TornTailRecoversPrefixAndSaysSo) {
  SimFileSystem fs(1);
  {
    Opened o = Open(&fs);
    o.wal->Append("a", nullptr);
    o.wal->Commit();
  }
  // A torn last write: a frame cut short.
  std::unique_ptr<AppendFile> f;
  ASSERT_TRUE(fs.OpenAppend("st.0.log", false, &f).ok());
  ASSERT_TRUE(f->Append(Wal::Frame("bbbbbbbb").substr(0, 11)).ok());
  ASSERT_TRUE(f->Sync().ok());
  Opened o = Open(&fs);
  EXPECT_EQ(o.rec.records, std::vector<std::string>{"a"});
  ASSERT_EQ(o.logs.size(), 1u);
  EXPECT_NE(o.logs[0].find("torn record"), std::string::npos) << o.logs[0];
  EXPECT_NE(o.logs[0].find("dropped 11 bytes"), std::string::npos) << o.logs[0];
  // New records follow the valid prefix, not the garbage.
  o.wal->Append("c", nullptr);
  o.wal->Commit();
  Opened again = Open(&fs);
  EXPECT_EQ(again.rec.records, (std::vector<std::string>{"a", "c"}));
  EXPECT_TRUE(again.logs.empty());
}

TEST(Wal, CorruptCrcMidLogRecoversOnlyThePrefix) {
  SimFileSystem fs(1);
  std::string log = Wal::Frame("one") + Wal::Frame("two") + Wal::Frame("three");
  log[Wal::Frame("one").size() + 8] ^= 1;  // flip a bit of "two"
  std::unique_ptr<AppendFile> f;
  ASSERT_TRUE(fs.OpenAppend("st.0.log", false, &f).ok());
  ASSERT_TRUE(f->Append(log).ok());
  Opened o = Open(&fs);
  EXPECT_EQ(o.rec.records, std::vector<std::string>{"one"});
  ASSERT_EQ(o.logs.size(), 1u);
  EXPECT_NE(o.logs[0].find("bad checksum at offset 11"), std::string::npos) << o.logs[0];
}

TEST(Wal, CorruptSnapshotIsAnErrorNotAnEmptyPast) {
  SimFileSystem fs(1);
  {
    Opened o = Open(&fs);
    ASSERT_TRUE(o.wal->Snapshot("the state").ok());
  }
  std::string snap;
  ASSERT_TRUE(fs.Read("st.snap", &snap).ok());
  snap.back() ^= 1;
  std::unique_ptr<AppendFile> f;
  ASSERT_TRUE(fs.OpenAppend("st.snap", true, &f).ok());
  ASSERT_TRUE(f->Append(snap).ok());
  Wal::Recovered rec;
  std::unique_ptr<Wal> wal;
  IoStatus s = Wal::Open(&fs, "st", nullptr, &rec, &wal);
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("st.snap: corrupt snapshot: bad checksum"), std::string::npos)
      << s.message();
}

TEST(Wal, SnapshotTruncatesAndBoundsDiskUse) {
  SimFileSystem fs(1);
  std::size_t peak = 0;
  {
    Opened o = Open(&fs);
    std::string state;
    for (int i = 0; i < 2000; ++i) {
      o.wal->Append(std::string(100, 'd'), nullptr);
      o.wal->Commit();
      state = "state" + std::to_string(i);
      if (o.wal->log_bytes() > 10'000) {
        ASSERT_TRUE(o.wal->Snapshot(state).ok());
      }
      peak = std::max(peak, fs.bytes());
    }
    o.wal->Append("tail", nullptr);
    o.wal->Commit();
  }
  EXPECT_LT(peak, 12'000u);  // one snapshot plus the log since it; not 200 KB
  std::vector<std::string> names;
  ASSERT_TRUE(fs.List(&names).ok());
  EXPECT_EQ(names.size(), 2u);
  fs.Crash();
  Opened o = Open(&fs);
  EXPECT_EQ(o.rec.snapshot.substr(0, 5), "state");
  EXPECT_EQ(o.rec.records.back(), "tail");
}

TEST(Wal, FullDiskRefusesAndStaysRefusing) {
  SimFileSystem fs(1);
  fs.set_capacity(100);
  Opened o = Open(&fs);
  std::vector<IoStatus> results;
  for (int i = 0; i < 3; ++i) {
    o.wal->Append(std::string(60, 'x'), [&](const IoStatus& s) { results.push_back(s); });
    o.wal->Commit();
  }
  ASSERT_EQ(results.size(), 3u);
  EXPECT_TRUE(results[0].ok());
  EXPECT_FALSE(results[1].ok());
  EXPECT_NE(results[1].message().find("No space left"), std::string::npos);
  EXPECT_FALSE(results[2].ok());
}

TEST(Wal, UnwritableDirectoryIsAClearError) {
  SimFileSystem fs(1);
  fs.set_failing(true);
  Wal::Recovered rec;
  std::unique_ptr<Wal> wal;
  IoStatus s = Wal::Open(&fs, "st", nullptr, &rec, &wal);
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("Permission denied"), std::string::npos);
}

TEST(Wal, PosixRoundTripAndUnwritableDir) {
  std::string dir = ::testing::TempDir() + "/wal_posix_" + std::to_string(::getpid());
  std::filesystem::remove_all(dir);
  {
    std::unique_ptr<FileSystem> fs;
    ASSERT_TRUE(OpenPosixFileSystem(dir, &fs).ok());
    Opened o = Open(fs.get());
    o.wal->Append("p1", nullptr);
    o.wal->Append("p2", nullptr);
    o.wal->Commit();
    ASSERT_TRUE(o.wal->Snapshot("S").ok());
    o.wal->Append("p3", nullptr);
    o.wal->Commit();
  }
  std::unique_ptr<FileSystem> fs;
  ASSERT_TRUE(OpenPosixFileSystem(dir, &fs).ok());
  Opened o = Open(fs.get());
  EXPECT_EQ(o.rec.snapshot, "S");
  EXPECT_EQ(o.rec.records, std::vector<std::string>{"p3"});
  std::filesystem::remove_all(dir);
  std::unique_ptr<FileSystem> bad;
  IoStatus s = OpenPosixFileSystem("/proc/glomers-no-such-dir", &bad);
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("/proc/glomers-no-such-dir"), std::string::npos) << s.message();
}

// Many seeds of random batches and crashes: what recovery returns is always
// every acknowledged record, in order, plus possibly some unacknowledged
// ones after them, and never a record that was not appended.
TEST(Wal, SimDiskKillSemanticsOverSeeds) {
  const char* env = std::getenv("GLOMERS_SEEDS");
  const int seeds = env ? std::atoi(env) : 200;
  for (int seed = 1; seed <= seeds; ++seed) {
    SimFileSystem fs(seed, 0.5);
    std::uint64_t rng = seed * 7919;
    auto next = [&] { rng = rng * 6364136223846793005ULL + 1442695040888963407ULL; return rng >> 33; };
    std::vector<std::string> appended, acked;
    std::vector<std::string> recovered;
    for (int life = 0; life < 5; ++life) {
      Opened o = Open(&fs);
      std::vector<std::string> got = o.rec.records;
      if (!o.rec.snapshot.empty()) got.insert(got.begin(), "snap:" + o.rec.snapshot);
      // Acked records must all be there, in order, as a prefix-closed set.
      ASSERT_GE(got.size(), acked.size()) << "seed " << seed;
      for (std::size_t i = 0; i < acked.size(); ++i) ASSERT_EQ(got[i], acked[i]) << "seed " << seed;
      for (std::size_t i = acked.size(); i < got.size(); ++i) {
        ASSERT_LT(i, appended.size()) << "seed " << seed << ": invented record";
        ASSERT_EQ(got[i], appended[i]) << "seed " << seed;
      }
      // What survived is now the history.
      appended = got;
      acked = got;
      int ops = 1 + next() % 20;
      for (int i = 0; i < ops; ++i) {
        std::string r = "s" + std::to_string(seed) + "l" + std::to_string(life) + "i" + std::to_string(i) +
                        std::string(next() % 30, 'z');
        appended.push_back(r);
        o.wal->Append(r, [&acked, r](const IoStatus& s) { if (s.ok()) acked.push_back(r); });
        if (next() % 4 == 0) o.wal->Commit();
      }
      if (next() % 5 == 0) {
        std::string state = "L" + std::to_string(life);
        ASSERT_TRUE(o.wal->Snapshot(state).ok());
        appended = {"snap:" + state};
        acked = appended;
      }
      fs.Crash();
    }
  }
}

}  // namespace
}  // namespace glomers
