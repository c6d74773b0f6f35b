#include "node/kv_client.h"

namespace glomers {
namespace {

// Checks that a reply has the expected type; anything else is an indefinite
// failure (the service may have acted).
std::optional<Error> Unexpected(const Message& reply, std::string_view expected) {
  if (reply.type() == expected) return std::nullopt;
  return Error(ErrorCode::kCrash, "expected " + std::string(expected) + ", got " + reply.body.dump());
}

}  // namespace

void KvClient::Read(const Json& key, std::function<void(const Result<Json>&)> done) {
  node_.Rpc(
      service_, {{"type", "read"}, {"key", key}},
      [done = std::move(done)](const Result<Message>& r) {
        if (!r.ok()) return done(r.error());
        if (auto e = Unexpected(r.value(), "read_ok")) return done(*e);
        auto value = r.value().body.find("value");
        if (value == r.value().body.end()) {
          return done(Error(ErrorCode::kCrash, "read_ok without a value"));
        }
        done(*value);
      },
      timeout_);
}

void KvClient::Write(const Json& key, const Json& value,
                     std::function<void(const Result<Done>&)> done) {
  node_.Rpc(
      service_, {{"type", "write"}, {"key", key}, {"value", value}},
      [done = std::move(done)](const Result<Message>& r) {
        if (!r.ok()) return done(r.error());
        if (auto e = Unexpected(r.value(), "write_ok")) return done(*e);
        done(Done{});
      },
      timeout_);
}

void KvClient::Cas(const Json& key, const Json& from, const Json& to, bool create_if_not_exists,
                   std::function<void(const Result<Done>&)> done) {
  Json body = {{"type", "cas"}, {"key", key}, {"from", from}, {"to", to}};
  if (create_if_not_exists) body["create_if_not_exists"] = true;
  node_.Rpc(
      service_, std::move(body),
      [done = std::move(done)](const Result<Message>& r) {
        if (!r.ok()) return done(r.error());
        if (auto e = Unexpected(r.value(), "cas_ok")) return done(*e);
        done(Done{});
      },
      timeout_);
}

}  // namespace glomers
