// GSet<T>: a grow-only set. Join is set union; the order is inclusion.
//
// T must be totally ordered by operator< (elements are kept sorted, which
// makes iteration and encoding deterministic). insert() is O(log n) and
// returns the delta {x}, or bottom if x was already present.
#ifndef GLOMERS_CRDT_GSET_H_
#define GLOMERS_CRDT_GSET_H_

#include <algorithm>
#include <cstddef>
#include <initializer_list>
#include <set>
#include <utility>

#include "glomers/crdt/lattice.h"

namespace glomers::crdt {

template <class T>
class GSet {
 public:
  using value_type = T;
  using const_iterator = typename std::set<T>::const_iterator;

  GSet() = default;
  GSet(std::initializer_list<T> elements) : elements_(elements) {}

  // Adds x; returns the delta that carries the addition.
  GSet insert(T x) {
    auto [it, inserted] = elements_.insert(std::move(x));
    GSet delta;
    if (inserted) delta.elements_.insert(*it);
    return delta;
  }

  void merge(const GSet& other) {
    if (elements_.empty()) {
      elements_ = other.elements_;
      return;
    }
    elements_.insert(other.elements_.begin(), other.elements_.end());
  }

  // The elements of *this that `known` lacks. O(|this| log |known|): cheap
  // for the usual case of a small delta against a large state.
  GSet difference(const GSet& known) const {
    GSet out;
    for (const T& x : elements_) {
      if (!known.elements_.contains(x)) out.elements_.insert(out.elements_.end(), x);
    }
    return out;
  }

  bool contains(const T& x) const { return elements_.contains(x); }
  std::size_t size() const { return elements_.size(); }
  bool empty() const { return elements_.empty(); }
  const std::set<T>& elements() const { return elements_; }
  const_iterator begin() const { return elements_.begin(); }
  const_iterator end() const { return elements_.end(); }

  friend bool operator==(const GSet&, const GSet&) = default;
  friend bool operator<=(const GSet& a, const GSet& b) {
    return std::includes(b.elements_.begin(), b.elements_.end(),
                         a.elements_.begin(), a.elements_.end());
  }

 private:
  std::set<T> elements_;
};

}  // namespace glomers::crdt

#endif  // GLOMERS_CRDT_GSET_H_
