// broadcast and g-set (maelstrom/workload/broadcast.clj, g_set.clj): a 50/50
// mix of adding the next of 0, 1, 2, ... (unique across all processes) and
// reading the whole set; then one final read per client thread. Both are
// checked by set-full. They differ in names only, and broadcast first offers
// each node a topology.
#include <memory>

#include "node/topology.h"
#include "workloads/model_support.h"
#include "workloads/set_full_checker.h"

namespace glomers::workloads {
namespace {

struct SetRpcs {
  const char* add_f;        // the operation's f, and the request type
  const char* add_field;    // the value's field in the request
  const char* add_ok;       // the reply type
  const char* read_field;   // the elements' field in read_ok
  OnError add_errors;       // broadcast's client catches errors, with reads
  OnError read_errors;      // idempotent; g-set's lets them escape
};

constexpr SetRpcs kBroadcastRpcs = {"broadcast", "message",  "broadcast_ok",
                                    "messages",  OnError::kFailIfDefinite, OnError::kFail};
constexpr SetRpcs kGSetRpcs = {"add", "element", "add_ok", "value", OnError::kInfo, OnError::kInfo};

class SetClient : public bench::Client {
 public:
  // `topology`: the topology message's map, or nullptr to send none.
  SetClient(const SetRpcs& rpcs, std::shared_ptr<const Json> topology)
      : rpcs_(rpcs), topology_(std::move(topology)) {}

  void Setup(bench::ClientIO& io, std::function<void()> done) override {
    if (topology_ == nullptr) {
      done();
      return;
    }
    // As Maelstrom: wait for topology_ok, but go on whatever the answer.
    io.Call({{"type", "topology"}, {"topology", *topology_}},
            [done = std::move(done)](const Result<Message>&) { done(); });
  }

  void Invoke(const bench::Invocation& op, bench::ClientIO& io) override {
    if (op.f == "read") {
      const char* field = rpcs_.read_field;
      CallAndComplete(io, op, {{"type", "read"}}, "read_ok", {field}, rpcs_.read_errors,
                      [&io, op, field](const Json& reply) {
                        auto elements = reply.find(field);
                        if (elements == reply.end() || !elements->is_array()) {
                          CompleteMalformed(io, op, reply,
                                            std::string("read_ok needs an array ") + field);
                          return;
                        }
                        io.Complete(bench::OpType::kOk, *elements);
                      });
      return;
    }
    CallAndComplete(io, op, {{"type", rpcs_.add_f}, {rpcs_.add_field, op.value}}, rpcs_.add_ok, {},
                    rpcs_.add_errors,
                    [&io, op](const Json&) { io.Complete(bench::OpType::kOk, op.value); });
  }

 private:
  const SetRpcs& rpcs_;
  std::shared_ptr<const Json> topology_;
};

class SetWorkload : public bench::Workload {
 public:
  SetWorkload(const SetRpcs& rpcs, const bench::TestOptions& options,
              std::shared_ptr<const Json> topology)
      : rpcs_(rpcs), topology_(std::move(topology)), final_reads_(options.clients()) {}

  std::unique_ptr<bench::Client> NewClient(std::int64_t) override {
    return std::make_unique<SetClient>(rpcs_, topology_);
  }

  std::optional<bench::Invocation> Next(const bench::GenContext& ctx) override {
    if (ctx.phase == bench::Phase::kFinal) {
      if (!final_reads_.First(ctx.process)) return std::nullopt;
      return bench::Invocation{"read", nullptr};
    }
    if (RandInt(*ctx.rng, 2) == 0) return bench::Invocation{rpcs_.add_f, next_value_++};
    return bench::Invocation{"read", nullptr};
  }

  bool HasFinalPhase() const override { return true; }

  bench::CheckResult Check(const bench::History& history) override {
    return CheckSetFull(history, rpcs_.add_f);
  }

 private:
  const SetRpcs& rpcs_;
  std::shared_ptr<const Json> topology_;
  OncePerThread final_reads_;
  std::int64_t next_value_ = 0;
};

}  // namespace

std::unique_ptr<bench::Workload> NewBroadcastWorkload(const bench::TestOptions& options) {
  auto topology =
      std::make_shared<const Json>(MakeTopology(options.topology, options.nodes));
  return std::make_unique<SetWorkload>(kBroadcastRpcs, options, std::move(topology));
}

std::unique_ptr<bench::Workload> NewGSetWorkload(const bench::TestOptions& options) {
  return std::make_unique<SetWorkload>(kGSetRpcs, options, nullptr);
}

}  // namespace glomers::workloads
