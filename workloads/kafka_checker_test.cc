#include "workloads/kafka_checker.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <utility>

#include "workloads/model_test_history.h"

namespace glomers::workloads {
namespace {

using bench::Validity;

const char* const kAnomalies[] = {"inconsistent_offsets", "duplicates", "poll_skips",
                                  "nonmonotonic_polls",   "nonmonotonic_sends", "lost",
                                  "unseen"};

void SendOk(HistoryBuilder& h, std::int64_t process, const std::string& key, int msg,
            int offset) {
  h.Invoke(process, "send", Json::array({key, msg}), Ms(0));
  h.Ok(process, Json::array({key, msg, offset}), Ms(1));
}

// msgs is the poll's {key: [[offset, msg], ...]}.
void PollOk(HistoryBuilder& h, std::int64_t process, Json msgs, bool final = false) {
  h.Invoke(process, "poll", nullptr, Ms(2), final);
  h.Ok(process, {{"msgs", std::move(msgs)}}, Ms(3));
}

std::int64_t AnomalyCount(const bench::CheckResult& r, const std::string& anomaly) {
  return r.detail.at(anomaly + "_count").get<std::int64_t>();
}

// Key "0" holds msgs 10, 11, 12 at offsets 0, 1, 2; every test starts here.
void ThreeSends(HistoryBuilder& h) {
  SendOk(h, 0, "0", 10, 0);
  SendOk(h, 0, "0", 11, 1);
  SendOk(h, 0, "0", 12, 2);
}
const Json kAllThree = {{"0", {{0, 10}, {1, 11}, {2, 12}}}};

TEST(KafkaChecker, CleanHistoryIsValid) {
  HistoryBuilder h;
  ThreeSends(h);
  SendOk(h, 1, "1", 20, 0);
  PollOk(h, 2, {{"0", {{0, 10}, {1, 11}}}, {"1", {{0, 20}}}});
  PollOk(h, 2, {{"0", {{2, 12}}}});
  PollOk(h, 3, {{"0", {{0, 10}}}});
  PollOk(h, 3, {{"0", {{1, 11}, {2, 12}}}, {"1", {{0, 20}}}});
  PollOk(h, 4, {{"0", {{0, 10}, {1, 11}, {2, 12}}}, {"1", {{0, 20}}}}, /*final=*/true);
  const bench::CheckResult r = CheckKafka(h.history());
  EXPECT_EQ(r.valid, Validity::kValid) << r.detail.dump(2);
  for (const char* a : kAnomalies) {
    EXPECT_EQ(AnomalyCount(r, a), 0) << a;
    EXPECT_FALSE(r.detail.contains(a)) << a;  // examples only when there are some
  }
  EXPECT_EQ(r.detail["acknowledged_sends"], 4);
  EXPECT_EQ(r.detail["polled_messages"], 4);
  EXPECT_EQ(r.detail["final_polls"], true);
}

TEST(KafkaChecker, TwoMsgsAtOneOffsetAreInconsistent) {
  HistoryBuilder h;
  SendOk(h, 0, "0", 10, 0);
  SendOk(h, 1, "0", 11, 0);  // the log handed offset 0 out twice
  PollOk(h, 2, {{"0", {{0, 10}}}});
  const bench::CheckResult r = CheckKafka(h.history());
  EXPECT_EQ(r.valid, Validity::kInvalid);
  ASSERT_GE(AnomalyCount(r, "inconsistent_offsets"), 1) << r.detail.dump(2);
  EXPECT_EQ(r.detail["inconsistent_offsets"][0]["key"], "0");
  EXPECT_EQ(r.detail["inconsistent_offsets"][0]["offset"], 0);
  EXPECT_EQ(r.detail["inconsistent_offsets"][0]["msgs"], Json::array({10, 11}));
}

TEST(KafkaChecker, OneMsgAtTwoOffsetsIsADuplicate) {
  HistoryBuilder h;
  SendOk(h, 0, "0", 10, 0);
  PollOk(h, 1, {{"0", {{0, 10}, {1, 10}}}});  // e.g. a retried send written twice
  const bench::CheckResult r = CheckKafka(h.history());
  EXPECT_EQ(r.valid, Validity::kInvalid);
  ASSERT_GE(AnomalyCount(r, "duplicates"), 1) << r.detail.dump(2);
  EXPECT_EQ(r.detail["duplicates"][0]["msg"], 10);
  EXPECT_EQ(r.detail["duplicates"][0]["at"], Json::parse(R"([["0",0],["0",1]])"));
}

TEST(KafkaChecker, SkipWithinOnePoll) {
  HistoryBuilder h;
  ThreeSends(h);
  PollOk(h, 1, {{"0", {{0, 10}, {2, 12}}}});
  PollOk(h, 2, kAllThree);  // so offset 1 is not also lost
  const bench::CheckResult r = CheckKafka(h.history());
  EXPECT_EQ(r.valid, Validity::kInvalid);
  ASSERT_GE(AnomalyCount(r, "poll_skips"), 1) << r.detail.dump(2);
  const Json& e = r.detail["poll_skips"][0];
  EXPECT_EQ(e["process"], 1);
  EXPECT_EQ(e["key"], "0");
  EXPECT_EQ(e["from"], 0);
  EXPECT_EQ(e["to"], 2);
  EXPECT_EQ(e["skipped"], Json::array({1}));
  EXPECT_EQ(AnomalyCount(r, "lost"), 0);
}

TEST(KafkaChecker, SkipAcrossTwoPolls) {
  HistoryBuilder h;
  ThreeSends(h);
  PollOk(h, 1, {{"0", {{0, 10}}}});
  PollOk(h, 1, {{"0", {{2, 12}}}});
  PollOk(h, 2, kAllThree);
  const bench::CheckResult r = CheckKafka(h.history());
  EXPECT_EQ(r.valid, Validity::kInvalid);
  ASSERT_GE(AnomalyCount(r, "poll_skips"), 1) << r.detail.dump(2);
  const Json& e = r.detail["poll_skips"][0];
  EXPECT_EQ(e["process"], 1);
  EXPECT_EQ(e["from"], 0);
  EXPECT_EQ(e["to"], 2);
  EXPECT_EQ(e["skipped"], Json::array({1}));
}

// Offsets need not be dense: a gap no send or poll ever filled is no skip.
TEST(KafkaChecker, GapsNoOneSawAreNotSkips) {
  HistoryBuilder h;
  SendOk(h, 0, "0", 10, 0);
  SendOk(h, 0, "0", 11, 5);
  PollOk(h, 1, {{"0", {{0, 10}, {5, 11}}}}, /*final=*/true);
  const bench::CheckResult r = CheckKafka(h.history());
  EXPECT_EQ(r.valid, Validity::kValid) << r.detail.dump(2);
  EXPECT_EQ(AnomalyCount(r, "poll_skips"), 0);
}

// After an assign a consumer resumes from the committed offset, so each
// process's first poll of a key may start anywhere.
TEST(KafkaChecker, ProcessesPollFromTheirOwnPositions) {
  HistoryBuilder h;
  ThreeSends(h);
  PollOk(h, 1, {{"0", {{0, 10}, {1, 11}}}});
  PollOk(h, 2, {{"0", {{2, 12}}}});  // started later, past the commit of 1
  PollOk(h, 1, {{"0", {{2, 12}}}});
  PollOk(h, 3, {{"0", {{1, 11}, {2, 12}}}}, /*final=*/true);
  const bench::CheckResult r = CheckKafka(h.history());
  EXPECT_EQ(r.valid, Validity::kValid) << r.detail.dump(2);
  EXPECT_EQ(AnomalyCount(r, "poll_skips"), 0);
  EXPECT_EQ(AnomalyCount(r, "nonmonotonic_polls"), 0);
}

TEST(KafkaChecker, RepollingAnOffsetIsNonmonotonic) {
  HistoryBuilder h;
  ThreeSends(h);
  PollOk(h, 1, {{"0", {{0, 10}, {1, 11}}}});
  PollOk(h, 1, {{"0", {{1, 11}, {2, 12}}}});
  const bench::CheckResult r = CheckKafka(h.history());
  EXPECT_EQ(r.valid, Validity::kInvalid);
  ASSERT_GE(AnomalyCount(r, "nonmonotonic_polls"), 1) << r.detail.dump(2);
  const Json& e = r.detail["nonmonotonic_polls"][0];
  EXPECT_EQ(e["process"], 1);
  EXPECT_EQ(e["key"], "0");
  EXPECT_EQ(e["offset"], 1);
  EXPECT_EQ(e["after"], 1);
}

TEST(KafkaChecker, PollingBackwardsIsNonmonotonic) {
  HistoryBuilder h;
  ThreeSends(h);
  PollOk(h, 1, {{"0", {{1, 11}, {2, 12}}}});
  PollOk(h, 1, {{"0", {{0, 10}}}});
  const bench::CheckResult r = CheckKafka(h.history());
  EXPECT_EQ(r.valid, Validity::kInvalid);
  ASSERT_GE(AnomalyCount(r, "nonmonotonic_polls"), 1) << r.detail.dump(2);
  EXPECT_EQ(r.detail["nonmonotonic_polls"][0]["offset"], 0);
  EXPECT_EQ(r.detail["nonmonotonic_polls"][0]["after"], 2);
}

TEST(KafkaChecker, SendBelowWhatTheProcessSawIsNonmonotonic) {
  HistoryBuilder h;
  SendOk(h, 0, "0", 10, 5);
  PollOk(h, 1, {{"0", {{5, 10}}}});
  SendOk(h, 1, "0", 11, 3);  // the log put it before what process 1 had read
  PollOk(h, 2, {{"0", {{3, 11}, {5, 10}}}});
  const bench::CheckResult r = CheckKafka(h.history());
  EXPECT_EQ(r.valid, Validity::kInvalid);
  ASSERT_GE(AnomalyCount(r, "nonmonotonic_sends"), 1) << r.detail.dump(2);
  const Json& e = r.detail["nonmonotonic_sends"][0];
  EXPECT_EQ(e["process"], 1);
  EXPECT_EQ(e["key"], "0");
  EXPECT_EQ(e["offset"], 3);
  EXPECT_EQ(e["after"], 5);
}

TEST(KafkaChecker, SendBelowAnotherProcessReadIsFine) {
  HistoryBuilder h;
  SendOk(h, 0, "0", 10, 5);
  PollOk(h, 1, {{"0", {{5, 10}}}});
  SendOk(h, 2, "0", 11, 3);  // process 2 never saw offset 5
  PollOk(h, 3, {{"0", {{3, 11}, {5, 10}}}}, /*final=*/true);
  const bench::CheckResult r = CheckKafka(h.history());
  EXPECT_EQ(AnomalyCount(r, "nonmonotonic_sends"), 0) << r.detail.dump(2);
  EXPECT_EQ(r.valid, Validity::kValid);
}

TEST(KafkaChecker, AckedSendBehindAPolledOffsetIsLost) {
  HistoryBuilder h;
  SendOk(h, 0, "0", 10, 0);
  SendOk(h, 0, "0", 11, 1);
  PollOk(h, 1, {{"0", {{1, 11}}}});  // no final polls needed to see it
  const bench::CheckResult r = CheckKafka(h.history());
  EXPECT_EQ(r.valid, Validity::kInvalid);
  ASSERT_GE(AnomalyCount(r, "lost"), 1) << r.detail.dump(2);
  EXPECT_EQ(r.detail["lost"][0]["key"], "0");
  EXPECT_EQ(r.detail["lost"][0]["offset"], 0);
  EXPECT_EQ(r.detail["lost"][0]["msg"], 10);
  EXPECT_EQ(AnomalyCount(r, "unseen"), 0);
}

TEST(KafkaChecker, UnseenIsInvalidOnlyAfterAFinalPoll) {
  HistoryBuilder h;
  SendOk(h, 0, "0", 10, 0);
  SendOk(h, 0, "0", 11, 1);
  PollOk(h, 1, {{"0", {{0, 10}}}});
  const bench::CheckResult mid_run = CheckKafka(h.history());
  EXPECT_EQ(mid_run.valid, Validity::kValid) << mid_run.detail.dump(2);
  EXPECT_EQ(AnomalyCount(mid_run, "unseen"), 1);
  EXPECT_EQ(AnomalyCount(mid_run, "lost"), 0);

  h.Invoke(2, "poll", nullptr, Ms(4), /*final=*/true);
  h.Fail(2, Ms(5));  // a failed final poll drained nothing
  EXPECT_NE(CheckKafka(h.history()).valid, Validity::kInvalid);

  PollOk(h, 1, Json::object(), /*final=*/true);  // drained, still no offset 1
  const bench::CheckResult r = CheckKafka(h.history());
  EXPECT_EQ(r.valid, Validity::kInvalid);
  ASSERT_GE(AnomalyCount(r, "unseen"), 1) << r.detail.dump(2);
  EXPECT_EQ(r.detail["unseen"][0]["key"], "0");
  EXPECT_EQ(r.detail["unseen"][0]["offset"], 1);
  EXPECT_EQ(r.detail["unseen"][0]["msg"], 11);
}

TEST(KafkaChecker, NoAcknowledgedSendIsUnknown) {
  EXPECT_EQ(CheckKafka(bench::History()).valid, Validity::kUnknown);

  HistoryBuilder h;
  h.Invoke(0, "send", Json::array({"0", 10}), Ms(0));
  h.Fail(0, Ms(1));
  h.Invoke(1, "send", Json::array({"0", 11}), Ms(0));
  h.Info(1, Ms(1));
  PollOk(h, 2, Json::object(), /*final=*/true);
  const bench::CheckResult r = CheckKafka(h.history());
  EXPECT_EQ(r.valid, Validity::kUnknown) << r.detail.dump(2);
  EXPECT_EQ(r.detail["acknowledged_sends"], 0);
}

TEST(KafkaChecker, FailedAndIndefiniteSendsAreNeverLost) {
  HistoryBuilder h;
  h.Invoke(0, "send", Json::array({"0", 10}), Ms(0));
  h.Fail(0, Ms(1));
  h.Invoke(1, "send", Json::array({"0", 11}), Ms(0));
  h.Info(1, Ms(1));
  h.Invoke(2, "send", Json::array({"0", 12}), Ms(0));  // never completes
  SendOk(h, 3, "0", 13, 5);
  PollOk(h, 4, {{"0", {{5, 13}}}}, /*final=*/true);
  const bench::CheckResult r = CheckKafka(h.history());
  EXPECT_EQ(r.valid, Validity::kValid) << r.detail.dump(2);
  EXPECT_EQ(AnomalyCount(r, "lost"), 0);
  EXPECT_EQ(AnomalyCount(r, "unseen"), 0);
  EXPECT_EQ(r.detail["acknowledged_sends"], 1);
}

// The indefinite send took effect; polling it is fine.
TEST(KafkaChecker, IndefiniteSendMayShowUpInPolls) {
  HistoryBuilder h;
  h.Invoke(1, "send", Json::array({"0", 11}), Ms(0));
  h.Info(1, Ms(1));
  SendOk(h, 3, "0", 13, 1);
  PollOk(h, 4, {{"0", {{0, 11}, {1, 13}}}}, /*final=*/true);
  const bench::CheckResult r = CheckKafka(h.history());
  EXPECT_EQ(r.valid, Validity::kValid) << r.detail.dump(2);
  EXPECT_EQ(r.detail["polled_messages"], 2);
}

TEST(KafkaChecker, VisibilityRunsFromTheSendToTheFirstPollThatReturnsIt) {
  HistoryBuilder h;
  h.Invoke(0, "send", Json::array({"0", 10}), Ms(100));
  h.Ok(0, Json::array({"0", 10, 0}), Ms(101));
  h.Invoke(0, "send", Json::array({"0", 11}), Ms(200));
  h.Ok(0, Json::array({"0", 11, 1}), Ms(201));
  h.Invoke(1, "poll", nullptr, Ms(110));
  h.Ok(1, {{"msgs", Json::object()}}, Ms(111));  // not there yet
  h.Invoke(1, "poll", nullptr, Ms(140));
  h.Ok(1, {{"msgs", {{"0", {{0, 10}}}}}}, Ms(150));  // 10 seen after 50 ms
  h.Invoke(2, "poll", nullptr, Ms(300));
  h.Ok(2, {{"msgs", {{"0", {{0, 10}, {1, 11}}}}}}, Ms(330));  // 11 after 130 ms
  const bench::CheckResult r = CheckKafka(h.history());
  EXPECT_EQ(r.valid, Validity::kValid) << r.detail.dump(2);
  EXPECT_EQ(r.detail["visibility_latencies"], Json({{"0", 50}, {"0.5", 130}, {"0.95", 130},
                                                    {"0.99", 130}, {"1", 130}}));
}

}  // namespace
}  // namespace glomers::workloads
