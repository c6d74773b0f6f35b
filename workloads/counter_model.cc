// g-counter and pn-counter (maelstrom/workload/g_counter.clj,
// pn_counter.clj): adds of small random deltas mixed with reads, then one
// final read per client thread, checked against the possible sums.
#include "workloads/counter_checker.h"
#include "workloads/model_support.h"

namespace glomers::workloads {
namespace {

class CounterClient : public bench::Client {
 public:
  void Invoke(const bench::Invocation& op, bench::ClientIO& io) override {
    if (op.f == "read") {
      CallAndComplete(io, op, {{"type", "read"}}, "read_ok", {"value"}, OnError::kInfo,
                      [&io, op](const Json& reply) {
                        auto value = reply.find("value");
                        if (value == reply.end() || !value->is_number_integer()) {
                          CompleteMalformed(io, op, reply, "read_ok needs an integer value");
                          return;
                        }
                        io.Complete(bench::OpType::kOk, *value);
                      });
      return;
    }
    CallAndComplete(io, op, {{"type", "add"}, {"delta", op.value}}, "add_ok", {},
                    OnError::kInfo,
                    [&io, op](const Json&) { io.Complete(bench::OpType::kOk, op.value); });
  }
};

class CounterWorkload : public bench::Workload {
 public:
  CounterWorkload(bool grow_only, const bench::TestOptions& options)
      : grow_only_(grow_only), final_reads_(options.clients()) {}

  std::unique_ptr<bench::Client> NewClient(std::int64_t) override {
    return std::make_unique<CounterClient>();
  }

  std::optional<bench::Invocation> Next(const bench::GenContext& ctx) override {
    if (ctx.phase == bench::Phase::kFinal) {
      if (!final_reads_.First(ctx.process)) return std::nullopt;
      return bench::Invocation{"read", nullptr};
    }
    // pn-counter mixes reads 50/50 with adds of (rand-int 10) - 5. g-counter
    // filters the negative adds out of that same stream, and Jepsen's filter
    // redraws the whole mix each time, so its ops are 2/3 reads and 1/3 adds
    // of 0..4, each delta equally likely.
    while (true) {
      if (RandInt(*ctx.rng, 2) == 0) return bench::Invocation{"read", nullptr};
      const std::int64_t delta = RandInt(*ctx.rng, 10) - 5;
      if (!grow_only_ || delta >= 0) return bench::Invocation{"add", delta};
    }
  }

  bool HasFinalPhase() const override { return true; }

  bench::CheckResult Check(const bench::History& history) override {
    return CheckCounter(history);
  }

 private:
  bool grow_only_;
  OncePerThread final_reads_;
};

}  // namespace

std::unique_ptr<bench::Workload> NewGCounterWorkload(const bench::TestOptions& options) {
  return std::make_unique<CounterWorkload>(/*grow_only=*/true, options);
}

std::unique_ptr<bench::Workload> NewPNCounterWorkload(const bench::TestOptions& options) {
  return std::make_unique<CounterWorkload>(/*grow_only=*/false, options);
}

}  // namespace glomers::workloads
