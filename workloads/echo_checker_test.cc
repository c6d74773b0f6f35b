#include "workloads/echo_checker.h"

#include <gtest/gtest.h>

#include "workloads/model_test_history.h"

namespace glomers::workloads {
namespace {

using bench::Validity;

Json EchoOk(const std::string& echo) {
  return {{"type", "echo_ok"}, {"echo", echo}, {"msg_id", 1}, {"in_reply_to", 1}};
}

TEST(EchoChecker, MatchingRepliesAreValid) {
  HistoryBuilder h;
  h.Invoke(0, "echo", "Please echo 5", Ms(0));
  h.Invoke(1, "echo", "Please echo 9", Ms(1));
  h.Ok(1, EchoOk("Please echo 9"), Ms(2));
  h.Ok(0, EchoOk("Please echo 5"), Ms(3));
  const bench::CheckResult r = CheckEcho(h.history());
  EXPECT_EQ(r.valid, Validity::kValid) << r.detail.dump(2);
  EXPECT_EQ(r.detail["echo_count"], 2);
  EXPECT_EQ(r.detail["error_count"], 0);
}

TEST(EchoChecker, MismatchIsInvalid) {
  HistoryBuilder h;
  h.Invoke(0, "echo", "Please echo 5", Ms(0));
  h.Invoke(1, "echo", "Please echo 9", Ms(1));
  // Replies crossed over between the processes.
  h.Ok(1, EchoOk("Please echo 5"), Ms(2));
  h.Ok(0, EchoOk("Please echo 5"), Ms(3));
  const bench::CheckResult r = CheckEcho(h.history());
  EXPECT_EQ(r.valid, Validity::kInvalid);
  ASSERT_EQ(r.detail["errors"].size(), 1u) << r.detail.dump(2);
  const Json& e = r.detail["errors"][0];
  EXPECT_EQ(e["index"], 1);
  EXPECT_EQ(e["expected"], "Please echo 9");
  EXPECT_EQ(e["received"]["echo"], "Please echo 5");
  EXPECT_EQ(e["type"], "ok");
}

TEST(EchoChecker, TimeoutsFailuresAndMissingRepliesAreErrors) {
  HistoryBuilder h;
  h.Invoke(0, "echo", "Please echo 1", Ms(0));
  h.Info(0, Ms(5000));
  h.Invoke(1, "echo", "Please echo 2", Ms(0));
  h.Fail(1, Ms(1));
  h.Invoke(2, "echo", "Please echo 3", Ms(0));
  h.Ok(2, Json{{"type", "echo_ok"}}, Ms(1));  // no echo field
  h.Invoke(3, "echo", "Please echo 4", Ms(0));  // never completed
  const bench::CheckResult r = CheckEcho(h.history());
  EXPECT_EQ(r.valid, Validity::kInvalid);
  EXPECT_EQ(r.detail["error_count"], 4) << r.detail.dump(2);
  EXPECT_EQ(r.detail["errors"][0]["type"], "info");
  EXPECT_EQ(r.detail["errors"][0]["error"], "timeout");
  EXPECT_EQ(r.detail["errors"][1]["type"], "fail");
  EXPECT_EQ(r.detail["errors"][2]["type"], "ok");
  EXPECT_EQ(r.detail["errors"][3]["type"], "none");
  EXPECT_TRUE(r.detail["errors"][3]["received"].is_null());
}

TEST(EchoChecker, ErrorListIsCappedButCounted) {
  HistoryBuilder h;
  for (int i = 0; i < 100; ++i) {
    h.Invoke(0, "echo", "Please echo 1", Ms(i));
    h.Ok(0, EchoOk("Please echo 2"), Ms(i));
  }
  const bench::CheckResult r = CheckEcho(h.history());
  EXPECT_EQ(r.detail["error_count"], 100);
  EXPECT_EQ(r.detail["errors"].size(), 64u);
}

}  // namespace
}  // namespace glomers::workloads
