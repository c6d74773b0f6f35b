// kafka (maelstrom/workload/kafka.clj): clients send unique messages to a
// few keys, poll every key from where they stand, commit what they polled
// and list committed offsets; a client starts by fetching the committed
// offsets and resuming at them (Maelstrom's assign seeks to the committed
// offset itself, not past it: a node answering 0 for a never-committed key
// must still have offset 0 polled). The final phase drains: each client
// thread polls until a poll brings nothing new.
// Checked by CheckKafka.
#include <map>
#include <memory>
#include <set>
#include <string>

#include "workloads/kafka_checker.h"
#include "workloads/model_support.h"

namespace glomers::workloads {
namespace {

constexpr int kDefaultKeys = 4;
constexpr int kMaxFinalPolls = 200;  // per thread: a bound on draining

class KafkaClient : public bench::Client {
 public:
  explicit KafkaClient(int keys) : positions_(std::make_shared<Positions>()) {
    for (int k = 0; k < keys; ++k) (*positions_)[std::to_string(k)] = 0;
  }

  // A freshly opened client assigns itself every key before its first
  // operation, as Maelstrom's does: it fetches the committed offsets and
  // seeks to each one itself (not past it), or to 0 when the node names
  // none. A failed fetch leaves the client at 0.
  void Invoke(const bench::Invocation& op, bench::ClientIO& io) override {
    if (assigned_) return Apply(positions_, op, io);
    assigned_ = true;
    Json keys = Json::array();
    for (const auto& [key, pos] : *positions_) keys.push_back(key);
    io.Call({{"type", "list_committed_offsets"}, {"keys", keys}},
            [positions = positions_, op, &io](const Result<Message>& r) {
              if (r.ok()) {
                auto offsets = r.value().body.find("offsets");
                if (offsets != r.value().body.end() && offsets->is_object()) {
                  for (const auto& [key, o] : offsets->items()) {
                    if (o.is_number_integer() && positions->contains(key)) {
                      (*positions)[key] = o.get<std::int64_t>();
                    }
                  }
                }
              }
              Apply(positions, op, io);
            });
  }

 private:
  using Positions = std::map<std::string, std::int64_t>;  // next offset to poll, per key

  static void Apply(const std::shared_ptr<Positions>& positions, const bench::Invocation& op,
                    bench::ClientIO& io) {
    if (op.f == "send") {
      const Json key = op.value[0], msg = op.value[1];
      CallAndComplete(io, op, {{"type", "send"}, {"key", key}, {"msg", msg}}, "send_ok",
                      {"offset"}, OnError::kFailIfDefinite, [&io, op, key, msg](const Json& reply) {
                        auto offset = reply.find("offset");
                        if (offset == reply.end() || !offset->is_number_integer()) {
                          return CompleteMalformed(io, op, reply, "send_ok needs an integer offset");
                        }
                        io.Complete(bench::OpType::kOk, Json::array({key, msg, *offset}));
                      });
    } else if (op.f == "poll") {
      Json offsets = Json::object();
      for (const auto& [key, pos] : *positions) offsets[key] = pos;
      CallAndComplete(io, op, {{"type", "poll"}, {"offsets", offsets}}, "poll_ok",
                      {"msgs"}, OnError::kFailIfDefinite, [positions, &io, op](const Json& reply) {
                        auto msgs = reply.find("msgs");
                        if (msgs == reply.end() || !msgs->is_object()) {
                          return CompleteMalformed(io, op, reply, "poll_ok needs an object msgs");
                        }
                        for (const auto& [key, pairs] : msgs->items()) {
                          if (!pairs.is_array()) {
                            return CompleteMalformed(io, op, reply, "msgs values must be arrays");
                          }
                          for (const Json& p : pairs) {
                            if (!p.is_array() || p.size() != 2 || !p[0].is_number_integer()) {
                              return CompleteMalformed(io, op, reply,
                                                       "msgs entries must be [offset, msg]");
                            }
                            auto pos = positions->find(key);
                            if (pos != positions->end()) {
                              pos->second = std::max(pos->second, p[0].get<std::int64_t>() + 1);
                            }
                          }
                        }
                        io.Complete(bench::OpType::kOk, {{"msgs", *msgs}});
                      });
    } else if (op.f == "commit_offsets") {
      Json offsets = Json::object();
      for (const auto& [key, pos] : *positions) {
        if (pos > 0) offsets[key] = pos - 1;
      }
      CallAndComplete(io, op, {{"type", "commit_offsets"}, {"offsets", offsets}},
                      "commit_offsets_ok", {}, OnError::kFailIfDefinite,
                      [&io, offsets](const Json&) { io.Complete(bench::OpType::kOk, offsets); });
    } else {
      Json keys = Json::array();
      for (const auto& [key, pos] : *positions) keys.push_back(key);
      CallAndComplete(io, op, {{"type", "list_committed_offsets"}, {"keys", keys}},
                      "list_committed_offsets_ok", {"offsets"}, OnError::kFailIfDefinite,
                      [&io, op](const Json& reply) {
                        auto offsets = reply.find("offsets");
                        if (offsets == reply.end() || !offsets->is_object()) {
                          return CompleteMalformed(io, op, reply,
                                                   "list_committed_offsets_ok needs offsets");
                        }
                        io.Complete(bench::OpType::kOk, *offsets);
                      });
    }
  }

  // Shared with the callbacks, which may outlive the client.
  std::shared_ptr<Positions> positions_;
  bool assigned_ = false;
};

class KafkaWorkload : public bench::Workload {
 public:
  explicit KafkaWorkload(const bench::TestOptions& options)
      : keys_(options.key_count > 0 ? options.key_count : kDefaultKeys),
        threads_(options.clients()) {}

  std::unique_ptr<bench::Client> NewClient(std::int64_t) override {
    return std::make_unique<KafkaClient>(keys_);
  }

  std::optional<bench::Invocation> Next(const bench::GenContext& ctx) override {
    if (ctx.phase == bench::Phase::kFinal) {
      const std::int64_t thread = ctx.process % threads_;
      if (drained_.contains(thread) || final_polls_[thread]++ >= kMaxFinalPolls) {
        return std::nullopt;
      }
      return bench::Invocation{"poll", nullptr};
    }
    const std::int64_t roll = RandInt(*ctx.rng, 10);
    if (roll < 5) {
      return bench::Invocation{
          "send", Json::array({std::to_string(RandInt(*ctx.rng, keys_)), next_msg_++})};
    }
    if (roll < 8) return bench::Invocation{"poll", nullptr};
    if (roll < 9) return bench::Invocation{"commit_offsets", nullptr};
    return bench::Invocation{"list_committed_offsets", nullptr};
  }

  bool HasFinalPhase() const override { return true; }

  // A final poll that brought nothing (or failed) ends its thread's draining.
  void Observe(const bench::Op& op) override {
    if (!op.final || op.f != "poll" || op.is_invoke()) return;
    const bool empty = !op.is_ok() || !op.value.is_object() || !op.value.contains("msgs") ||
                       op.value["msgs"].empty();
    if (empty) drained_.insert(op.process % threads_);
  }

  bench::CheckResult Check(const bench::History& history) override { return CheckKafka(history); }

 private:
  int keys_;
  int threads_;
  std::int64_t next_msg_ = 0;
  std::set<std::int64_t> drained_;
  std::map<std::int64_t, int> final_polls_;
};

}  // namespace

std::unique_ptr<bench::Workload> NewKafkaWorkload(const bench::TestOptions& options) {
  return std::make_unique<KafkaWorkload>(options);
}

}  // namespace glomers::workloads
