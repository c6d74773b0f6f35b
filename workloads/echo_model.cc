// echo (maelstrom/workload/echo.clj): each process keeps sending
// "Please echo N", N random in [0, 128); the ok value is the whole reply
// body, which the checker compares with the request.
#include <string>

#include "workloads/echo_checker.h"
#include "workloads/model_support.h"

namespace glomers::workloads {
namespace {

class EchoClient : public bench::Client {
 public:
  void Invoke(const bench::Invocation& op, bench::ClientIO& io) override {
    CallAndComplete(io, op, {{"type", "echo"}, {"echo", op.value}}, "echo_ok", {"echo"},
                    OnError::kFailIfDefinite, [&io, op](const Json& reply) {
                      if (!reply.contains("echo")) {
                        CompleteMalformed(io, op, reply, "echo_ok needs an echo field");
                        return;
                      }
                      io.Complete(bench::OpType::kOk, reply);
                    });
  }
};

class EchoWorkload : public bench::Workload {
 public:
  std::unique_ptr<bench::Client> NewClient(std::int64_t) override {
    return std::make_unique<EchoClient>();
  }

  std::optional<bench::Invocation> Next(const bench::GenContext& ctx) override {
    if (ctx.phase == bench::Phase::kFinal) return std::nullopt;
    return bench::Invocation{"echo", "Please echo " + std::to_string(RandInt(*ctx.rng, 128))};
  }

  bench::CheckResult Check(const bench::History& history) override { return CheckEcho(history); }
};

}  // namespace

std::unique_ptr<bench::Workload> NewEchoWorkload() { return std::make_unique<EchoWorkload>(); }

}  // namespace glomers::workloads
