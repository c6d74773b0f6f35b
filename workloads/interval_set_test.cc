#include "workloads/interval_set.h"

#include <set>

#include <gtest/gtest.h>

namespace glomers::workloads {
namespace {

using Json = nlohmann::json;

TEST(IntervalSet, AddMergesOverlappingAndTouchingIntervals) {
  IntervalSet s;
  s.Add(10, 12);
  s.Add(1, 2);
  s.Add(5, 6);
  EXPECT_EQ(s.ToJson(), Json::parse("[[1,2],[5,6],[10,12]]"));
  s.Add(3, 4);  // touches [1,2] and [5,6]
  EXPECT_EQ(s.ToJson(), Json::parse("[[1,6],[10,12]]"));
  s.Add(0, 11);
  EXPECT_EQ(s.ToJson(), Json::parse("[[0,12]]"));
  s.Add(5, 4);  // empty
  EXPECT_EQ(s.intervals().size(), 1u);
}

TEST(IntervalSet, Contains) {
  IntervalSet s;
  s.Add(-5, -3);
  s.Add(4, 4);
  for (int x : {-5, -4, -3, 4}) EXPECT_TRUE(s.Contains(x)) << x;
  for (int x : {-6, -2, 0, 3, 5}) EXPECT_FALSE(s.Contains(x)) << x;
  EXPECT_FALSE(IntervalSet().Contains(0));
}

TEST(IntervalSet, AddOptionalGivesEverySubsetSum) {
  IntervalSet s;
  s.Add(0, 0);
  s.AddOptional(3);
  s.AddOptional(5);
  EXPECT_EQ(s.ToJson(), Json::parse("[[0,0],[3,3],[5,5],[8,8]]"));
  s.AddOptional(0);
  EXPECT_EQ(s.intervals().size(), 4u);
  s.AddOptional(-1);  // 0 3 5 8 and -1 2 4 7
  EXPECT_EQ(s.ToJson(), Json::parse("[[-1,0],[2,5],[7,8]]"));
}

TEST(IntervalSet, AgreesWithBruteForce) {
  const std::vector<std::int64_t> deltas = {4, -5, 0, 3, 3, -2, 1, 4, -5, 2, 7, -3};
  IntervalSet s;
  s.Add(10, 10);
  std::set<std::int64_t> sums = {10};
  for (std::int64_t d : deltas) {
    s.AddOptional(d);
    std::set<std::int64_t> next = sums;
    for (std::int64_t x : sums) next.insert(x + d);
    sums = next;
  }
  for (std::int64_t x = -40; x <= 60; ++x) EXPECT_EQ(s.Contains(x), sums.count(x) == 1) << x;
}

}  // namespace
}  // namespace glomers::workloads
