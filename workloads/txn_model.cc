// txn-rw-register (maelstrom/workload/txn_rw_register.clj, with Elle's
// rw-register generator): transactions of 1..--max-txn-length micro-ops,
// each a read ["r", k, null] or a write ["w", k, v] of a key drawn from
// --key-count active keys. Each key's writes take the values 1, 2, 3, ...,
// so a value names the one transaction that wrote it; a key written
// --max-writes-per-key times is retired for a fresh one, keeping the
// version orders short. No final phase. Checked by CheckTxn against
// --consistency-models.
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "workloads/model_support.h"
#include "workloads/txn_checker.h"

namespace glomers::workloads {
namespace {

constexpr int kDefaultTxnKeys = 10;

// Whether `done` fits txn_ok's schema: a list of ["r", k, v] or ["w", k, v]
// micro-ops. Maelstrom's client takes such a list verbatim (another order,
// other keys, other lengths than requested), so we do too; the checker
// judges what it claims.
bool TxnReplyFits(const Json& done) {
  if (!done.is_array()) return false;
  for (const Json& m : done) {
    if (!m.is_array() || m.size() != 3 || !m[0].is_string()) return false;
    if (m[0] != "r" && m[0] != "w") return false;
  }
  return true;
}

class TxnClient : public bench::Client {
 public:
  void Invoke(const bench::Invocation& op, bench::ClientIO& io) override {
    bool read_only = true;
    for (const Json& m : op.value) read_only = read_only && m[0] == "r";
    CallAndComplete(io, op, {{"type", "txn"}, {"txn", op.value}}, "txn_ok", {"txn"},
                    read_only ? OnError::kFail : OnError::kFailIfDefinite,
                    [&io, op](const Json& reply) {
                      auto done = reply.find("txn");
                      if (done == reply.end() || !TxnReplyFits(*done)) {
                        return CompleteMalformed(io, op, reply,
                                                 "txn_ok needs a list of [\"r\"|\"w\", k, v]");
                      }
                      io.Complete(bench::OpType::kOk, *done);
                    });
  }
};

class TxnWorkload : public bench::Workload {
 public:
  explicit TxnWorkload(const bench::TestOptions& options)
      : models_(options.consistency_models),
        max_length_(options.max_txn_length),
        max_writes_(options.max_writes_per_key) {
    const int keys = options.key_count > 0 ? options.key_count : kDefaultTxnKeys;
    for (int k = 0; k < keys; ++k) active_.push_back(next_key_++);
  }

  std::unique_ptr<bench::Client> NewClient(std::int64_t) override {
    return std::make_unique<TxnClient>();
  }

  std::optional<bench::Invocation> Next(const bench::GenContext& ctx) override {
    const std::int64_t length = 1 + RandInt(*ctx.rng, max_length_);
    Json txn = Json::array();
    for (std::int64_t i = 0; i < length; ++i) {
      const std::size_t slot = static_cast<std::size_t>(
          RandInt(*ctx.rng, static_cast<std::int64_t>(active_.size())));
      const std::int64_t key = active_[slot];
      if (RandInt(*ctx.rng, 2) == 0) {
        txn.push_back({"r", key, nullptr});
        continue;
      }
      const std::int64_t value = ++written_[key];
      txn.push_back({"w", key, value});
      if (value >= max_writes_) {
        written_.erase(key);
        active_[slot] = next_key_++;
      }
    }
    return bench::Invocation{"txn", std::move(txn)};
  }

  bench::CheckResult Check(const bench::History& history) override {
    return CheckTxn(history, models_);
  }

 private:
  std::vector<std::string> models_;
  int max_length_;
  int max_writes_;
  std::vector<std::int64_t> active_;
  std::int64_t next_key_ = 0;
  std::map<std::int64_t, std::int64_t> written_;  // writes so far, per active key
};

}  // namespace

std::unique_ptr<bench::Workload> NewTxnWorkload(const bench::TestOptions& options) {
  return std::make_unique<TxnWorkload>(options);
}

}  // namespace glomers::workloads
