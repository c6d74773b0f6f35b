#include "workloads/model_support.h"

#include <algorithm>
#include <cmath>
#include <random>
#include <string>
#include <vector>
#include <utility>

namespace glomers::workloads {

namespace {

// Why Maelstrom's schema for a reply of type `ok_type` with `fields` rejects
// `reply`, or empty when it accepts it.
std::string SchemaViolation(const Json& reply, const std::vector<std::string>& fields) {
  for (const auto& [key, value] : reply.items()) {
    if (key == "type" || key == "in_reply_to") continue;
    if (key == "msg_id") {
      if (!value.is_number_integer()) return "msg_id must be an integer";
      continue;
    }
    if (std::find(fields.begin(), fields.end(), key) == fields.end()) {
      return "field " + key + " is not in the reply's schema";
    }
  }
  return "";
}

}  // namespace

void CallAndComplete(bench::ClientIO& io, const bench::Invocation& op, Json body,
                     std::string_view ok_type, std::initializer_list<std::string_view> fields,
                     OnError on_error, std::function<void(const Json& reply)> on_ok) {
  io.Call(std::move(body), [&io, op, ok_type = std::string(ok_type),
                            fields = std::vector<std::string>(fields.begin(), fields.end()),
                            on_error, on_ok = std::move(on_ok)](const Result<Message>& outcome) {
    if (!outcome.ok()) {
      const Error& error = outcome.error();
      const bool failed = on_error == OnError::kFail ||
                          (on_error == OnError::kFailIfDefinite && error.definite());
      std::string why = std::string(ErrorName(error.code));
      if (!error.text.empty()) why += ": " + error.text;
      io.Complete(failed ? bench::OpType::kFail : bench::OpType::kInfo, op.value, why);
      return;
    }
    const Message& reply = outcome.value();
    if (reply.type() != ok_type) {
      CompleteMalformed(io, op, reply.body, "expected a reply of type " + ok_type);
      return;
    }
    if (std::string why = SchemaViolation(reply.body, fields); !why.empty()) {
      CompleteMalformed(io, op, reply.body, why);
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
