// Join-semilattices: the contract every replicated type in glomers meets.
//
// A lattice value `x` supports
//   x.merge(y)   in-place join (least upper bound); commutative, associative
//                and idempotent;
//   x <= y       the partial order the join induces (x <= y iff x ⊔ y == y);
//   L{}          the bottom element (merge identity);
//   x.empty()    true iff x == L{}.
// Mutators live on each type and return a *delta*: a small lattice value d
// such that x.merge(d) equals x after the mutation (delta-state CRDTs,
// Almeida, Shoker and Baquero, 2018). A mutation that changes nothing
// returns bottom.
//
// A `DeltaLattice` additionally offers x.difference(y): the smallest part of
// x that y lacks, so that y.merge(x.difference(y)) == y ⊔ x. Replication uses
// it to forward only what was new to the receiver.
//
// All types here are plain values: no I/O, no threads, no allocation beyond
// their containers. Not thread-safe; copy or guard them as any value.
#ifndef GLOMERS_CRDT_LATTICE_H_
#define GLOMERS_CRDT_LATTICE_H_

#include <concepts>

namespace glomers::crdt {

template <class L>
concept Lattice = std::regular<L> && requires(L a, const L& b) {
  { a.merge(b) } -> std::same_as<void>;
  { b <= b } -> std::convertible_to<bool>;
  { b.empty() } -> std::convertible_to<bool>;
};

template <class L>
concept DeltaLattice = Lattice<L> && requires(const L& a, const L& b) {
  { a.difference(b) } -> std::same_as<L>;
};

// The join of two values, as a new value.
template <Lattice L>
L join(L a, const L& b) {
  a.merge(b);
  return a;
}

}  // namespace glomers::crdt

#endif  // GLOMERS_CRDT_LATTICE_H_
