// Maelstrom's services (maelstrom/service.clj), rebuilt for the bench.
//
// Every KV flavour shares one rule book, Step(): given a request and the
// key's current value, it yields the reply and the key's new value, if the
// request writes one. The flavours differ only in *which* state a request
// sees, which is the whole point of them:
//   lin-kv   the one current state;
//   seq-kv   a past state, as long as the requesting node never goes back;
//   lww-kv   whichever of two lazily merged replicas the dice pick.
#include "bench/services.h"

#include <algorithm>
#include <map>
#include <optional>
#include <random>
#include <utility>

#include "node/fields.h"

namespace glomers::bench {
namespace {

using Rng = std::mt19937_64;

// A value in [0, n).
std::int64_t RandBelow(Rng& rng, std::int64_t n) {
  return std::uniform_int_distribution<std::int64_t>(0, n - 1)(rng);
}

// Keys and values are arbitrary JSON compared by JSON equality; nlohmann's
// ordering is consistent with it, so JSON keys can index a std::map.
template <class V>
using JsonMap = std::map<Json, V>;

Json Reply(const char* type) { return Json{{"type", type}}; }

Json MissingKey() { return Error(ErrorCode::kKeyDoesNotExist, "key does not exist").ToBody(); }

// Clojure truthiness, which is what Maelstrom applies to the flag: anything
// but absent, null and false.
bool Truthy(const Json& body, const char* name) {
  auto it = body.find(name);
  return it != body.end() && !it->is_null() && *it != false;
}

struct KvRequest {
  enum class Kind { kRead, kWrite, kCas } kind;
  Json key;
  Json value;  // write
  Json from;   // cas
  Json to;     // cas
  bool create_if_not_exists = false;
};

// Validates a KV request; throws RpcError (10 for an unknown type, 12 for a
// missing field).
KvRequest ParseKv(const Message& request) {
  const Json& body = request.body;
  if (!body.is_object()) throw RpcError(ErrorCode::kMalformedRequest, "body must be an object");
  const std::string_view type = request.type();
  KvRequest req;
  if (type == "read") {
    req.kind = KvRequest::Kind::kRead;
  } else if (type == "write") {
    req.kind = KvRequest::Kind::kWrite;
    req.value = fields::Any(body, "value");
  } else if (type == "cas") {
    req.kind = KvRequest::Kind::kCas;
    req.from = fields::Any(body, "from");
    req.to = fields::Any(body, "to");
    req.create_if_not_exists = Truthy(body, "create_if_not_exists");
  } else {
    throw RpcError(ErrorCode::kNotSupported, "unsupported request type \"" + std::string(type) + "\"");
  }
  req.key = fields::Any(body, "key");
  return req;
}

struct KvStep {
  Json reply;
  std::optional<Json> write;  // the key's new value, when the request sets one
};

// How each flavour treats cas on a missing key with create_if_not_exists.
enum class CasCreate { kHonour, kIgnore };

KvStep Step(const KvRequest& req, const Json* current, CasCreate create) {
  switch (req.kind) {
    case KvRequest::Kind::kRead:
      if (current == nullptr) return {MissingKey(), std::nullopt};
      return {Json{{"type", "read_ok"}, {"value", *current}}, std::nullopt};
    case KvRequest::Kind::kWrite:
      return {Reply("write_ok"), req.value};
    case KvRequest::Kind::kCas:
      if (current == nullptr) {
        if (req.create_if_not_exists && create == CasCreate::kHonour) {
          return {Reply("cas_ok"), req.to};
        }
        return {MissingKey(), std::nullopt};
      }
      if (*current != req.from) {
        return {Error(ErrorCode::kPreconditionFailed,
                      "current value " + current->dump() + " is not " + req.from.dump())
                    .ToBody(),
                std::nullopt};
      }
      return {Reply("cas_ok"), req.to};
  }
  return {MissingKey(), std::nullopt};
}

// Runs `handle`, turning a thrown RpcError into its error reply.
template <class F>
Json Guarded(F&& handle) {
  try {
    return handle();
  } catch (const RpcError& e) {
    return e.error().ToBody();
  }
}

// --- lin-kv: one state, every request applied to it in arrival order. -------

class LinKv : public Service {
 public:
  Json Handle(const Message& request) override {
    return Guarded([&] {
      const KvRequest req = ParseKv(request);
      auto it = data_.find(req.key);
      KvStep step = Step(req, it == data_.end() ? nullptr : &it->second, CasCreate::kHonour);
      if (step.write) data_.insert_or_assign(req.key, std::move(*step.write));
      return std::move(step.reply);
    });
  }

 private:
  JsonMap<Json> data_;
};

// --- seq-kv ------------------------------------------------------------------
//
// Maelstrom keeps the last 32 states of the store in a ring buffer and
// remembers, per client (request source), the index of the last state that
// client saw. A request first runs against a random state between that index
// and the newest; if it leaves that state unchanged (a read, a failed cas, a
// write of the value already there) its answer stands and the client moves
// to that state. Otherwise it re-runs against the newest state, whose
// successor becomes the new newest state. So each client's view only moves
// forward, but reads may be stale.
//
// Rather than copy the whole store per state, each key keeps the values it
// took at each state index; a state is then "every key's latest value at or
// before index i".
class SeqKv : public Service {
 public:
  explicit SeqKv(std::uint64_t seed) : rng_(seed) {}

  Json Handle(const Message& request) override {
    return Guarded([&] {
      const KvRequest req = ParseKv(request);
      std::int64_t& seen = clients_[request.src];
      // Maelstrom's ring buffer silently wraps for a client that fell more
      // than 32 states behind; we keep to the intent and start such a client
      // at the oldest state still held.
      seen = std::max(seen, OldestIndex());
      const std::int64_t index = seen + RandBelow(rng_, last_index_ - seen + 1);

      const Json* past = ValueAt(req.key, index);
      KvStep step = Step(req, past, CasCreate::kHonour);
      if (!step.write || (past != nullptr && *past == *step.write)) {
        seen = index;
        return std::move(step.reply);
      }

      // It would change the past: apply it to the newest state instead.
      const Json* newest = ValueAt(req.key, last_index_);
      step = Step(req, newest, CasCreate::kHonour);
      ++last_index_;
      if (step.write) Record(req.key, std::move(*step.write));
      seen = last_index_;
      return std::move(step.reply);
    });
  }

 private:
  static constexpr std::int64_t kStates = 32;

  // (state index, value from that state on), in increasing index order.
  using Versions = std::vector<std::pair<std::int64_t, Json>>;

  std::int64_t OldestIndex() const { return std::max<std::int64_t>(0, last_index_ - kStates + 1); }

  const Json* ValueAt(const Json& key, std::int64_t index) const {
    auto it = versions_.find(key);
    if (it == versions_.end()) return nullptr;
    const Versions& v = it->second;
    auto after = std::upper_bound(v.begin(), v.end(), index,
                                  [](std::int64_t i, const auto& entry) { return i < entry.first; });
    return after == v.begin() ? nullptr : &std::prev(after)->second;
  }

  // Sets `key` from the newest state on, forgetting versions no held state
  // can see any more.
  void Record(const Json& key, Json value) {
    Versions& v = versions_[key];
    v.emplace_back(last_index_, std::move(value));
    const std::int64_t oldest = OldestIndex();
    auto first_needed = v.begin();
    while (std::next(first_needed) != v.end() && std::next(first_needed)->first <= oldest) {
      ++first_needed;
    }
    v.erase(v.begin(), first_needed);
  }

  Rng rng_;
  std::int64_t last_index_ = 0;
  JsonMap<Versions> versions_;
  std::map<std::string, std::int64_t> clients_;  // client -> last state index seen
};

// --- lww-kv ------------------------------------------------------------------
//
// Two replicas, each with a Lamport clock that stamps its writes. Each request
// first merges one random replica into another (possibly itself), keeping
// per key the value with the higher stamp, then runs on a random replica.
// Unmerged replicas give stale reads; a merge drops whichever concurrent
// write has the lower stamp, so acknowledged writes get lost.
//
// Maelstrom (service.clj, `Eventual`) computes that merge and then builds its
// next replica vector from the pre-merge one, so its replicas in fact never
// exchange anything. We implement the merge it describes.
class LwwKv : public Service {
 public:
  explicit LwwKv(std::uint64_t seed) : rng_(seed), replicas_(kReplicas) {}

  Json Handle(const Message& request) override {
    return Guarded([&] {
      const KvRequest req = ParseKv(request);
      const auto source = static_cast<std::size_t>(RandBelow(rng_, kReplicas));
      const auto dest = static_cast<std::size_t>(RandBelow(rng_, kReplicas));
      if (source != dest) MergeInto(replicas_[dest], replicas_[source]);

      Replica& replica = replicas_[static_cast<std::size_t>(RandBelow(rng_, kReplicas))];
      auto it = replica.data.find(req.key);
      // Maelstrom's lww-kv answers cas on a missing key with error 20 even
      // when create_if_not_exists is set; nodes written against it expect it.
      KvStep step = Step(req, it == replica.data.end() ? nullptr : &it->second.value,
                         CasCreate::kIgnore);
      if (step.write) {
        replica.data.insert_or_assign(req.key, Stamped{replica.clock, std::move(*step.write)});
        ++replica.clock;
      }
      return std::move(step.reply);
    });
  }

 private:
  static constexpr std::int64_t kReplicas = 2;

  struct Stamped {
    std::int64_t ts;
    Json value;
  };
  struct Replica {
    std::int64_t clock = 0;
    JsonMap<Stamped> data;
  };

  // Higher stamp wins; on a tie the incoming (source) value wins, as in
  // Maelstrom's merge, which keeps the value of the replica merged from.
  static void MergeInto(Replica& dest, const Replica& source) {
    dest.clock = std::max(dest.clock, source.clock);
    for (const auto& [key, stamped] : source.data) {
      auto [it, inserted] = dest.data.try_emplace(key, stamped);
      if (!inserted && stamped.ts >= it->second.ts) it->second = stamped;
    }
  }

  Rng rng_;
  std::vector<Replica> replicas_;
};

// --- lin-tso -----------------------------------------------------------------

class LinTso : public Service {
 public:
  Json Handle(const Message& request) override {
    return Guarded([&] {
      if (!request.body.is_object()) {
        throw RpcError(ErrorCode::kMalformedRequest, "body must be an object");
      }
      if (request.type() != "ts") {
        throw RpcError(ErrorCode::kNotSupported,
                       "unsupported request type \"" + std::string(request.type()) + "\"");
      }
      return Json{{"type", "ts_ok"}, {"ts", next_++}};
    });
  }

 private:
  std::int64_t next_ = 0;
};

}  // namespace

const std::vector<std::string>& ServiceNames() {
  static const std::vector<std::string> names = {"lin-kv", "lin-tso", "lww-kv", "seq-kv"};
  return names;
}

std::unique_ptr<Service> MakeService(std::string_view name, std::uint64_t seed) {
  if (name == "lin-kv") return std::make_unique<LinKv>();
  if (name == "seq-kv") return std::make_unique<SeqKv>(seed);
  if (name == "lww-kv") return std::make_unique<LwwKv>(seed);
  if (name == "lin-tso") return std::make_unique<LinTso>();
  return nullptr;
}

}  // namespace glomers::bench
