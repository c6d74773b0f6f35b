// LwwMap<K, V>: a map of last-writer-wins registers. Each value carries the
// Stamp of its write; join keeps, per key, the value with the larger stamp.
// With stamps from HybridClock (unique per write) the join is deterministic.
//
// assign() writes several keys under one stamp and returns them as one
// delta, so a transaction's writes travel, and are merged, as a unit.
#ifndef GLOMERS_CRDT_LWW_MAP_H_
#define GLOMERS_CRDT_LWW_MAP_H_

#include <map>
#include <utility>

#include "glomers/crdt/hlc.h"
#include "glomers/crdt/lattice.h"

namespace glomers::crdt {

template <class K, class V>
class LwwMap {
 public:
  struct Versioned {
    Stamp stamp;
    V value{};
    friend bool operator==(const Versioned&, const Versioned&) = default;
  };
  using Entries = std::map<K, Versioned>;

  LwwMap() = default;

  // Writes every (key, value) of `writes` under `stamp`; returns the delta
  // of those that won (bottom if none did).
  template <class Writes>
  LwwMap assign(const Writes& writes, const Stamp& stamp) {
    LwwMap delta;
    for (const auto& [k, v] : writes) {
      if (Put(k, Versioned{stamp, v})) delta.entries_.insert_or_assign(k, Versioned{stamp, v});
    }
    return delta;
  }

  void merge(const LwwMap& other) {
    for (const auto& [k, v] : other.entries_) Put(k, v);
  }

  // Entries of *this newer than those of `known`.
  LwwMap difference(const LwwMap& known) const {
    LwwMap out;
    for (const auto& [k, v] : entries_) {
      auto it = known.entries_.find(k);
      if (it == known.entries_.end() || Wins(v, it->second)) out.entries_.emplace(k, v);
    }
    return out;
  }

  const Versioned* find(const K& k) const {
    auto it = entries_.find(k);
    return it == entries_.end() ? nullptr : &it->second;
  }
  const Entries& entries() const { return entries_; }
  bool empty() const { return entries_.empty(); }
  // For decoding.
  void put(const K& k, Versioned v) { Put(k, std::move(v)); }

  friend bool operator==(const LwwMap&, const LwwMap&) = default;
  friend bool operator<=(const LwwMap& a, const LwwMap& b) {
    for (const auto& [k, v] : a.entries_) {
      auto it = b.entries_.find(k);
      if (it == b.entries_.end() || Wins(v, it->second)) return false;
    }
    return true;
  }

 private:
  // Equal stamps never carry different values between correct replicas;
  // should they, the larger value wins so that merge stays a join.
  static bool Wins(const Versioned& a, const Versioned& b) {
    if (a.stamp != b.stamp) return b.stamp < a.stamp;
    return b.value < a.value;
  }

  bool Put(const K& k, Versioned v) {
    auto [it, inserted] = entries_.try_emplace(k, v);
    if (inserted) return true;
    if (!Wins(v, it->second)) return false;
    it->second = std::move(v);
    return true;
  }

  Entries entries_;
};

}  // namespace glomers::crdt

#endif  // GLOMERS_CRDT_LWW_MAP_H_
