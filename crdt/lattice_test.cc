// The Lattice concepts and join(): every library type models them, and join
// leaves its arguments alone.
#include "glomers/crdt/lattice.h"

#include <gtest/gtest.h>

#include <string>

#include "glomers/crdt/gcounter.h"
#include "glomers/crdt/gset.h"
#include "glomers/crdt/pncounter.h"

namespace glomers::crdt {
namespace {

static_assert(DeltaLattice<GSet<int>>);
static_assert(DeltaLattice<GSet<std::string>>);
static_assert(DeltaLattice<GCounter>);
static_assert(DeltaLattice<BasicGCounter<int>>);
static_assert(DeltaLattice<PNCounter>);
static_assert(DeltaLattice<BasicPNCounter<int>>);

// A type with merge and <= but no equality is not a lattice value: replicas
// could not tell whether a merge changed anything.
struct NoEquality {
  void merge(const NoEquality&) {}
  bool empty() const { return true; }
  friend bool operator<=(const NoEquality&, const NoEquality&) { return true; }
};
static_assert(!Lattice<NoEquality>);

TEST(Join, ReturnsTheJoinAndLeavesBothArgumentsAlone) {
  const GSet<int> a{1, 2};
  const GSet<int> b{2, 3};
  EXPECT_EQ(join(a, b), (GSet<int>{1, 2, 3}));
  EXPECT_EQ(a, (GSet<int>{1, 2}));
  EXPECT_EQ(b, (GSet<int>{2, 3}));
}

}  // namespace
}  // namespace glomers::crdt
