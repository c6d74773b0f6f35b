// GCounter: a grow-only counter. Each replica owns one entry and only ever
// raises it; the value is the sum of the entries. Join takes the per-replica
// maximum; the order is pointwise.
//
// Replica ids are any totally ordered key type (std::string by default, the
// node ids of a cluster). increment() is O(log r) for r replicas and returns
// the delta {replica: new entry}. Counts are unsigned 64-bit; increments that
// would overflow saturate at the maximum rather than wrap, so the entry stays
// monotone.
#ifndef GLOMERS_CRDT_GCOUNTER_H_
#define GLOMERS_CRDT_GCOUNTER_H_

#include <cstdint>
#include <limits>
#include <map>
#include <string>

#include "glomers/crdt/lattice.h"

namespace glomers::crdt {

template <class ReplicaId = std::string>
class BasicGCounter {
 public:
  using Entries = std::map<ReplicaId, std::uint64_t>;

  BasicGCounter() = default;

  // Adds n to `replica`'s entry; returns the delta that carries the change
  // (bottom when nothing changes: n == 0, or the entry is already saturated).
  BasicGCounter increment(const ReplicaId& replica, std::uint64_t n = 1) {
    BasicGCounter delta;
    const std::uint64_t before = entry(replica);
    const std::uint64_t room = std::numeric_limits<std::uint64_t>::max() - before;
    const std::uint64_t step = n < room ? n : room;
    if (step == 0) return delta;
    entries_[replica] = before + step;
    delta.entries_.emplace(replica, before + step);
    return delta;
  }

  void merge(const BasicGCounter& other) {
    for (const auto& [replica, count] : other.entries_) {
      std::uint64_t& entry = entries_[replica];
      if (count > entry) entry = count;
    }
  }

  // The entries of *this that are ahead of `known`.
  BasicGCounter difference(const BasicGCounter& known) const {
    BasicGCounter out;
    for (const auto& [replica, count] : entries_) {
      if (count > known.entry(replica)) out.entries_.emplace(replica, count);
    }
    return out;
  }

  // The sum of all entries (wraps only past 2^64 increments in total).
  std::uint64_t value() const {
    std::uint64_t sum = 0;
    for (const auto& [replica, count] : entries_) sum += count;
    return sum;
  }

  std::uint64_t entry(const ReplicaId& replica) const {
    auto it = entries_.find(replica);
    return it == entries_.end() ? 0 : it->second;
  }

  const Entries& entries() const { return entries_; }
  bool empty() const { return entries_.empty(); }

  // Sets an entry directly; for decoding. Zero entries are not stored, so
  // that equal counters have equal representations.
  void set_entry(const ReplicaId& replica, std::uint64_t count) {
    if (count == 0) {
      entries_.erase(replica);
    } else {
      entries_[replica] = count;
    }
  }

  friend bool operator==(const BasicGCounter&, const BasicGCounter&) = default;
  friend bool operator<=(const BasicGCounter& a, const BasicGCounter& b) {
    for (const auto& [replica, count] : a.entries_) {
      if (count > b.entry(replica)) return false;
    }
    return true;
  }

 private:
  Entries entries_;
};

using GCounter = BasicGCounter<std::string>;

}  // namespace glomers::crdt

#endif  // GLOMERS_CRDT_GCOUNTER_H_
