#include "workloads/model_support.h"

#include <algorithm>
#include <cmath>
#include <random>
#include <string>
#include <utility>

namespace glomers::workloads {

void CallAndComplete(bench::ClientIO& io, const bench::Invocation& op, Json body,
                     std::string_view ok_type, bool idempotent,
                     std::function<void(const Json& reply)> on_ok) {
  io.Call(std::move(body), [&io, op, ok_type = std::string(ok_type), idempotent,
                            on_ok = std::move(on_ok)](const Result<Message>& outcome) {
    if (!outcome.ok()) {
      bench::CompleteWithError(io, op, outcome.error(), idempotent);
      return;
    }
    const Message& reply = outcome.value();
    if (reply.type() != ok_type) {
      CompleteMalformed(io, op, reply.body, "expected a reply of type " + ok_type);
      return;
    }
    on_ok(reply.body);
  });
}

void CompleteMalformed(bench::ClientIO& io, const bench::Invocation& op, const Json& reply,
                       std::string_view why) {
  io.Complete(bench::OpType::kInfo, op.value,
              "malformed reply: " + std::string(why) + ", got " + reply.dump());
}

std::int64_t RandInt(bench::Rng& rng, std::int64_t n) {
  return std::uniform_int_distribution<std::int64_t>(0, n - 1)(rng);
}

Json IntQuantiles(std::vector<std::int64_t> xs) {
  std::sort(xs.begin(), xs.end());
  const auto n = static_cast<std::int64_t>(xs.size());
  Json out = Json::object();
  for (const auto& [key, q] : {std::pair{"0", 0.0}, {"0.5", 0.5}, {"0.95", 0.95}, {"0.99", 0.99},
                               {"1", 1.0}}) {
    const auto i = std::min(n - 1, static_cast<std::int64_t>(std::floor(static_cast<double>(n) * q)));
    out[key] = xs[static_cast<std::size_t>(i)];
  }
  return out;
}

}  // namespace glomers::workloads
