// Test helper: builds synthetic histories for the checker tests. Each
// completion closes its process's open invocation and copies its f and
// final flag, as the bench does.
#ifndef GLOMERS_WORKLOADS_MODEL_TEST_HISTORY_H_
#define GLOMERS_WORKLOADS_MODEL_TEST_HISTORY_H_

#include <cstdint>
#include <map>
#include <string>
#include <utility>

#include "bench/history.h"

namespace glomers::workloads {

constexpr std::int64_t Ms(double ms) { return static_cast<std::int64_t>(ms * 1e6); }

class HistoryBuilder {
 public:
  // Returns the op's index.
  std::int64_t Invoke(std::int64_t process, std::string f, Json value, std::int64_t time,
                      bool final = false) {
    bench::Op op;
    op.type = bench::OpType::kInvoke;
    op.process = process;
    op.f = std::move(f);
    op.value = std::move(value);
    op.time = time;
    op.final = final;
    op.node = "n" + std::to_string(process % 5);
    open_[process] = op;
    return history_.Add(std::move(op)).index;
  }
  std::int64_t Ok(std::int64_t process, Json value, std::int64_t time) {
    return Complete(process, bench::OpType::kOk, std::move(value), time);
  }
  // fail and info keep the invocation's value, as Jepsen's clients do.
  std::int64_t Fail(std::int64_t process, std::int64_t time) {
    return Complete(process, bench::OpType::kFail, open_.at(process).value, time);
  }
  std::int64_t Info(std::int64_t process, std::int64_t time) {
    return Complete(process, bench::OpType::kInfo, open_.at(process).value, time);
  }

  const bench::History& history() const { return history_; }

 private:
  std::int64_t Complete(std::int64_t process, bench::OpType type, Json value, std::int64_t time) {
    bench::Op op = open_.at(process);
    open_.erase(process);
    op.type = type;
    op.value = std::move(value);
    op.time = time;
    if (type != bench::OpType::kOk) op.error = "timeout";
    return history_.Add(std::move(op)).index;
  }

  bench::History history_;
  std::map<std::int64_t, bench::Op> open_;
};

}  // namespace glomers::workloads

#endif  // GLOMERS_WORKLOADS_MODEL_TEST_HISTORY_H_
