#include "glomers/crdt/gcounter.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>

namespace glomers::crdt {
namespace {

constexpr std::uint64_t kMaxEntry = std::numeric_limits<std::uint64_t>::max();

GCounter Counter(std::initializer_list<std::pair<const char*, std::uint64_t>> entries) {
  GCounter c;
  for (const auto& [replica, count] : entries) c.set_entry(replica, count);
  return c;
}

TEST(GCounter, IncrementReturnsTheReplicasNewEntry) {
  GCounter c;
  EXPECT_EQ(c.increment("n1", 2), Counter({{"n1", 2}}));
  // The delta carries the entry's new state, not the amount added, so that
  // merging it is idempotent.
  EXPECT_EQ(c.increment("n1", 3), Counter({{"n1", 5}}));
  EXPECT_EQ(c.increment("n2"), Counter({{"n2", 1}}));
  EXPECT_EQ(c.value(), 6u);
  EXPECT_EQ(c.entry("n1"), 5u);
  EXPECT_EQ(c.entry("n3"), 0u);
}

TEST(GCounter, IncrementByZeroReturnsBottomAndStoresNoEntry) {
  GCounter c;
  EXPECT_TRUE(c.increment("n1", 0).empty());
  EXPECT_TRUE(c.empty());
  EXPECT_TRUE(c.entries().empty());
}

TEST(GCounter, EntrySaturatesAtTheMaximum) {
  GCounter c;
  c.increment("n1", kMaxEntry - 1);
  EXPECT_EQ(c.increment("n1", 5), Counter({{"n1", kMaxEntry}}));
  EXPECT_EQ(c.entry("n1"), kMaxEntry);
}

TEST(GCounter, IncrementOfASaturatedEntryReturnsBottom) {
  GCounter c;
  c.increment("n1", kMaxEntry);
  EXPECT_TRUE(c.increment("n1", 1).empty());
  EXPECT_TRUE(c.increment("n1", kMaxEntry).empty());
  EXPECT_EQ(c, Counter({{"n1", kMaxEntry}}));
}

TEST(GCounter, MergeTakesTheMaximumOfEachEntry) {
  GCounter a = Counter({{"n1", 5}, {"n2", 1}});
  a.merge(Counter({{"n1", 3}, {"n2", 4}, {"n3", 2}}));
  EXPECT_EQ(a, Counter({{"n1", 5}, {"n2", 4}, {"n3", 2}}));
  EXPECT_EQ(a.value(), 11u);
}

TEST(GCounter, MergingTheSameStateTwiceCountsItOnce) {
  GCounter a = Counter({{"n1", 5}});
  const GCounter b = Counter({{"n2", 4}});
  a.merge(b);
  a.merge(b);
  EXPECT_EQ(a.value(), 9u);
}

TEST(GCounter, DifferenceKeepsTheEntriesAheadOfTheOther) {
  const GCounter mine = Counter({{"n1", 5}, {"n2", 1}, {"n3", 2}});
  const GCounter known = Counter({{"n1", 3}, {"n2", 4}});
  EXPECT_EQ(mine.difference(known), Counter({{"n1", 5}, {"n3", 2}}));
  EXPECT_TRUE(known.difference(Counter({{"n1", 3}, {"n2", 4}})).empty());
}

TEST(GCounter, OrderIsPointwise) {
  EXPECT_TRUE(GCounter{} <= Counter({{"n1", 1}}));
  EXPECT_TRUE(Counter({{"n1", 1}}) <= Counter({{"n1", 2}, {"n2", 1}}));
  EXPECT_FALSE(Counter({{"n1", 3}}) <= Counter({{"n1", 2}, {"n2", 9}}));
  EXPECT_FALSE(Counter({{"n1", 1}}) <= Counter({{"n2", 1}}));
}

TEST(GCounter, SetEntryOfZeroErasesSoEqualCountersCompareEqual) {
  GCounter c = Counter({{"n1", 3}});
  c.set_entry("n1", 0);
  EXPECT_EQ(c, GCounter{});
  EXPECT_TRUE(c.empty());
}

TEST(GCounter, TakesAnyOrderedReplicaId) {
  BasicGCounter<int> c;
  c.increment(2, 4);
  const BasicGCounter<int> delta = c.increment(-1, 1);
  EXPECT_EQ(delta.entries(), (BasicGCounter<int>::Entries{{-1, 1}}));
  EXPECT_EQ(c.value(), 5u);
}

}  // namespace
}  // namespace glomers::crdt
