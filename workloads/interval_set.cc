#include "workloads/interval_set.h"

#include <algorithm>

namespace glomers::workloads {

std::vector<IntervalSet::Interval> IntervalSet::Union(const std::vector<Interval>& a,
                                                      const std::vector<Interval>& b) {
  std::vector<Interval> out;
  out.reserve(a.size() + b.size());
  auto take = [&out](const Interval& next) {
    // Touching integer intervals ([1, 2] and [3, 4]) join as well.
    if (!out.empty() && next.first <= out.back().second + 1) {
      out.back().second = std::max(out.back().second, next.second);
    } else {
      out.push_back(next);
    }
  };
  auto i = a.begin(), j = b.begin();
  while (i != a.end() || j != b.end()) {
    if (j == b.end() || (i != a.end() && i->first <= j->first)) {
      take(*i++);
    } else {
      take(*j++);
    }
  }
  return out;
}

void IntervalSet::Add(std::int64_t lo, std::int64_t hi) {
  if (lo > hi) return;
  intervals_ = Union(intervals_, {{lo, hi}});
}

void IntervalSet::AddOptional(std::int64_t delta) {
  if (delta == 0) return;
  std::vector<Interval> shifted = intervals_;
  for (Interval& r : shifted) {
    r.first += delta;
    r.second += delta;
  }
  intervals_ = Union(intervals_, shifted);
}

bool IntervalSet::Contains(std::int64_t x) const {
  // The first interval starting after x; x can only be in the one before.
  auto after = std::upper_bound(intervals_.begin(), intervals_.end(), x,
                                [](std::int64_t v, const Interval& r) { return v < r.first; });
  return after != intervals_.begin() && x <= std::prev(after)->second;
}

nlohmann::json IntervalSet::ToJson() const {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& [lo, hi] : intervals_) out.push_back({lo, hi});
  return out;
}

}  // namespace glomers::workloads
