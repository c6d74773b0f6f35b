#include "bench/history.h"

#include <unordered_map>

namespace glomers::bench {

std::string_view OpTypeName(OpType type) {
  switch (type) {
    case OpType::kInvoke: return "invoke";
    case OpType::kOk: return "ok";
    case OpType::kFail: return "fail";
    case OpType::kInfo: return "info";
  }
  return "?";
}

const Op& History::Add(Op op) {
  op.index = static_cast<std::int64_t>(ops_.size());
  ops_.push_back(std::move(op));
  return ops_.back();
}

std::vector<std::int64_t> History::Pairs() const {
  std::vector<std::int64_t> pairs(ops_.size(), -1);
  std::unordered_map<std::int64_t, std::int64_t> open;  // process -> invocation index
  for (const Op& op : ops_) {
    if (op.is_invoke()) {
      open[op.process] = op.index;
    } else if (auto it = open.find(op.process); it != open.end()) {
      pairs[static_cast<std::size_t>(op.index)] = it->second;
      pairs[static_cast<std::size_t>(it->second)] = op.index;
      open.erase(it);
    }
  }
  return pairs;
}

std::int64_t History::InvokeCount() const {
  std::int64_t n = 0;
  for (const Op& op : ops_) n += op.is_invoke();
  return n;
}

Json History::OpToJson(const Op& op) {
  Json j = {{"index", op.index}, {"time", op.time},    {"type", OpTypeName(op.type)},
            {"process", op.process}, {"f", op.f},      {"value", op.value},
            {"node", op.node}};
  if (op.final) j["final"] = true;
  if (!op.error.empty()) j["error"] = op.error;
  return j;
}

Op History::OpFromJson(const Json& j) {
  Op op;
  op.index = j.at("index").get<std::int64_t>();
  op.time = j.at("time").get<std::int64_t>();
  const std::string type = j.at("type").get<std::string>();
  op.type = type == "ok" ? OpType::kOk : type == "fail" ? OpType::kFail
          : type == "info" ? OpType::kInfo : OpType::kInvoke;
  op.process = j.at("process").get<std::int64_t>();
  op.f = j.at("f").get<std::string>();
  op.value = j.value("value", Json());
  op.final = j.value("final", false);
  op.error = j.value("error", std::string());
  op.node = j.value("node", std::string());
  return op;
}

Json History::ToJson() const {
  Json out = Json::array();
  for (const Op& op : ops_) out.push_back(OpToJson(op));
  return out;
}

}  // namespace glomers::bench
