// Uses the lattice core through glomers::crdt alone (no JSON). Exits non-zero
// on a wrong result.
#include <glomers/crdt/gcounter.h>
#include <glomers/crdt/gset.h>
#include <glomers/crdt/lattice.h>
#include <glomers/crdt/pncounter.h>

#include <cstdio>
#include <string>

namespace crdt = glomers::crdt;

static_assert(crdt::DeltaLattice<crdt::GSet<std::string>>);
static_assert(crdt::DeltaLattice<crdt::GCounter>);
static_assert(crdt::DeltaLattice<crdt::PNCounter>);

int main() {
  crdt::GCounter a;
  crdt::GCounter b;
  a.increment("a", 2);
  b.increment("b", 3);
  crdt::PNCounter p;
  p.add("a", -4);
  const bool ok = crdt::join(a, b).value() == 5 && p.value() == -4 &&
                  crdt::GSet<int>{1, 2}.difference(crdt::GSet<int>{2}) == crdt::GSet<int>{1};
  if (!ok) std::fprintf(stderr, "core_only: wrong result\n");
  return ok ? 0 : 1;
}
