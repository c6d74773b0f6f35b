#include "glomers/crdt/gset.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace glomers::crdt {
namespace {

TEST(GSet, InsertOfANewElementReturnsThatElement) {
  GSet<int> s{1};
  EXPECT_EQ(s.insert(7), GSet<int>{7});
  EXPECT_EQ(s, (GSet<int>{1, 7}));
}

TEST(GSet, InsertOfAPresentElementReturnsBottomAndChangesNothing) {
  GSet<int> s{1, 7};
  const GSet<int> delta = s.insert(7);
  EXPECT_TRUE(delta.empty());
  EXPECT_EQ(delta, GSet<int>{});
  EXPECT_EQ(s, (GSet<int>{1, 7}));
}

TEST(GSet, MergeIsUnion) {
  GSet<std::string> s{"a", "b"};
  s.merge(GSet<std::string>{"b", "c"});
  EXPECT_EQ(s, (GSet<std::string>{"a", "b", "c"}));
}

TEST(GSet, MergeIntoBottomCopiesTheOther) {
  GSet<int> s;
  s.merge(GSet<int>{3, 4});
  EXPECT_EQ(s, (GSet<int>{3, 4}));
}

TEST(GSet, MergeWithBottomChangesNothing) {
  GSet<int> s{3, 4};
  s.merge(GSet<int>{});
  EXPECT_EQ(s, (GSet<int>{3, 4}));
}

TEST(GSet, DifferenceKeepsOnlyWhatTheOtherLacks) {
  const GSet<int> mine{1, 2, 3};
  EXPECT_EQ(mine.difference(GSet<int>{2, 4}), (GSet<int>{1, 3}));
  EXPECT_TRUE(mine.difference(GSet<int>{1, 2, 3, 4}).empty());
  EXPECT_EQ(mine.difference(GSet<int>{}), mine);
  EXPECT_TRUE(GSet<int>{}.difference(mine).empty());
}

TEST(GSet, OrderIsInclusion) {
  EXPECT_TRUE(GSet<int>{} <= (GSet<int>{1}));
  EXPECT_TRUE((GSet<int>{1}) <= (GSet<int>{1, 2}));
  EXPECT_TRUE((GSet<int>{1, 2}) <= (GSet<int>{1, 2}));
  EXPECT_FALSE((GSet<int>{1, 2}) <= (GSet<int>{1}));
  // Incomparable: neither contains the other.
  EXPECT_FALSE((GSet<int>{1}) <= (GSet<int>{2}));
  EXPECT_FALSE((GSet<int>{2}) <= (GSet<int>{1}));
}

TEST(GSet, IteratesInSortedOrder) {
  GSet<int> s;
  for (int x : {5, -1, 3, 5, 0}) s.insert(x);
  EXPECT_EQ(std::vector<int>(s.begin(), s.end()), (std::vector<int>{-1, 0, 3, 5}));
  EXPECT_EQ(s.size(), 4u);
  EXPECT_TRUE(s.contains(3));
  EXPECT_FALSE(s.contains(4));
}

}  // namespace
}  // namespace glomers::crdt
