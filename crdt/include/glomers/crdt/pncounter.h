// PNCounter: a counter that goes up and down, as a pair of GCounters (the
// increments and the decrements). Join is the pairwise join; the value is
// their difference.
#ifndef GLOMERS_CRDT_PNCOUNTER_H_
#define GLOMERS_CRDT_PNCOUNTER_H_

#include <cstdint>
#include <string>
#include <utility>

#include "glomers/crdt/gcounter.h"
#include "glomers/crdt/lattice.h"

namespace glomers::crdt {

template <class ReplicaId = std::string>
class BasicPNCounter {
 public:
  using Counter = BasicGCounter<ReplicaId>;

  BasicPNCounter() = default;
  BasicPNCounter(Counter increments, Counter decrements)
      : increments_(std::move(increments)), decrements_(std::move(decrements)) {}

  // Adds n (which may be negative) to the counter on behalf of `replica`;
  // returns the delta.
  BasicPNCounter add(const ReplicaId& replica, std::int64_t n) {
    BasicPNCounter delta;
    if (n > 0) {
      delta.increments_ = increments_.increment(replica, static_cast<std::uint64_t>(n));
    } else if (n < 0) {
      // -(n+1)+1 avoids overflow at INT64_MIN.
      delta.decrements_ = decrements_.increment(
          replica, static_cast<std::uint64_t>(-(n + 1)) + 1);
    }
    return delta;
  }

  void merge(const BasicPNCounter& other) {
    increments_.merge(other.increments_);
    decrements_.merge(other.decrements_);
  }

  BasicPNCounter difference(const BasicPNCounter& known) const {
    return BasicPNCounter(increments_.difference(known.increments_),
                          decrements_.difference(known.decrements_));
  }

  // Increments minus decrements, in two's-complement arithmetic.
  std::int64_t value() const {
    return static_cast<std::int64_t>(increments_.value() - decrements_.value());
  }

  const Counter& increments() const { return increments_; }
  const Counter& decrements() const { return decrements_; }
  bool empty() const { return increments_.empty() && decrements_.empty(); }

  friend bool operator==(const BasicPNCounter&, const BasicPNCounter&) = default;
  friend bool operator<=(const BasicPNCounter& a, const BasicPNCounter& b) {
    return a.increments_ <= b.increments_ && a.decrements_ <= b.decrements_;
  }

 private:
  Counter increments_;
  Counter decrements_;
};

using PNCounter = BasicPNCounter<std::string>;

}  // namespace glomers::crdt

#endif  // GLOMERS_CRDT_PNCOUNTER_H_
