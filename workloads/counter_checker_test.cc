#include "workloads/counter_checker.h"

#include <gtest/gtest.h>

#include "workloads/model_test_history.h"

namespace glomers::workloads {
namespace {

using bench::Validity;

void AddOk(HistoryBuilder& h, int delta) {
  h.Invoke(0, "add", delta, Ms(0));
  h.Ok(0, delta, Ms(1));
}
void FinalRead(HistoryBuilder& h, std::int64_t process, Json value) {
  h.Invoke(process, "read", nullptr, Ms(100), /*final=*/true);
  h.Ok(process, std::move(value), Ms(101));
}

TEST(CounterChecker, FinalReadsOfTheAcknowledgedSumAreValid) {
  HistoryBuilder h;
  AddOk(h, 1);
  AddOk(h, 2);
  AddOk(h, 0);
  FinalRead(h, 1, 3);
  FinalRead(h, 2, 3);
  const bench::CheckResult r = CheckCounter(h.history());
  EXPECT_EQ(r.valid, Validity::kValid) << r.detail.dump(2);
  EXPECT_EQ(r.detail["acceptable"], Json::parse("[[3,3]]"));
  EXPECT_EQ(r.detail["definite_sum"], 3);
  EXPECT_EQ(r.detail["final_read_count"], 2);
  EXPECT_EQ(r.detail["final_reads"], Json::array({3, 3}));
}

TEST(CounterChecker, FinalReadOutsideTheRangeIsInvalid) {
  HistoryBuilder h;
  AddOk(h, 1);
  AddOk(h, 2);
  FinalRead(h, 1, 3);
  FinalRead(h, 2, 2);  // lost the add of 1
  const bench::CheckResult r = CheckCounter(h.history());
  EXPECT_EQ(r.valid, Validity::kInvalid);
  ASSERT_EQ(r.detail["errors"].size(), 1u) << r.detail.dump(2);
  EXPECT_EQ(r.detail["errors"][0]["value"], 2);
  EXPECT_EQ(r.detail["errors"][0]["process"], 2);
}

TEST(CounterChecker, IndefiniteAddsMayOrMayNotCount) {
  HistoryBuilder h;
  AddOk(h, 3);
  h.Invoke(1, "add", 2, Ms(0));
  h.Info(1, Ms(5000));             // may have happened
  h.Invoke(2, "add", 4, Ms(0));    // never completed: may have happened
  h.Invoke(3, "add", 100, Ms(0));
  h.Fail(3, Ms(1));                // did not happen
  FinalRead(h, 4, 5);              // 3 + 2: only thanks to the indefinite add
  FinalRead(h, 5, 9);              // 3 + 2 + 4
  const bench::CheckResult r = CheckCounter(h.history());
  EXPECT_EQ(r.valid, Validity::kValid) << r.detail.dump(2);
  EXPECT_EQ(r.detail["acceptable"], Json::parse("[[3,3],[5,5],[7,7],[9,9]]"));
  EXPECT_EQ(r.detail["indefinite_add_count"], 2);

  FinalRead(h, 6, 103);  // the failed add
  FinalRead(h, 7, 4);    // no subset gives 4
  const bench::CheckResult bad = CheckCounter(h.history());
  EXPECT_EQ(bad.valid, Validity::kInvalid);
  EXPECT_EQ(bad.detail["errors"].size(), 2u);
}

TEST(CounterChecker, NegativeDeltas) {
  HistoryBuilder h;
  AddOk(h, -5);
  AddOk(h, 4);
  h.Invoke(1, "add", -3, Ms(0));
  h.Info(1, Ms(1));
  FinalRead(h, 2, -4);
  FinalRead(h, 3, -1);
  const bench::CheckResult r = CheckCounter(h.history());
  EXPECT_EQ(r.valid, Validity::kValid) << r.detail.dump(2);
  EXPECT_EQ(r.detail["acceptable"], Json::parse("[[-4,-4],[-1,-1]]"));
}

TEST(CounterChecker, OnlyFinalReadsAreChecked) {
  HistoryBuilder h;
  AddOk(h, 1);
  h.Invoke(1, "read", nullptr, Ms(2));
  h.Ok(1, 42, Ms(3));  // mid-run, anything goes
  h.Invoke(2, "read", nullptr, Ms(2), /*final=*/true);
  h.Fail(2, Ms(3));    // a failed final read says nothing
  const bench::CheckResult r = CheckCounter(h.history());
  EXPECT_EQ(r.valid, Validity::kValid) << r.detail.dump(2);
  EXPECT_EQ(r.detail["final_read_count"], 0);  // valid, as in Maelstrom, but visibly unread
}

TEST(CounterChecker, FinalMarkOnTheCompletionAloneCounts) {
  HistoryBuilder h;
  AddOk(h, 1);
  h.Invoke(1, "read", nullptr, Ms(2));
  bench::History history = h.history();
  bench::Op completion = history[history.size() - 1];
  completion.type = bench::OpType::kOk;
  completion.value = 7;
  completion.final = true;
  history.Add(completion);
  const bench::CheckResult r = CheckCounter(history);
  EXPECT_EQ(r.valid, Validity::kInvalid);
  EXPECT_EQ(r.detail["final_read_count"], 1);
}

TEST(CounterChecker, NonIntegerFinalReadIsAnError) {
  HistoryBuilder h;
  AddOk(h, 1);
  FinalRead(h, 1, "1");
  EXPECT_EQ(CheckCounter(h.history()).valid, Validity::kInvalid);
}

}  // namespace
}  // namespace glomers::workloads
