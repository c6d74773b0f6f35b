// unique-ids (maelstrom/workload/unique_ids.clj): every process keeps asking
// its node to generate an id; the ok value is the id, any JSON.
#include "workloads/model_support.h"
#include "workloads/unique_ids_checker.h"

namespace glomers::workloads {
namespace {

class UniqueIdsClient : public bench::Client {
 public:
  void Invoke(const bench::Invocation& op, bench::ClientIO& io) override {
    CallAndComplete(io, op, {{"type", "generate"}}, "generate_ok", {"id"},
                    OnError::kFailIfDefinite, [&io, op](const Json& reply) {
                      auto id = reply.find("id");
                      if (id == reply.end()) {
                        CompleteMalformed(io, op, reply, "generate_ok needs an id field");
                        return;
                      }
                      io.Complete(bench::OpType::kOk, *id);
                    });
  }
};

class UniqueIdsWorkload : public bench::Workload {
 public:
  std::unique_ptr<bench::Client> NewClient(std::int64_t) override {
    return std::make_unique<UniqueIdsClient>();
  }

  std::optional<bench::Invocation> Next(const bench::GenContext& ctx) override {
    if (ctx.phase == bench::Phase::kFinal) return std::nullopt;
    return bench::Invocation{"generate", nullptr};
  }

  bench::CheckResult Check(const bench::History& history) override {
    return CheckUniqueIds(history);
  }
};

}  // namespace

std::unique_ptr<bench::Workload> NewUniqueIdsWorkload() {
  return std::make_unique<UniqueIdsWorkload>();
}

}  // namespace glomers::workloads
