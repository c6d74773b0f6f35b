// Hybrid logical clock stamps (Kulkarni et al., 2014, simplified to one
// integer): a stamp is (time, replica). A clock issues stamps that follow
// physical time when it moves and stay strictly increasing when it does not,
// and that exceed every stamp the clock has observed. Distinct replicas
// never issue equal stamps, so stamps totally order all writes.
#ifndef GLOMERS_CRDT_HLC_H_
#define GLOMERS_CRDT_HLC_H_

#include <algorithm>
#include <compare>
#include <cstdint>

namespace glomers::crdt {

struct Stamp {
  std::int64_t time = 0;  // microseconds, or beyond them when events outrun the clock
  std::int64_t replica = 0;
  friend auto operator<=>(const Stamp&, const Stamp&) = default;
};

class HybridClock {
 public:
  explicit HybridClock(std::int64_t replica) : replica_(replica) {}

  // A stamp above every stamp issued or observed, near `physical_now`.
  Stamp Next(std::int64_t physical_now) {
    last_ = std::max(last_ + 1, physical_now);
    return Stamp{last_, replica_};
  }
  // Remembers a stamp seen elsewhere, so later stamps exceed it.
  void Observe(const Stamp& s) { last_ = std::max(last_, s.time); }

 private:
  std::int64_t replica_;
  std::int64_t last_ = 0;
};

}  // namespace glomers::crdt

#endif  // GLOMERS_CRDT_HLC_H_
