#include "workloads/txn_checker.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "workloads/model_test_history.h"

namespace glomers::workloads {
namespace {

using bench::Validity;

const char* const kTxnAnomalies[] = {"internal", "G0",  "G1a",           "G1b",
                                     "G1c",      "fractured_reads"};
const std::vector<std::string> kRu = {"read-uncommitted"};
const std::vector<std::string> kRc = {"read-committed"};
const std::vector<std::string> kRa = {"read-atomic"};

Json R(int key, Json value = nullptr) { return Json::array({"r", key, std::move(value)}); }
Json W(int key, int value) { return Json::array({"w", key, value}); }

// What the client sent for `done`: its reads unfilled.
Json Sent(Json done) {
  for (Json& m : done) {
    if (m[0] == "r") m[2] = nullptr;
  }
  return done;
}

// Each returns the txn's completion index, the name the checker uses.
std::int64_t OkTxn(HistoryBuilder& h, std::int64_t process, Json done) {
  h.Invoke(process, "txn", Sent(done), Ms(0));
  return h.Ok(process, std::move(done), Ms(1));
}
std::int64_t FailTxn(HistoryBuilder& h, std::int64_t process, Json sent) {
  h.Invoke(process, "txn", std::move(sent), Ms(0));
  return h.Fail(process, Ms(1));
}
std::int64_t InfoTxn(HistoryBuilder& h, std::int64_t process, Json sent) {
  h.Invoke(process, "txn", std::move(sent), Ms(0));
  return h.Info(process, Ms(1));
}

std::int64_t Count(const bench::CheckResult& r, const std::string& anomaly) {
  return r.detail.at(anomaly + "_count").get<std::int64_t>();
}

TEST(TxnChecker, CleanSerialHistoryIsValid) {
  HistoryBuilder h;
  OkTxn(h, 0, {W(1, 1), W(2, 1)});
  OkTxn(h, 1, {R(1, 1), R(2, 1), W(1, 2), R(1, 2)});
  OkTxn(h, 2, {R(1, 2), R(2, 1), R(3)});
  FailTxn(h, 3, {W(3, 1)});  // nobody read it
  const bench::CheckResult r = CheckTxn(h.history(), {"read-atomic", "strict-serializable"});
  EXPECT_EQ(r.valid, Validity::kValid) << r.detail.dump(2);
  for (const char* a : kTxnAnomalies) {
    EXPECT_EQ(Count(r, a), 0) << a;
    EXPECT_FALSE(r.detail.contains(a)) << a;  // examples only when there are some
  }
  EXPECT_EQ(r.detail["ok_txns"], 3);
  EXPECT_EQ(r.detail["failed_txns"], 1);
  EXPECT_EQ(r.detail["indefinite_txns"], 0);
  EXPECT_EQ(r.detail["anomalies"], Json::array());
  EXPECT_EQ(r.detail["findings"], Json::array());
  EXPECT_EQ(r.detail["forbidden"].size(), 6u);
  EXPECT_EQ(r.detail["partially_checked_models"], Json::array({"strict-serializable"}));
  EXPECT_EQ(r.detail["unknown_models"], Json::array());
}

TEST(TxnChecker, ReadAfterOwnWriteMustSeeIt) {
  HistoryBuilder h;
  const std::int64_t t = OkTxn(h, 0, {W(1, 1), R(1)});  // read null after writing 1
  const bench::CheckResult r = CheckTxn(h.history(), kRu);
  EXPECT_EQ(r.valid, Validity::kInvalid);
  ASSERT_GE(Count(r, "internal"), 1) << r.detail.dump(2);
  EXPECT_EQ(r.detail["internal"][0]["op_index"], t);
  EXPECT_EQ(r.detail["internal"][0]["key"], 1);
  EXPECT_EQ(r.detail["internal"][0]["expected"], 1);
  EXPECT_EQ(r.detail["internal"][0]["read"], nullptr);
  EXPECT_EQ(r.detail["anomalies"], Json::array({"internal"}));
}

TEST(TxnChecker, TwoReadsWithoutAWriteMustAgree) {
  HistoryBuilder h;
  OkTxn(h, 0, {W(1, 1)});
  const std::int64_t t = OkTxn(h, 1, {R(1, 1), R(1)});
  const bench::CheckResult r = CheckTxn(h.history(), kRu);
  EXPECT_EQ(r.valid, Validity::kInvalid);
  ASSERT_GE(Count(r, "internal"), 1) << r.detail.dump(2);
  EXPECT_EQ(r.detail["internal"][0]["op_index"], t);
  EXPECT_EQ(r.detail["internal"][0]["expected"], 1);
  EXPECT_EQ(r.detail["internal"][0]["read"], nullptr);
}

// Elle has no garbage-read anomaly: Maelstrom passes a node that answers 0
// for an unwritten key, so this is a finding, not a verdict.
TEST(TxnChecker, ReadOfAValueNobodyWroteIsAFindingOnly) {
  HistoryBuilder h;
  OkTxn(h, 0, {W(1, 1)});
  const std::int64_t t = OkTxn(h, 1, {R(1, 7)});
  OkTxn(h, 2, {R(2, 0)});
  const bench::CheckResult r = CheckTxn(h.history(), {"strict-serializable"});
  EXPECT_EQ(r.valid, Validity::kValid) << r.detail.dump(2);
  EXPECT_EQ(Count(r, "garbage_reads"), 2) << r.detail.dump(2);
  EXPECT_EQ(r.detail["garbage_reads"][0]["op_index"], t);
  EXPECT_EQ(r.detail["garbage_reads"][0]["key"], 1);
  EXPECT_EQ(r.detail["garbage_reads"][0]["value"], 7);
  EXPECT_EQ(r.detail["findings"], Json::array({"garbage_reads"}));
  EXPECT_EQ(r.detail["anomalies"], Json::array());
}

// A reply listing its reads before its writes (Maelstrom's client takes it
// verbatim) reads the txn's own later write; Elle drops self-edges and
// checks only reads after writes, so this passes there.
TEST(TxnChecker, ReadOfOwnLaterWriteIsAFindingOnly) {
  HistoryBuilder h;
  OkTxn(h, 0, {R(1, 1), W(1, 1)});
  const bench::CheckResult r = CheckTxn(h.history(), {"strict-serializable"});
  EXPECT_EQ(r.valid, Validity::kValid) << r.detail.dump(2);
  EXPECT_EQ(Count(r, "own_later_write_reads"), 1);
  EXPECT_EQ(Count(r, "internal"), 0);
  EXPECT_EQ(r.detail["findings"], Json::array({"own_later_write_reads"}));
}

TEST(TxnChecker, ReadOfAFailedWriteIsG1a) {
  HistoryBuilder h;
  const std::int64_t t1 = FailTxn(h, 0, {W(1, 1)});
  const std::int64_t t2 = OkTxn(h, 1, {R(1, 1)});
  const bench::CheckResult ru = CheckTxn(h.history(), kRu);
  EXPECT_EQ(ru.valid, Validity::kValid) << ru.detail.dump(2);
  const bench::CheckResult r = CheckTxn(h.history(), kRc);
  EXPECT_EQ(r.valid, Validity::kInvalid);
  ASSERT_GE(Count(r, "G1a"), 1) << r.detail.dump(2);
  EXPECT_EQ(r.detail["G1a"][0]["op_index"], t2);
  EXPECT_EQ(r.detail["G1a"][0]["writer"], t1);
  EXPECT_EQ(r.detail["G1a"][0]["key"], 1);
  EXPECT_EQ(r.detail["G1a"][0]["value"], 1);
  EXPECT_EQ(Count(r, "G1c"), 0);
}

TEST(TxnChecker, ReadOfAnIntermediateWriteIsG1b) {
  HistoryBuilder h;
  const std::int64_t t1 = OkTxn(h, 0, {W(1, 1), W(1, 2)});
  const std::int64_t t2 = OkTxn(h, 1, {R(1, 1)});
  const bench::CheckResult ru = CheckTxn(h.history(), kRu);
  EXPECT_EQ(ru.valid, Validity::kValid) << ru.detail.dump(2);
  const bench::CheckResult r = CheckTxn(h.history(), kRc);
  EXPECT_EQ(r.valid, Validity::kInvalid);
  ASSERT_GE(Count(r, "G1b"), 1) << r.detail.dump(2);
  EXPECT_EQ(r.detail["G1b"][0]["op_index"], t2);
  EXPECT_EQ(r.detail["G1b"][0]["writer"], t1);
  EXPECT_EQ(r.detail["G1b"][0]["value"], 1);
}

TEST(TxnChecker, EachReadingTheOthersWriteIsG1c) {
  HistoryBuilder h;
  const std::int64_t t1 = OkTxn(h, 0, {W(1, 1), R(2, 1)});
  const std::int64_t t2 = OkTxn(h, 1, {W(2, 1), R(1, 1)});
  const bench::CheckResult ru = CheckTxn(h.history(), kRu);
  EXPECT_EQ(ru.valid, Validity::kValid) << ru.detail.dump(2);
  const bench::CheckResult r = CheckTxn(h.history(), kRc);
  EXPECT_EQ(r.valid, Validity::kInvalid);
  ASSERT_GE(Count(r, "G1c"), 1) << r.detail.dump(2);
  EXPECT_EQ(Count(r, "G0"), 0);
  const Json& cycle = r.detail["G1c"][0]["cycle"];
  ASSERT_EQ(cycle.size(), 3u);
  EXPECT_EQ(cycle[0], cycle[2]);
  EXPECT_TRUE((cycle[0] == t1 && cycle[1] == t2) || (cycle[0] == t2 && cycle[1] == t1));
  for (const Json& step : r.detail["G1c"][0]["steps"]) EXPECT_EQ(step["type"], "wr");
}

TEST(TxnChecker, EachOverwritingTheOthersWriteIsG0) {
  HistoryBuilder h;
  // Each reads the other's write of a key, then overwrites it: the version
  // orders of keys 1 and 2 put each txn before the other.
  const std::int64_t t1 = OkTxn(h, 0, {W(2, 1), R(1, 2), W(1, 1)});
  const std::int64_t t2 = OkTxn(h, 1, {W(1, 2), R(2, 1), W(2, 2)});
  const bench::CheckResult r = CheckTxn(h.history(), kRu);
  EXPECT_EQ(r.valid, Validity::kInvalid);
  ASSERT_GE(Count(r, "G0"), 1) << r.detail.dump(2);
  const Json& e = r.detail["G0"][0];
  ASSERT_EQ(e["cycle"].size(), 3u);
  EXPECT_EQ(e["cycle"][0], e["cycle"][2]);
  EXPECT_TRUE((e["cycle"][0] == t1 && e["cycle"][1] == t2) ||
              (e["cycle"][0] == t2 && e["cycle"][1] == t1));
  ASSERT_EQ(e["steps"].size(), 2u);
  for (const Json& step : e["steps"]) EXPECT_EQ(step["type"], "ww");
}

TEST(TxnChecker, ReadsOfIndefiniteWritesAreFine) {
  HistoryBuilder h;
  InfoTxn(h, 0, {W(1, 1)});
  h.Invoke(1, "txn", Json::array({W(2, 1)}), Ms(0));  // never completes
  OkTxn(h, 5, {R(1, 1), R(2, 1)});
  const bench::CheckResult r = CheckTxn(h.history(), kRa);
  EXPECT_EQ(r.valid, Validity::kValid) << r.detail.dump(2);
  EXPECT_EQ(Count(r, "G1a"), 0);
  EXPECT_EQ(Count(r, "garbage_reads"), 0);
  EXPECT_EQ(r.detail["indefinite_txns"], 2);
  EXPECT_EQ(r.detail["ok_txns"], 1);
}

TEST(TxnChecker, MissingHalfAWriterIsAFracturedRead) {
  HistoryBuilder h;
  const std::int64_t t1 = OkTxn(h, 0, {W(1, 1), W(2, 1)});
  const std::int64_t t2 = OkTxn(h, 1, {R(1, 1), R(2)});
  const bench::CheckResult rc = CheckTxn(h.history(), kRc);
  EXPECT_EQ(rc.valid, Validity::kValid) << rc.detail.dump(2);
  ASSERT_GE(Count(rc, "fractured_reads"), 1) << rc.detail.dump(2);  // reported all the same
  EXPECT_EQ(rc.detail["anomalies"], Json::array({"fractured_reads"}));
  const bench::CheckResult r = CheckTxn(h.history(), kRa);
  EXPECT_EQ(r.valid, Validity::kInvalid);
  const Json& e = r.detail["fractured_reads"][0];
  EXPECT_EQ(e["op_index"], t2);
  EXPECT_EQ(e["writer"], t1);
  EXPECT_EQ(e["key"], 2);
  EXPECT_EQ(e["value"], nullptr);
  EXPECT_EQ(e["writer_wrote"], 1);
}

TEST(TxnChecker, SeeingWhatTheWriterOverwroteIsAFracturedRead) {
  HistoryBuilder h;
  OkTxn(h, 0, {W(2, 1)});
  const std::int64_t t1 = OkTxn(h, 1, {R(2, 1), W(2, 2), W(1, 1)});
  const std::int64_t t2 = OkTxn(h, 2, {R(1, 1), R(2, 1)});
  const bench::CheckResult r = CheckTxn(h.history(), kRa);
  EXPECT_EQ(r.valid, Validity::kInvalid);
  ASSERT_GE(Count(r, "fractured_reads"), 1) << r.detail.dump(2);
  const Json& e = r.detail["fractured_reads"][0];
  EXPECT_EQ(e["op_index"], t2);
  EXPECT_EQ(e["writer"], t1);
  EXPECT_EQ(e["key"], 2);
  EXPECT_EQ(e["value"], 1);
  EXPECT_EQ(e["writer_wrote"], 2);
}

TEST(TxnChecker, NoOkTxnIsUnknown) {
  HistoryBuilder h;
  FailTxn(h, 0, {W(1, 1)});
  InfoTxn(h, 1, {R(1)});
  const bench::CheckResult r = CheckTxn(h.history(), kRa);
  EXPECT_EQ(r.valid, Validity::kUnknown) << r.detail.dump(2);
  EXPECT_EQ(r.detail["ok_txns"], 0);
}

TEST(TxnChecker, ModelsSayWhatIsForbidden) {
  HistoryBuilder h;
  OkTxn(h, 0, {W(1, 1), W(2, 1)});
  OkTxn(h, 1, {R(1, 1), R(2)});  // fractured
  const bench::CheckResult r = CheckTxn(h.history(), {"serializable", "bogus"});
  EXPECT_EQ(r.valid, Validity::kInvalid) << r.detail.dump(2);
  EXPECT_EQ(r.detail["partially_checked_models"], Json::array({"serializable"}));
  EXPECT_EQ(r.detail["unknown_models"], Json::array({"bogus"}));
  EXPECT_EQ(r.detail["forbidden"].size(), 6u);
  EXPECT_EQ(CheckTxn(h.history(), kRu).detail["forbidden"], Json::array({"internal", "G0"}));
  // A model it cannot judge says nothing either way.
  EXPECT_EQ(CheckTxn(h.history(), {"bogus"}).valid, Validity::kUnknown);
}

constexpr int kLongRun = 20000;

TEST(TxnChecker, LongSerialRunIsValid) {
  HistoryBuilder h;
  OkTxn(h, 0, {R(1), W(1, 0), R(2), W(2, 0)});
  for (int i = 1; i < kLongRun; ++i) {
    OkTxn(h, i % 5, {R(1, i - 1), W(1, i), R(2, i - 1), W(2, i), R(1, i)});
  }
  const bench::CheckResult r = CheckTxn(h.history(), {"read-atomic", "strict-serializable"});
  EXPECT_EQ(r.valid, Validity::kValid) << r.detail.dump(2);
  EXPECT_EQ(r.detail["ok_txns"], kLongRun);
}

TEST(TxnChecker, LongWriteCycleIsFound) {
  // Each txn overwrites the previous one's write; the first overwrites the
  // last's: one ww cycle through every txn.
  HistoryBuilder h;
  OkTxn(h, 0, {R(1, kLongRun - 1), W(1, 0)});
  for (int i = 1; i < kLongRun; ++i) OkTxn(h, i % 5, {R(1, i - 1), W(1, i)});
  const bench::CheckResult r = CheckTxn(h.history(), kRu);
  EXPECT_EQ(r.valid, Validity::kInvalid);
  ASSERT_EQ(Count(r, "G0"), 1);
  EXPECT_EQ(r.detail["G0"][0]["cycle"].size(), static_cast<std::size_t>(kLongRun) + 1);
}

}  // namespace
}  // namespace glomers::workloads
