#include "workloads/kafka_checker.h"

#include <algorithm>
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "workloads/model_support.h"

namespace glomers::workloads {
namespace {

using Offset = std::int64_t;
using KeyOffset = std::pair<std::string, Offset>;

bool IsPair(const Json& p) {
  return p.is_array() && p.size() == 2 && p[0].is_number_integer();
}

// The polled (offset, msg) pairs of a poll's ok value, per key, in order.
std::vector<std::pair<std::string, std::vector<std::pair<Offset, Json>>>> Polled(const Json& value) {
  std::vector<std::pair<std::string, std::vector<std::pair<Offset, Json>>>> out;
  if (!value.is_object()) return out;
  auto msgs = value.find("msgs");
  if (msgs == value.end() || !msgs->is_object()) return out;
  for (const auto& [key, pairs] : msgs->items()) {
    std::vector<std::pair<Offset, Json>> list;
    if (pairs.is_array()) {
      for (const Json& p : pairs) {
        if (IsPair(p)) list.emplace_back(p[0].get<Offset>(), p[1]);
      }
    }
    out.emplace_back(key, std::move(list));
  }
  return out;
}

struct Send {
  std::string key;
  Json msg;
  Offset offset;
  std::int64_t process;
  std::int64_t index;
};

bool AsSend(const bench::Op& op, Send* s) {
  if (!op.is_ok() || op.f != "send" || !op.value.is_array() || op.value.size() != 3 ||
      !op.value[0].is_string() || !op.value[2].is_number_integer()) {
    return false;
  }
  *s = Send{op.value[0].get<std::string>(), op.value[1], op.value[2].get<Offset>(), op.process,
            op.index};
  return true;
}

}  // namespace

bench::CheckResult CheckKafka(const bench::History& history) {
  // 1. Who is at each offset, and where each msg is.
  std::map<KeyOffset, Json> at;
  std::map<std::string, std::set<KeyOffset>, std::less<>> where;  // by msg's dump
  Finding inconsistent, duplicates;
  std::map<std::string, std::int64_t> first_polled_at;  // by msg's dump: when a poll first returned it
  std::map<std::string, Offset> max_polled;  // per key
  bool final_polls = false;
  std::int64_t acked_sends = 0;
  auto note = [&](const std::string& key, Offset offset, const Json& msg) {
    auto [it, fresh] = at.emplace(KeyOffset{key, offset}, msg);
    if (!fresh && it->second != msg) {
      inconsistent.Add({{"key", key}, {"offset", offset}, {"msgs", {it->second, msg}}});
    }
    where[msg.dump()].insert({key, offset});
  };
  for (const bench::Op& op : history) {
    Send s;
    if (AsSend(op, &s)) {
      ++acked_sends;
      note(s.key, s.offset, s.msg);
    } else if (op.is_ok() && op.f == "poll") {
      if (op.final) final_polls = true;
      for (const auto& [key, list] : Polled(op.value)) {
        for (const auto& [offset, msg] : list) {
          note(key, offset, msg);
          first_polled_at.emplace(msg.dump(), op.time);
          auto [m, fresh] = max_polled.emplace(key, offset);
          if (!fresh) m->second = std::max(m->second, offset);
        }
      }
    }
  }
  for (const auto& [msg, places] : where) {
    if (places.size() > 1) {
      Json offsets = Json::array();
      for (const auto& [key, offset] : places) offsets.push_back({key, offset});
      duplicates.Add({{"msg", Json::parse(msg)}, {"at", offsets}});
    }
  }

  // 2. Each key's order of offsets.
  std::map<std::string, std::vector<Offset>> order;
  for (const auto& [ko, msg] : at) order[ko.first].push_back(ko.second);  // sorted already
  auto index_of = [&](const std::string& key, Offset offset) {
    const auto& v = order[key];
    return static_cast<std::int64_t>(std::lower_bound(v.begin(), v.end(), offset) - v.begin());
  };

  // 3. Per process: polls go forward one offset at a time; sends never
  //    fall below what the process saw.
  Finding skips, nonmonotonic_polls, nonmonotonic_sends;
  std::map<std::pair<std::int64_t, std::string>, Offset> last_polled, max_seen;
  for (const bench::Op& op : history) {
    Send s;
    if (AsSend(op, &s)) {
      auto seen = max_seen.find({s.process, s.key});
      if (seen != max_seen.end() && s.offset < seen->second) {
        nonmonotonic_sends.Add({{"process", s.process}, {"key", s.key}, {"offset", s.offset},
                                {"after", seen->second}, {"op_index", s.index}});
      }
      auto& m = max_seen[{s.process, s.key}];
      m = std::max(m, s.offset);
      continue;
    }
    if (!op.is_ok() || op.f != "poll") continue;
    for (const auto& [key, list] : Polled(op.value)) {
      for (const auto& [offset, msg] : list) {
        auto last = last_polled.find({op.process, key});
        if (last != last_polled.end()) {
          const std::int64_t step = index_of(key, offset) - index_of(key, last->second);
          if (step <= 0) {
            nonmonotonic_polls.Add({{"process", op.process}, {"key", key}, {"offset", offset},
                                    {"after", last->second}, {"op_index", op.index}});
          } else if (step > 1) {
            const auto& v = order[key];
            Json missed = Json::array();
            for (auto i = index_of(key, last->second) + 1; i < index_of(key, offset); ++i) {
              missed.push_back(v[static_cast<std::size_t>(i)]);
            }
            skips.Add({{"process", op.process}, {"key", key}, {"from", last->second},
                       {"to", offset}, {"skipped", missed}, {"op_index", op.index}});
          }
        }
        last_polled[{op.process, key}] = offset;
        auto& m = max_seen[{op.process, key}];
        m = std::max(m, offset);
      }
    }
  }

  // 4. Per acknowledged send: how long until a poll, by any process,
  //    first returned it (from the send's invocation); or, never polled,
  //    whether it is lost or unseen.
  const std::vector<std::int64_t> partner = history.Pairs();
  std::vector<std::int64_t> visibility_ms;
  Finding lost, unseen;
  for (const bench::Op& op : history) {
    Send s;
    if (!AsSend(op, &s)) continue;
    if (auto polled = first_polled_at.find(s.msg.dump()); polled != first_polled_at.end()) {
      const std::int64_t invoked = partner[static_cast<std::size_t>(op.index)];
      if (invoked >= 0) {
        const std::int64_t from = history[static_cast<std::size_t>(invoked)].time;
        visibility_ms.push_back(std::max<std::int64_t>(0, polled->second - from) / 1'000'000);
      }
      continue;
    }
    Json example = {{"key", s.key}, {"offset", s.offset}, {"msg", s.msg}, {"op_index", s.index}};
    auto m = max_polled.find(s.key);
    if (m != max_polled.end() && m->second > s.offset) {
      lost.Add(std::move(example));
    } else {
      unseen.Add(std::move(example));
    }
  }

  bench::CheckResult r;
  auto put = [&](const char* name, const Finding& f) {
    r.detail[std::string(name) + "_count"] = f.count;
    if (f.count > 0) r.detail[name] = f.examples;
  };
  r.detail["acknowledged_sends"] = acked_sends;
  r.detail["polled_messages"] = first_polled_at.size();
  r.detail["final_polls"] = final_polls;
  if (!visibility_ms.empty()) r.detail["visibility_latencies"] = IntQuantiles(std::move(visibility_ms));
  put("inconsistent_offsets", inconsistent);
  put("duplicates", duplicates);
  put("poll_skips", skips);
  put("nonmonotonic_polls", nonmonotonic_polls);
  put("nonmonotonic_sends", nonmonotonic_sends);
  put("lost", lost);
  put("unseen", unseen);
  const bool bad = inconsistent.count + duplicates.count + skips.count +
                       nonmonotonic_polls.count + nonmonotonic_sends.count + lost.count >
                   0 || (final_polls && unseen.count > 0);
  if (bad) {
    r.valid = bench::Validity::kInvalid;
  } else if (acked_sends == 0) {
    r.valid = bench::Validity::kUnknown;
  }
  return r;
}

}  // namespace glomers::workloads
