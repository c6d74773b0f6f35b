#include "workloads/set_full_checker.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <unordered_map>
#include <utility>
#include <vector>

#include "workloads/json_hash.h"
#include "workloads/model_support.h"

namespace glomers::workloads {
namespace {

using bench::Op;

constexpr std::size_t kWorstShown = 8;

struct Element {
  Json value;
  const Op* known = nullptr;         // see the header
  const Op* last_present = nullptr;  // a read invocation
  const Op* last_absent = nullptr;   // a read invocation
};

enum class Outcome { kStable, kLost, kNeverRead };

struct Verdict {
  Outcome outcome = Outcome::kNeverRead;
  std::int64_t latency_ms = 0;  // stable or lost latency, by outcome
};

// Jepsen: nanos->ms then long, of a non-negative number.
std::int64_t Millis(std::int64_t nanos) { return std::max<std::int64_t>(0, nanos) / 1'000'000; }

Verdict Judge(const Element& e) {
  const std::int64_t present = e.last_present ? e.last_present->index : -1;
  const std::int64_t absent = e.last_absent ? e.last_absent->index : -1;
  if (e.last_present != nullptr && absent < present) {
    // A present read sets known, so it is set here.
    const std::int64_t stable_time = e.last_absent ? e.last_absent->time + 1 : 0;
    return {Outcome::kStable, Millis(stable_time - e.known->time)};
  }
  if (e.known != nullptr && e.last_absent != nullptr && present < absent &&
      e.known->index < absent) {
    const std::int64_t lost_time = e.last_present ? e.last_present->time + 1 : 0;
    return {Outcome::kLost, Millis(lost_time - e.known->time)};
  }
  return {Outcome::kNeverRead, 0};
}


// An operation named without its (possibly huge) value.
Json OpRef(const Op* op) {
  if (op == nullptr) return nullptr;
  return {{"index", op->index}, {"time", op->time},       {"type", bench::OpTypeName(op->type)},
          {"f", op->f},         {"process", op->process}, {"node", op->node}};
}

}  // namespace

bench::CheckResult CheckSetFull(const bench::History& history, std::string_view add_f,
                                std::vector<std::int64_t>* stable_latencies_ms) {
  const std::vector<std::int64_t> pairs = history.Pairs();
  std::unordered_map<Json, std::size_t, JsonHash> ids;  // element -> index in `elements`
  std::vector<Element> elements;
  std::vector<std::int64_t> last_read_seen;  // per element: the last read number containing it
  std::map<Json, std::int64_t> duplicated;   // element -> most copies in one read
  std::int64_t read_number = 0;

  for (const Op& op : history) {
    if (op.f == add_f) {
      if (op.is_invoke()) {
        auto [it, inserted] = ids.try_emplace(op.value, elements.size());
        if (inserted) {
          elements.push_back(Element{op.value});
          last_read_seen.push_back(-1);
        } else {
          elements[it->second] = Element{op.value};  // re-added: start over, as Jepsen does
        }
      } else if (op.is_ok()) {
        const std::int64_t inv = pairs[static_cast<std::size_t>(op.index)];
        const Json& value = inv < 0 ? op.value : history[static_cast<std::size_t>(inv)].value;
        if (auto it = ids.find(value); it != ids.end() && elements[it->second].known == nullptr) {
          elements[it->second].known = &op;
        }
      }
      continue;
    }
    if (op.f != "read" || !op.is_ok() || !op.value.is_array()) continue;
    const std::int64_t inv = pairs[static_cast<std::size_t>(op.index)];
    if (inv < 0) continue;
    const Op& invocation = history[static_cast<std::size_t>(inv)];
    ++read_number;

    std::map<Json, std::int64_t> copies;  // only elements this read repeats
    std::map<Json, std::int64_t> untracked;
    for (const Json& v : op.value) {
      auto it = ids.find(v);
      if (it == ids.end()) {
        ++untracked[v];
      } else if (last_read_seen[it->second] == read_number) {
        ++copies.try_emplace(v, 1).first->second;
      } else {
        last_read_seen[it->second] = read_number;
      }
    }
    for (const auto& [v, n] : untracked) {
      if (n > 1) copies.emplace(v, n);
    }
    for (const auto& [v, n] : copies) {
      std::int64_t& most = duplicated[v];
      most = std::max(most, n);
    }

    for (std::size_t id = 0; id < elements.size(); ++id) {
      Element& e = elements[id];
      if (last_read_seen[id] == read_number) {
        if (e.known == nullptr) e.known = &op;
        if (e.last_present == nullptr || e.last_present->index < invocation.index) {
          e.last_present = &invocation;
        }
      } else if (e.last_absent == nullptr || e.last_absent->index < invocation.index) {
        e.last_absent = &invocation;
      }
    }
  }

  // Judge elements in element order, which orders every list below.
  std::vector<std::size_t> order(elements.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(),
            [&](std::size_t a, std::size_t b) { return elements[a].value < elements[b].value; });
  Json lost = Json::array(), never_read = Json::array(), stale = Json::array();
  Json lost_details = Json::array();
  std::vector<std::pair<std::int64_t, const Element*>> stale_elements;
  std::vector<std::int64_t> stable_latencies, lost_latencies;
  for (const std::size_t id : order) {
    const Element& e = elements[id];
    const Json& value = e.value;
    const Verdict v = Judge(e);
    switch (v.outcome) {
      case Outcome::kStable:
        stable_latencies.push_back(v.latency_ms);
        if (v.latency_ms > 0) {
          stale.push_back(value);
          stale_elements.emplace_back(v.latency_ms, &e);
        }
        break;
      case Outcome::kLost:
        lost_latencies.push_back(v.latency_ms);
        lost.push_back(value);
        if (lost_details.size() < kWorstShown) {
          lost_details.push_back({{"element", value},
                                  {"lost_latency", v.latency_ms},
                                  {"known", OpRef(e.known)},
                                  {"last_present", OpRef(e.last_present)},
                                  {"last_absent", OpRef(e.last_absent)}});
        }
        break;
      case Outcome::kNeverRead:
        never_read.push_back(value);
        break;
    }
  }

  // Jepsen sorts by latency and reverses: the stalest first, and among equal
  // latencies the greater element first.
  std::stable_sort(stale_elements.begin(), stale_elements.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  std::reverse(stale_elements.begin(), stale_elements.end());
  Json worst_stale = Json::array();
  for (std::size_t i = 0; i < stale_elements.size() && i < kWorstShown; ++i) {
    const auto& [latency, e] = stale_elements[i];
    worst_stale.push_back({{"element", e->value},
                           {"outcome", "stable"},
                           {"stable_latency", latency},
                           {"known", OpRef(e->known)},
                           {"last_absent", OpRef(e->last_absent)}});
  }

  Json dup_list = Json::array();
  for (const auto& [v, n] : duplicated) dup_list.push_back(Json::array({v, n}));

  bench::CheckResult result;
  if (!lost.empty()) {
    result.valid = bench::Validity::kInvalid;
  } else if (stable_latencies.empty()) {
    result.valid = bench::Validity::kUnknown;
  }
  if (stable_latencies_ms != nullptr) *stable_latencies_ms = stable_latencies;
  Json& d = result.detail;
  d["attempt_count"] = elements.size();
  d["stable_count"] = stable_latencies.size();
  d["lost_count"] = lost.size();
  d["lost"] = std::move(lost);
  d["never_read_count"] = never_read.size();
  d["never_read"] = std::move(never_read);
  d["stale_count"] = stale.size();
  d["stale"] = std::move(stale);
  d["worst_stale"] = std::move(worst_stale);
  if (!stable_latencies.empty()) d["stable_latencies"] = IntQuantiles(std::move(stable_latencies));
  if (!lost_latencies.empty()) d["lost_latencies"] = IntQuantiles(std::move(lost_latencies));
  d["lost_details"] = std::move(lost_details);
  d["duplicated_count"] = duplicated.size();
  d["duplicated"] = std::move(dup_list);
  return result;
}

}  // namespace glomers::workloads
