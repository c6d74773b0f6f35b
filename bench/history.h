// The history of a bench run: every client operation's invocation and
// completion, in the order the bench saw them, as Jepsen records it.
//
// An operation is invoked by a *process* (a client bound to one node); it
// completes as ok, fail (definitely did not happen) or info (indefinite:
// may or may not have happened). After an info completion the process is
// considered crashed and continues under a new id (process + concurrency),
// as in Jepsen.
#ifndef GLOMERS_BENCH_HISTORY_H_
#define GLOMERS_BENCH_HISTORY_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace glomers::bench {

using Json = nlohmann::json;

enum class OpType { kInvoke, kOk, kFail, kInfo };
std::string_view OpTypeName(OpType type);  // "invoke", "ok", "fail", "info"

struct Op {
  std::int64_t index = 0;    // position in the history
  std::int64_t time = 0;     // nanoseconds since the test began
  OpType type = OpType::kInvoke;
  std::int64_t process = 0;
  std::string f;             // "broadcast", "read", "add", "send", "txn", ...
  Json value;                // invocation: the argument; completion: the result
  bool final = false;        // performed in the workload's final phase
  std::string error;         // fail/info: why
  std::string node;          // the node the process is bound to

  bool is_invoke() const { return type == OpType::kInvoke; }
  bool is_ok() const { return type == OpType::kOk; }
  bool is_fail() const { return type == OpType::kFail; }
  bool is_info() const { return type == OpType::kInfo; }
};

class History {
 public:
  // Appends, setting op.index.
  const Op& Add(Op op);
  const std::vector<Op>& ops() const { return ops_; }
  std::size_t size() const { return ops_.size(); }
  const Op& operator[](std::size_t i) const { return ops_[i]; }
  auto begin() const { return ops_.begin(); }
  auto end() const { return ops_.end(); }

  // For each op, the index of its partner (an invocation's completion, a
  // completion's invocation), or -1 for an invocation never completed.
  std::vector<std::int64_t> Pairs() const;
  // Client operations invoked (what Maelstrom divides message counts by).
  std::int64_t InvokeCount() const;

  Json ToJson() const;  // an array of op objects, one per op
  static Json OpToJson(const Op& op);
  // The inverse of OpToJson, for histories read back from history.jsonl;
  // throws nlohmann::json::exception on a malformed op.
  static Op OpFromJson(const Json& j);

 private:
  std::vector<Op> ops_;
};

}  // namespace glomers::bench

#endif  // GLOMERS_BENCH_HISTORY_H_
