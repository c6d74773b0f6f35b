#include "workloads/unique_ids_checker.h"

#include <algorithm>
#include <map>
#include <utility>
#include <vector>

namespace glomers::workloads {

namespace {
constexpr std::size_t kDuplicatesShown = 48;
}  // namespace

bench::CheckResult CheckUniqueIds(const bench::History& history) {
  std::int64_t attempted = 0;
  std::int64_t acknowledged = 0;
  std::map<Json, std::int64_t> counts;
  for (const bench::Op& op : history) {
    if (op.f != "generate") continue;
    if (op.is_invoke()) ++attempted;
    if (op.is_ok()) {
      ++acknowledged;
      ++counts[op.value];
    }
  }

  std::vector<std::pair<Json, std::int64_t>> duplicated;
  for (const auto& [id, n] : counts) {
    if (n > 1) duplicated.emplace_back(id, n);
  }
  const std::size_t duplicated_count = duplicated.size();
  // Keep the most repeated; stable_sort leaves ties in id order.
  std::stable_sort(duplicated.begin(), duplicated.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  if (duplicated.size() > kDuplicatesShown) duplicated.resize(kDuplicatesShown);
  std::sort(duplicated.begin(), duplicated.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });

  Json shown = Json::array();
  for (auto& [id, n] : duplicated) shown.push_back(Json::array({std::move(id), n}));

  bench::CheckResult result;
  result.valid = duplicated_count == 0 ? bench::Validity::kValid : bench::Validity::kInvalid;
  result.detail = {
      {"attempted_count", attempted},
      {"acknowledged_count", acknowledged},
      {"duplicated_count", duplicated_count},
      {"duplicated", std::move(shown)},
      {"range", counts.empty() ? Json() : Json::array({counts.begin()->first, counts.rbegin()->first})},
  };
  return result;
}

}  // namespace glomers::workloads
