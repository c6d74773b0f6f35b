#include "workloads/counter_checker.h"

#include "workloads/interval_set.h"

namespace glomers::workloads {

bench::CheckResult CheckCounter(const bench::History& history) {
  const std::vector<std::int64_t> pairs = history.Pairs();
  auto partner = [&](const bench::Op& op) -> const bench::Op* {
    const std::int64_t i = pairs[static_cast<std::size_t>(op.index)];
    return i < 0 ? nullptr : &history[static_cast<std::size_t>(i)];
  };

  std::int64_t definite_sum = 0;
  std::vector<std::int64_t> indefinite;
  for (const bench::Op& op : history) {
    if (op.f != "add" || !op.is_invoke() || !op.value.is_number_integer()) continue;
    const bench::Op* completion = partner(op);
    if (completion != nullptr && completion->is_fail()) continue;
    if (completion != nullptr && completion->is_ok()) {
      definite_sum += op.value.get<std::int64_t>();
    } else {
      indefinite.push_back(op.value.get<std::int64_t>());
    }
  }
  IntervalSet acceptable;
  acceptable.Add(definite_sum, definite_sum);
  for (std::int64_t delta : indefinite) acceptable.AddOptional(delta);

  Json final_reads = Json::array();
  Json errors = Json::array();
  for (const bench::Op& op : history) {
    if (op.f != "read" || !op.is_ok()) continue;
    const bench::Op* invocation = partner(op);
    if (!op.final && (invocation == nullptr || !invocation->final)) continue;
    final_reads.push_back(op.value);
    if (!op.value.is_number_integer() || !acceptable.Contains(op.value.get<std::int64_t>())) {
      errors.push_back(bench::History::OpToJson(op));
    }
  }

  bench::CheckResult result;
  result.valid = errors.empty() ? bench::Validity::kValid : bench::Validity::kInvalid;
  result.detail = {
      {"acceptable", acceptable.ToJson()},
      {"definite_sum", definite_sum},
      {"indefinite_add_count", indefinite.size()},
      {"final_read_count", final_reads.size()},
      {"final_reads", std::move(final_reads)},
      {"errors", std::move(errors)},
  };
  return result;
}

}  // namespace glomers::workloads
