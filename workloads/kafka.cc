// kafka: Maelstrom's Kafka-style logs (send, poll, commit_offsets,
// list_committed_offsets), in two ways chosen by --store:
//
// crdt (default): the logs are an AppendLog and the committed offsets a
//   MaxMap, replicated together by the delta replicator. `send` assigns an
//   offset in this node's residue class with no round trip, so it answers at
//   once and stays available under partitions. `poll` returns entries below
//   the key's stability frontier only: the smallest floor that every node
//   has claimed and whose entries are all here. Below it no offset can still
//   appear, so a poll never skips one that exists. A node raises its own
//   claim on a key as soon as it learns of entries there, which is what lets
//   the others' frontier advance. The price is visibility: an entry shows
//   in polls once the claims of every node covering it have arrived.
//
// lin-kv: the challenge's way, the baseline. Each key's log is one lin-kv
//   value, a JSON array appended by compare-and-set (the offset is the
//   array index); committed offsets are lin-kv registers raised by
//   compare-and-set. Every operation costs at least one round trip to
//   lin-kv, and none is available when lin-kv is out of reach.
#include <algorithm>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "glomers/crdt/append_log.h"
#include "glomers/crdt/max_map.h"
#include "glomers/crdt/product.h"
#include "node/fields.h"
#include "node/kv_client.h"
#include "workloads/programs.h"
#include "workloads/sync_config.h"

namespace glomers::workloads {
namespace {

constexpr std::size_t kPollLimit = 1000;  // entries per key per poll

// The requests' fields, checked: keys are strings, offsets integers.
std::map<std::string, std::int64_t> OffsetsOf(const Json& body) {
  std::map<std::string, std::int64_t> out;
  for (const auto& [key, offset] : fields::Object(body, "offsets").items()) {
    if (!offset.is_number_integer()) {
      throw RpcError(ErrorCode::kMalformedRequest, "offset of \"" + key + "\" must be an integer");
    }
    out[key] = offset.get<std::int64_t>();
  }
  return out;
}

std::vector<std::string> KeysOf(const Json& body) {
  std::vector<std::string> out;
  for (const Json& key : fields::Array(body, "keys")) {
    if (!key.is_string()) throw RpcError(ErrorCode::kMalformedRequest, "keys must be strings");
    out.push_back(key.get<std::string>());
  }
  return out;
}

// --- The CRDT way -------------------------------------------------------------

using Log = crdt::AppendLog<Json>;
using Committed = crdt::MaxMap<std::string, std::int64_t>;
using KafkaState = crdt::Product<Log, Committed>;

class CrdtKafka : public Program {
 public:
  CrdtKafka(Node& node, SyncConfig config)
      : node_(node), config_(std::move(config)), replicator_(node, config_.options) {
    config_.Wire(node, replicator_);
    replicator_.OnRemoteChange([this](const KafkaState& novel) {
      // Entries from elsewhere: promise never to assign below them.
      for (const auto& [key, stream] : novel.first.streams()) {
        if (stream.entries.empty()) continue;
        const std::string& k = key;  // clang before 16 cannot capture a structured binding
        replicator_.Mutate([&](KafkaState& s) {
          return KafkaState{s.first.acknowledge(k, Me()), {}};
        });
      }
    });
    node.Handle("send", [this](const Message& req) { Send(req); });
    node.Handle("poll", [this](const Message& req) { Poll(req); });
    node.Handle("commit_offsets", [this](const Message& req) {
      const auto offsets = OffsetsOf(req.body);
      replicator_.Mutate([&](KafkaState& s) {
        KafkaState delta;
        for (const auto& [key, offset] : offsets) delta.second.merge(s.second.raise(key, offset));
        return delta;
      });
      node_.Reply(req, {{"type", "commit_offsets_ok"}});
    });
    node.Handle("list_committed_offsets", [this](const Message& req) {
      Json offsets = Json::object();
      for (const std::string& key : KeysOf(req.body)) {
        if (auto o = replicator_.state().second.get(key)) offsets[key] = *o;
      }
      node_.Reply(req, {{"type", "list_committed_offsets_ok"}, {"offsets", offsets}});
    });
  }

 private:
  int Me() const { return static_cast<int>(node_.index()); }
  int ClusterSize() const { return std::max<int>(1, static_cast<int>(node_.node_ids().size())); }

  void Send(const Message& req) {
    const std::string& key = fields::String(req.body, "key");
    const Json& msg = fields::Any(req.body, "msg");
    std::int64_t offset = 0;
    replicator_.Mutate([&](KafkaState& s) {
      auto [delta, assigned] = s.first.append(key, Me(), ClusterSize(), msg);
      offset = assigned;
      return KafkaState{std::move(delta), {}};
    });
    node_.Reply(req, {{"type", "send_ok"}, {"offset", offset}});
  }

  void Poll(const Message& req) {
    const auto offsets = OffsetsOf(req.body);
    Json msgs = Json::object();
    for (const auto& [key, from] : offsets) {
      const std::int64_t until = Frontier(key);
      auto entries = replicator_.state().first.read(key, from, until, kPollLimit);
      if (entries.empty()) continue;
      Json pairs = Json::array();
      for (auto& [offset, msg] : entries) pairs.push_back({offset, std::move(msg)});
      msgs[key] = std::move(pairs);
    }
    node_.Reply(req, {{"type", "poll_ok"}, {"msgs", msgs}});
  }

  // The offset below which `key`'s log is final here: the least of every
  // node's floor, each the highest this node has seen covered by entries.
  std::int64_t Frontier(const std::string& key) {
    std::vector<std::int64_t>& floors = floors_[key];
    floors.resize(static_cast<std::size_t>(ClusterSize()), 0);
    std::int64_t frontier = INT64_MAX;
    for (int r = 0; r < ClusterSize(); ++r) {
      if (auto f = replicator_.state().first.covered_floor(key, r)) {
        floors[static_cast<std::size_t>(r)] = std::max(floors[static_cast<std::size_t>(r)], *f);
      }
      frontier = std::min(frontier, floors[static_cast<std::size_t>(r)]);
    }
    return frontier;
  }

  Node& node_;
  SyncConfig config_;
  Replicator<KafkaState> replicator_;
  // Per key, per node: the highest floor seen with all its entries present.
  // Local knowledge that only grows; kept outside the replicated state.
  std::map<std::string, std::vector<std::int64_t>> floors_;
};

// --- The lin-kv way -----------------------------------------------------------

class LinKvKafka : public Program {
 public:
  explicit LinKvKafka(Node& node) : node_(node), kv_(node, KvClient::kLinKv, 1s) {
    node.Handle("send", [this](const Message& req) {
      const std::string key = fields::String(req.body, "key");
      Append(req, key, fields::Any(req.body, "msg"));
    });
    node.Handle("poll", [this](const Message& req) { Poll(req); });
    node.Handle("commit_offsets", [this](const Message& req) { Commit(req); });
    node.Handle("list_committed_offsets", [this](const Message& req) { List(req); });
  }

 private:
  static std::string LogKey(const std::string& key) { return "log/" + key; }
  static std::string CommitKey(const std::string& key) { return "commit/" + key; }

  // Appends by compare-and-set from the log as last seen here; on a
  // mismatch, reads the log afresh and tries again.
  void Append(const Message& req, const std::string& key, const Json& msg) {
    Json& cached = logs_[key];
    const bool exists = cached.is_array();
    Json from = exists ? cached : Json::array();
    Json to = from;
    to.push_back(msg);
    kv_.Cas(LogKey(key), from, to, !exists, [this, req, key, msg, to](const Result<Done>& r) {
      if (r.ok()) {
        logs_[key] = to;
        node_.Reply(req, {{"type", "send_ok"}, {"offset", to.size() - 1}});
      } else if (r.error().is(ErrorCode::kPreconditionFailed) ||
                 r.error().is(ErrorCode::kKeyDoesNotExist) ||
                 r.error().is(ErrorCode::kKeyAlreadyExists)) {
        Refresh(req, key, [this, req, key, msg] { Append(req, key, msg); });
      } else {
        Fail(req, r.error());
      }
    });
  }

  void Refresh(const Message& req, const std::string& key, std::function<void()> then) {
    kv_.Read(LogKey(key), [this, req, key, then](const Result<Json>& r) {
      if (r.ok()) {
        logs_[key] = r.value();
      } else if (r.error().is(ErrorCode::kKeyDoesNotExist)) {
        logs_.erase(key);
      } else {
        return Fail(req, r.error());
      }
      then();
    });
  }

  // Reads every polled key's log, then answers with all of them.
  void Poll(const Message& req) {
    const auto offsets = OffsetsOf(req.body);
    auto reply = std::make_shared<Json>(Json::object());
    auto pending = std::make_shared<std::size_t>(offsets.size());
    auto failed = std::make_shared<bool>(false);
    if (offsets.empty()) return node_.Reply(req, {{"type", "poll_ok"}, {"msgs", *reply}});
    for (const auto& [key, from] : offsets) {
      kv_.Read(LogKey(key), [=, this, key = key, from = from](const Result<Json>& r) {
        if (*failed) return;
        if (!r.ok() && !r.error().is(ErrorCode::kKeyDoesNotExist)) {
          *failed = true;
          return Fail(req, r.error());
        }
        if (r.ok() && r.value().is_array()) {
          logs_[key] = r.value();
          Json pairs = Json::array();
          const auto& log = r.value();
          for (std::int64_t o = std::max<std::int64_t>(from, 0);
               o < static_cast<std::int64_t>(log.size()) && pairs.size() < kPollLimit; ++o) {
            pairs.push_back({o, log[static_cast<std::size_t>(o)]});
          }
          if (!pairs.empty()) (*reply)[key] = std::move(pairs);
        }
        if (--*pending == 0) node_.Reply(req, {{"type", "poll_ok"}, {"msgs", *reply}});
      });
    }
  }

  void Commit(const Message& req) {
    const auto offsets = OffsetsOf(req.body);
    auto pending = std::make_shared<std::size_t>(offsets.size());
    auto failed = std::make_shared<bool>(false);
    if (offsets.empty()) return node_.Reply(req, {{"type", "commit_offsets_ok"}});
    for (const auto& [key, offset] : offsets) {
      Raise(key, offset, [=, this](const Result<Done>& r) {
        if (*failed) return;
        if (!r.ok()) {
          *failed = true;
          return Fail(req, r.error());
        }
        if (--*pending == 0) node_.Reply(req, {{"type", "commit_offsets_ok"}});
      });
    }
  }

  // Raises a committed offset: read, then compare-and-set if higher.
  void Raise(const std::string& key, std::int64_t offset, std::function<void(const Result<Done>&)> done) {
    kv_.Read(CommitKey(key), [=, this](const Result<Json>& r) {
      if (!r.ok() && !r.error().is(ErrorCode::kKeyDoesNotExist)) return done(r.error());
      if (r.ok()) {
        if (!r.value().is_number_integer()) return done(Error(ErrorCode::kCrash, "bad commit"));
        if (r.value().get<std::int64_t>() >= offset) return done(Done{});
      }
      kv_.Cas(CommitKey(key), r.ok() ? r.value() : Json(), offset, !r.ok(),
              [=, this](const Result<Done>& c) {
                if (c.ok()) return done(Done{});
                if (c.error().definite()) return Raise(key, offset, done);  // lost a race: again
                done(c.error());
              });
    });
  }

  void List(const Message& req) {
    const auto keys = KeysOf(req.body);
    auto reply = std::make_shared<Json>(Json::object());
    auto pending = std::make_shared<std::size_t>(keys.size());
    auto failed = std::make_shared<bool>(false);
    if (keys.empty()) {
      return node_.Reply(req, {{"type", "list_committed_offsets_ok"}, {"offsets", *reply}});
    }
    for (const std::string& key : keys) {
      kv_.Read(CommitKey(key), [=, this](const Result<Json>& r) {
        if (*failed) return;
        if (!r.ok() && !r.error().is(ErrorCode::kKeyDoesNotExist)) {
          *failed = true;
          return Fail(req, r.error());
        }
        if (r.ok()) (*reply)[key] = r.value();
        if (--*pending == 0) {
          node_.Reply(req, {{"type", "list_committed_offsets_ok"}, {"offsets", *reply}});
        }
      });
    }
  }

  // lin-kv's failure becomes the client's: a timeout stays indefinite (the
  // write may have landed), anything else unexpected is a crash.
  void Fail(const Message& req, const Error& e) {
    node_.ReplyError(req, e.is(ErrorCode::kTimeout) ? Error(ErrorCode::kTimeout, "lin-kv timed out")
                                                     : Error(ErrorCode::kCrash, "lin-kv: " + e.text));
  }

  Node& node_;
  KvClient kv_;
  std::map<std::string, Json> logs_;  // each key's log as last seen in lin-kv
};

std::unique_ptr<Program> MakeKafka(Node& node, const ProgramArgs& args) {
  Flags flags(args);
  const std::string store = flags.String("store", "crdt");
  SyncConfig config =
      SyncConfig::FromFlagsOwnTopology(flags, "kafka", "total", SyncConfig::Batched());
  flags.Finish();
  if (store == "crdt") return std::make_unique<CrdtKafka>(node, std::move(config));
  if (store == "lin-kv") return std::make_unique<LinKvKafka>(node);
  throw std::invalid_argument("--store must be crdt or lin-kv");
}

}  // namespace

const ProgramSpec kKafka = {
    "kafka",
    "  --store crdt|lin-kv  where the logs live: a replicated CRDT (default) or lin-kv\n"
    "  with --store crdt, the replication flags of every CRDT workload:\n"
    "  --topology KIND, --sync-interval DUR, --eager BOOL, --retransmit DUR, --ack-delay DUR\n",
    &MakeKafka};

}  // namespace glomers::workloads
