#include "glomers/crdt/pncounter.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>

namespace glomers::crdt {
namespace {

constexpr std::int64_t kMin = std::numeric_limits<std::int64_t>::min();
constexpr std::int64_t kMaxAmount = std::numeric_limits<std::int64_t>::max();

GCounter Entry(const char* replica, std::uint64_t count) {
  GCounter c;
  c.set_entry(replica, count);
  return c;
}

TEST(PNCounter, PositiveAddReturnsAnIncrementDelta) {
  PNCounter c;
  const PNCounter delta = c.add("n1", 5);
  EXPECT_EQ(delta, PNCounter(Entry("n1", 5), GCounter{}));
  EXPECT_EQ(c.value(), 5);
}

TEST(PNCounter, NegativeAddReturnsADecrementDelta) {
  PNCounter c;
  c.add("n1", 5);
  const PNCounter delta = c.add("n1", -7);
  EXPECT_EQ(delta, PNCounter(GCounter{}, Entry("n1", 7)));
  EXPECT_EQ(c.value(), -2);
  EXPECT_EQ(c.add("n1", -1), PNCounter(GCounter{}, Entry("n1", 8)));
}

TEST(PNCounter, AddOfZeroReturnsBottom) {
  PNCounter c;
  EXPECT_TRUE(c.add("n1", 0).empty());
  EXPECT_TRUE(c.empty());
}

TEST(PNCounter, AddOfInt64MinDecrementsByTwoToThe63) {
  PNCounter c;
  const PNCounter delta = c.add("n1", kMin);
  EXPECT_EQ(delta, PNCounter(GCounter{}, Entry("n1", std::uint64_t{1} << 63)));
  EXPECT_EQ(c.value(), kMin);
}

TEST(PNCounter, ExtremesCancel) {
  PNCounter c;
  c.add("n1", kMaxAmount);
  c.add("n2", kMin);
  EXPECT_EQ(c.value(), -1);
}

TEST(PNCounter, MergeJoinsBothHalves) {
  PNCounter a;
  a.add("n1", 5);
  a.add("n1", -2);
  PNCounter b;
  b.add("n1", 3);
  b.add("n1", -4);
  b.add("n2", 10);
  a.merge(b);
  EXPECT_EQ(a.increments().entry("n1"), 5u);
  EXPECT_EQ(a.decrements().entry("n1"), 4u);
  EXPECT_EQ(a.value(), 5 - 4 + 10);
}

TEST(PNCounter, DifferenceIsTakenPerHalf) {
  PNCounter mine;
  mine.add("n1", 5);
  mine.add("n1", -2);
  PNCounter known;
  known.add("n1", 5);
  EXPECT_EQ(mine.difference(known), PNCounter(GCounter{}, Entry("n1", 2)));
  EXPECT_TRUE(known.difference(mine).empty());
}

TEST(PNCounter, OrderNeedsBothHalvesBelow) {
  PNCounter low;
  low.add("n1", 1);
  PNCounter high = low;
  high.add("n1", -1);  // Value falls, yet the state grows.
  EXPECT_TRUE(low <= high);
  EXPECT_FALSE(high <= low);
  EXPECT_LT(high.value(), low.value());

  PNCounter other;
  other.add("n2", -1);
  EXPECT_FALSE(low <= other);
  EXPECT_FALSE(other <= low);
}

}  // namespace
}  // namespace glomers::crdt
