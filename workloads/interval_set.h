// IntervalSet: a set of 64-bit integers kept as sorted, disjoint closed
// intervals with gaps between them, so [1, 2] and [3, 5] are stored as
// [1, 5]. The counter checker uses it to hold every sum that some subset of
// the indefinite adds could produce.
//
// A value type; not thread-safe. Sums must not overflow int64.
#ifndef GLOMERS_WORKLOADS_INTERVAL_SET_H_
#define GLOMERS_WORKLOADS_INTERVAL_SET_H_

#include <cstdint>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace glomers::workloads {

class IntervalSet {
 public:
  using Interval = std::pair<std::int64_t, std::int64_t>;  // [lo, hi], lo <= hi

  IntervalSet() = default;

  // Inserts [lo, hi] (nothing when lo > hi). O(intervals).
  void Add(std::int64_t lo, std::int64_t hi);
  // Sets *this to *this ∪ {x + delta : x ∈ *this}: every sum so far, with or
  // without one more add of `delta`. O(intervals).
  void AddOptional(std::int64_t delta);
  // O(log intervals).
  bool Contains(std::int64_t x) const;

  const std::vector<Interval>& intervals() const { return intervals_; }
  // [[lo, hi], ...]
  nlohmann::json ToJson() const;

 private:
  // Merges two sorted interval lists into a normalised one.
  static std::vector<Interval> Union(const std::vector<Interval>& a, const std::vector<Interval>& b);

  std::vector<Interval> intervals_;
};

}  // namespace glomers::workloads

#endif  // GLOMERS_WORKLOADS_INTERVAL_SET_H_
