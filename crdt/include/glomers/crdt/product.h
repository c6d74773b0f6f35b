// Product<A, B>: two lattices side by side, joined component-wise, so that
// one replicator can carry both (a log and its committed offsets, say).
#ifndef GLOMERS_CRDT_PRODUCT_H_
#define GLOMERS_CRDT_PRODUCT_H_

#include "glomers/crdt/lattice.h"

namespace glomers::crdt {

template <DeltaLattice A, DeltaLattice B>
struct Product {
  A first;
  B second;

  void merge(const Product& o) {
    first.merge(o.first);
    second.merge(o.second);
  }
  Product difference(const Product& known) const {
    return Product{first.difference(known.first), second.difference(known.second)};
  }
  bool empty() const { return first.empty() && second.empty(); }

  friend bool operator==(const Product&, const Product&) = default;
  friend bool operator<=(const Product& a, const Product& b) {
    return a.first <= b.first && a.second <= b.second;
  }
};

}  // namespace glomers::crdt

#endif  // GLOMERS_CRDT_PRODUCT_H_
