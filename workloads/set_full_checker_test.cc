#include "workloads/set_full_checker.h"

#include <gtest/gtest.h>

#include "workloads/model_test_history.h"

namespace glomers::workloads {
namespace {

using bench::Validity;

// Process 0 adds, process 1 reads, unless a test says otherwise.
void Add(HistoryBuilder& h, int element, double invoke_ms, double ok_ms) {
  h.Invoke(0, "add", element, Ms(invoke_ms));
  h.Ok(0, element, Ms(ok_ms));
}
void Read(HistoryBuilder& h, Json elements, double invoke_ms, double ok_ms) {
  h.Invoke(1, "read", nullptr, Ms(invoke_ms));
  h.Ok(1, std::move(elements), Ms(ok_ms));
}

TEST(SetFullChecker, ElementsReadAfterTheirAddAreStable) {
  HistoryBuilder h;
  Add(h, 0, 0, 1);
  Add(h, 1, 2, 3);
  Read(h, {0, 1}, 4, 5);
  const bench::CheckResult r = CheckSetFull(h.history());
  EXPECT_EQ(r.valid, Validity::kValid) << r.detail.dump(2);
  EXPECT_EQ(r.detail["attempt_count"], 2);
  EXPECT_EQ(r.detail["stable_count"], 2);
  EXPECT_EQ(r.detail["lost_count"], 0);
  EXPECT_EQ(r.detail["stale_count"], 0);
  EXPECT_EQ(r.detail["stable_latencies"], Json({{"0", 0}, {"0.5", 0}, {"0.95", 0}, {"0.99", 0}, {"1", 0}}));
  EXPECT_FALSE(r.detail.contains("lost_latencies"));
  EXPECT_EQ(r.detail["duplicated_count"], 0);
}

// Stable latency = last absent read's invocation time + 1 ns - known time,
// in whole milliseconds.
TEST(SetFullChecker, HandComputedStableLatencies) {
  HistoryBuilder h;
  Add(h, 0, 0, 1);           // known at 1 ms, never missed: latency 0
  Add(h, 1, 2, 3);           // known at 3 ms
  Add(h, 2, 4, 5);           // known at 5 ms
  Read(h, {0}, 6, 7);        // misses 1 and 2
  Read(h, {0, 1}, 12, 12.5); // misses 2: 1's latency 6 + 1ns - 3 -> 3 ms
  Read(h, {0, 1, 2}, 13, 14);  // 2's latency 12 + 1ns - 5 -> 7 ms
  Add(h, 3, 14.5, 15);       // known at 15 ms
  Read(h, {0, 1, 2}, 15.5, 16);     // misses 3 by 0.5 ms: latency 0
  Read(h, {0, 1, 2, 3}, 17, 18);

  const bench::CheckResult r = CheckSetFull(h.history());
  EXPECT_EQ(r.valid, Validity::kValid) << r.detail.dump(2);
  EXPECT_EQ(r.detail["stable_count"], 4);
  // Sorted latencies 0 0 3 7: index min(n-1, floor(n q)).
  EXPECT_EQ(r.detail["stable_latencies"], Json({{"0", 0}, {"0.5", 3}, {"0.95", 7}, {"0.99", 7}, {"1", 7}}));
  EXPECT_EQ(r.detail["stale_count"], 2);
  EXPECT_EQ(r.detail["stale"], Json::array({1, 2}));
  const Json& worst = r.detail["worst_stale"];
  ASSERT_EQ(worst.size(), 2u);
  EXPECT_EQ(worst[0]["element"], 2);
  EXPECT_EQ(worst[0]["stable_latency"], 7);
  EXPECT_EQ(worst[0]["known"]["time"], Ms(5));
  EXPECT_EQ(worst[0]["last_absent"]["time"], Ms(12));
  EXPECT_EQ(worst[1]["element"], 1);
  EXPECT_EQ(worst[1]["stable_latency"], 3);
}

TEST(SetFullChecker, StableTimeIsOneNanosecondAfterTheLastMiss) {
  HistoryBuilder h;
  h.Invoke(0, "add", 0, Ms(0));
  h.Ok(0, 0, Ms(1));
  h.Invoke(1, "read", nullptr, Ms(3) - 1);  // 1 ns short of 2 ms after known
  h.Ok(1, Json::array(), Ms(4));
  Read(h, {0}, 5, 6);
  const bench::CheckResult r = CheckSetFull(h.history());
  EXPECT_EQ(r.detail["stable_latencies"]["1"], 2) << r.detail.dump(2);
}

TEST(SetFullChecker, LostBroadcastIsInvalid) {
  HistoryBuilder h;
  h.Invoke(0, "broadcast", 0, Ms(0));
  h.Ok(0, 0, Ms(1));                // acknowledged: known at 1 ms
  Read(h, {0}, 2, 3);               // present
  Read(h, Json::array(), 10, 11);   // then gone from every later read
  Read(h, Json::array(), 20, 21);
  h.Invoke(0, "broadcast", 1, Ms(22));
  h.Ok(0, 1, Ms(23));               // acknowledged, never seen at all
  Read(h, {1}, 30, 31);
  Read(h, Json::array(), 40, 41);

  const bench::CheckResult r = CheckSetFull(h.history(), "broadcast");
  EXPECT_EQ(r.valid, Validity::kInvalid) << r.detail.dump(2);
  EXPECT_EQ(r.detail["lost_count"], 2);
  EXPECT_EQ(r.detail["lost"], Json::array({0, 1}));
  // 0: last present read invoked at 2 ms, + 1 ns - known 1 ms -> 1 ms.
  // 1: last present read invoked at 30 ms, - known 23 ms -> 7 ms.
  EXPECT_EQ(r.detail["lost_latencies"], Json({{"0", 1}, {"0.5", 7}, {"0.95", 7}, {"0.99", 7}, {"1", 7}}));
  const Json& why = r.detail["lost_details"][0];
  EXPECT_EQ(why["element"], 0);
  EXPECT_EQ(why["known"]["index"], 1);
  EXPECT_EQ(why["last_present"]["index"], 2);
  EXPECT_EQ(why["last_absent"]["index"], 12);  // the very last read
}

TEST(SetFullChecker, AcknowledgedButNeverSeenIsLostWithLatencyZero) {
  HistoryBuilder h;
  Add(h, 0, 0, 1);
  Read(h, Json::array(), 5, 6);
  const bench::CheckResult r = CheckSetFull(h.history());
  EXPECT_EQ(r.valid, Validity::kInvalid);
  EXPECT_EQ(r.detail["lost_latencies"]["1"], 0);
  EXPECT_TRUE(r.detail["lost_details"][0]["last_present"].is_null());
}

TEST(SetFullChecker, MissByAConcurrentReadIsNeverReadNotLost) {
  HistoryBuilder h;
  h.Invoke(0, "add", 0, Ms(0));
  h.Invoke(1, "read", nullptr, Ms(1));  // begins before the add is known...
  h.Ok(0, 0, Ms(2));
  h.Ok(1, Json::array(), Ms(3));        // ...so missing it proves nothing
  {
    const bench::CheckResult r = CheckSetFull(h.history());
    EXPECT_EQ(r.valid, Validity::kUnknown) << r.detail.dump(2);
    EXPECT_EQ(r.detail["never_read"], Json::array({0}));
    EXPECT_EQ(r.detail["lost_count"], 0);
  }
  Read(h, Json::array(), 4, 5);  // a miss after the add was known: lost
  const bench::CheckResult r = CheckSetFull(h.history());
  EXPECT_EQ(r.valid, Validity::kInvalid);
  EXPECT_EQ(r.detail["lost"], Json::array({0}));
  EXPECT_EQ(r.detail["never_read_count"], 0);
}

TEST(SetFullChecker, NothingStableIsUnknown) {
  HistoryBuilder h;
  Add(h, 0, 0, 1);
  h.Invoke(0, "add", 1, Ms(2));
  h.Info(0, Ms(3));
  h.Invoke(1, "read", nullptr, Ms(4));
  h.Fail(1, Ms(5));  // failed reads see nothing
  const bench::CheckResult r = CheckSetFull(h.history());
  EXPECT_EQ(r.valid, Validity::kUnknown) << r.detail.dump(2);
  EXPECT_EQ(r.detail["attempt_count"], 2);
  EXPECT_EQ(r.detail["never_read"], Json::array({0, 1}));
  EXPECT_FALSE(r.detail.contains("stable_latencies"));
}

TEST(SetFullChecker, AReadMakesAnElementKnownEvenIfItsAddTimedOut) {
  HistoryBuilder h;
  h.Invoke(0, "add", 0, Ms(0));
  Read(h, {0}, 1, 2);
  h.Info(0, Ms(5000));
  EXPECT_EQ(CheckSetFull(h.history()).valid, Validity::kValid);
  Read(h, Json::array(), 5001, 5002);  // seen, then gone: lost
  const bench::CheckResult r = CheckSetFull(h.history());
  EXPECT_EQ(r.valid, Validity::kInvalid);
  EXPECT_EQ(r.detail["lost_details"][0]["known"]["index"], 2);  // the read's completion
}

TEST(SetFullChecker, ElementTwiceInOneReadIsReportedButValidAsInJepsen) {
  HistoryBuilder h;
  Add(h, 0, 0, 1);
  Read(h, {0, 5, 0, 5, 5}, 2, 3);  // 5 was never added, but repeats all the same
  Read(h, {0, 0, 0}, 4, 5);
  const bench::CheckResult r = CheckSetFull(h.history());
  EXPECT_EQ(r.valid, Validity::kValid) << r.detail.dump(2);
  EXPECT_EQ(r.detail["stable_count"], 1);
  EXPECT_EQ(r.detail["duplicated_count"], 2);
  EXPECT_EQ(r.detail["duplicated"], Json::parse("[[0, 3], [5, 3]]"));
}

TEST(SetFullChecker, ElementsCompareAsJsonValues) {
  HistoryBuilder h;
  h.Invoke(0, "add", std::int64_t{5}, Ms(0));  // built: a signed integer
  h.Ok(0, 5, Ms(1));
  h.Invoke(0, "add", Json{{"k", 1}}, Ms(2));
  h.Ok(0, Json{{"k", 1}}, Ms(3));
  Read(h, Json::parse(R"([{"k": 1}, 5])"), 4, 5);  // parsed: 5 is unsigned
  const bench::CheckResult r = CheckSetFull(h.history());
  EXPECT_EQ(r.valid, Validity::kValid) << r.detail.dump(2);
  EXPECT_EQ(r.detail["stable_count"], 2);
}

TEST(SetFullChecker, OnlyTheNamedAddCounts) {
  HistoryBuilder h;
  h.Invoke(0, "broadcast", 0, Ms(0));
  h.Ok(0, 0, Ms(1));
  Read(h, {0}, 2, 3);
  EXPECT_EQ(CheckSetFull(h.history(), "broadcast").valid, Validity::kValid);
  const bench::CheckResult as_add = CheckSetFull(h.history());
  EXPECT_EQ(as_add.valid, Validity::kUnknown);
  EXPECT_EQ(as_add.detail["attempt_count"], 0);
}

TEST(SetFullChecker, WorstStaleKeepsTheEightStalest) {
  HistoryBuilder h;
  for (int e = 0; e < 12; ++e) {
    Add(h, e, 100 * e, 100 * e + 1);
    Read(h, Json::array(), 100 * e + 1 + e, 100 * e + 50);  // misses every element so far
  }
  Json all = Json::array();
  for (int e = 0; e < 12; ++e) all.push_back(e);
  Read(h, all, 2000, 2001);
  const bench::CheckResult r = CheckSetFull(h.history());
  EXPECT_EQ(r.detail["stable_count"], 12);
  EXPECT_EQ(r.detail["stale_count"], 12);  // each missed by a read after it was known
  const Json& worst = r.detail["worst_stale"];
  ASSERT_EQ(worst.size(), 8u);
  EXPECT_EQ(worst[0]["element"], 0);  // element 0 waited through every later read
}

}  // namespace
}  // namespace glomers::workloads
