// MaxMap<K, V>: a map whose every entry is a max-register. Join takes the
// larger value per key; the order is pointwise (a missing key is below every
// value). Kafka's committed offsets are one.
//
// V must be totally ordered by operator<. raise() is O(log n) and returns
// the delta {k: v}, or bottom when v does not exceed the current value.
#ifndef GLOMERS_CRDT_MAX_MAP_H_
#define GLOMERS_CRDT_MAX_MAP_H_

#include <map>
#include <optional>
#include <utility>

#include "glomers/crdt/lattice.h"

namespace glomers::crdt {

template <class K, class V>
class MaxMap {
 public:
  using Entries = std::map<K, V>;

  MaxMap() = default;

  // Raises key k to at least v; returns the delta.
  MaxMap raise(const K& k, const V& v) {
    MaxMap delta;
    auto [it, inserted] = entries_.try_emplace(k, v);
    if (!inserted) {
      if (!(it->second < v)) return delta;
      it->second = v;
    }
    delta.entries_.emplace(k, v);
    return delta;
  }

  void merge(const MaxMap& other) {
    for (const auto& [k, v] : other.entries_) {
      auto [it, inserted] = entries_.try_emplace(k, v);
      if (!inserted && it->second < v) it->second = v;
    }
  }

  // The entries of *this above those of `known`.
  MaxMap difference(const MaxMap& known) const {
    MaxMap out;
    for (const auto& [k, v] : entries_) {
      auto it = known.entries_.find(k);
      if (it == known.entries_.end() || it->second < v) out.entries_.emplace(k, v);
    }
    return out;
  }

  std::optional<V> get(const K& k) const {
    auto it = entries_.find(k);
    if (it == entries_.end()) return std::nullopt;
    return it->second;
  }
  const Entries& entries() const { return entries_; }
  bool empty() const { return entries_.empty(); }

  friend bool operator==(const MaxMap&, const MaxMap&) = default;
  friend bool operator<=(const MaxMap& a, const MaxMap& b) {
    for (const auto& [k, v] : a.entries_) {
      auto it = b.entries_.find(k);
      if (it == b.entries_.end() || it->second < v) return false;
    }
    return true;
  }

 private:
  Entries entries_;
};

}  // namespace glomers::crdt

#endif  // GLOMERS_CRDT_MAX_MAP_H_
