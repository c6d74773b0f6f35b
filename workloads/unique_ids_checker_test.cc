#include "workloads/unique_ids_checker.h"

#include <gtest/gtest.h>

#include "workloads/model_test_history.h"

namespace glomers::workloads {
namespace {

using bench::Validity;

TEST(UniqueIdsChecker, DistinctIdsOfAnyJsonAreValid) {
  HistoryBuilder h;
  const Json ids[] = {3, "n1-7", Json::array({1, 2}), Json{{"node", "n2"}, {"seq", 1}}, 1};
  for (const Json& id : ids) {
    h.Invoke(0, "generate", nullptr, Ms(0));
    h.Ok(0, id, Ms(1));
  }
  h.Invoke(1, "generate", nullptr, Ms(0));
  h.Info(1, Ms(5));
  h.Invoke(2, "generate", nullptr, Ms(0));
  h.Fail(2, Ms(5));
  const bench::CheckResult r = CheckUniqueIds(h.history());
  EXPECT_EQ(r.valid, Validity::kValid) << r.detail.dump(2);
  EXPECT_EQ(r.detail["attempted_count"], 7);
  EXPECT_EQ(r.detail["acknowledged_count"], 5);
  EXPECT_EQ(r.detail["duplicated_count"], 0);
  // JSON order: numbers before objects before arrays before strings.
  EXPECT_EQ(r.detail["range"], Json::array({1, "n1-7"}));
}

TEST(UniqueIdsChecker, DuplicatedIdIsInvalid) {
  HistoryBuilder h;
  for (const Json& id : {Json(7), Json(8), Json(7), Json("x"), Json(7), Json("x")}) {
    h.Invoke(0, "generate", nullptr, Ms(0));
    h.Ok(0, id, Ms(1));
  }
  const bench::CheckResult r = CheckUniqueIds(h.history());
  EXPECT_EQ(r.valid, Validity::kInvalid);
  EXPECT_EQ(r.detail["duplicated_count"], 2);
  EXPECT_EQ(r.detail["duplicated"], Json::parse(R"([[7, 3], ["x", 2]])")) << r.detail.dump(2);
}

TEST(UniqueIdsChecker, ShowsTheMostRepeatedDuplicates) {
  HistoryBuilder h;
  for (int id = 0; id < 60; ++id) {
    const int copies = id == 59 ? 5 : 2;
    for (int c = 0; c < copies; ++c) {
      h.Invoke(0, "generate", nullptr, Ms(0));
      h.Ok(0, id, Ms(1));
    }
  }
  const bench::CheckResult r = CheckUniqueIds(h.history());
  EXPECT_EQ(r.detail["duplicated_count"], 60);
  ASSERT_EQ(r.detail["duplicated"].size(), 48u);
  EXPECT_EQ(r.detail["duplicated"].back(), Json::array({59, 5}));
}

TEST(UniqueIdsChecker, EmptyHistoryIsValid) {
  const bench::CheckResult r = CheckUniqueIds(bench::History());
  EXPECT_EQ(r.valid, Validity::kValid);
  EXPECT_TRUE(r.detail["range"].is_null());
}

}  // namespace
}  // namespace glomers::workloads
