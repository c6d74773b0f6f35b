// broadcast and g-set: a grow-only set of JSON values replicated by the
// delta replicator. The two workloads differ only in their RPC names:
//   broadcast  {message} -> broadcast_ok;  read -> read_ok {messages}
//   g-set      {element} -> add_ok;        read -> read_ok {value}
// broadcast also answers the bench's `topology` message, and follows it
// when run with --topology maelstrom.
#include <string>

#include "glomers/crdt/gset.h"
#include "node/fields.h"
#include "workloads/programs.h"
#include "workloads/sync_config.h"

namespace glomers::workloads {
namespace {

using ValueSet = crdt::GSet<Json>;

struct SetRpcs {
  const char* add;        // request type
  const char* add_field;  // the value's field in it
  const char* read_field; // the elements' field in read_ok
};

class ReplicatedSet : public Program {
 public:
  ReplicatedSet(Node& node, SyncConfig config, const SetRpcs& rpcs)
      : config_(std::move(config)), replicator_(node, config_.options) {
    config_.Wire(node, replicator_);
    node.Handle(rpcs.add, [this, &node, rpcs](const Message& req) {
      const Json& value = fields::Any(req.body, rpcs.add_field);
      replicator_.Mutate([&](ValueSet& s) { return s.insert(value); });
      node.Reply(req, {{"type", std::string(rpcs.add) + "_ok"}});
    });
    node.Handle("read", [this, &node, rpcs](const Message& req) {
      node.Reply(req, {{"type", "read_ok"}, {rpcs.read_field, replicator_.state()}});
    });
    node.Handle("topology", [this, &node](const Message& req) {
      if (config_.topology == "maelstrom") {
        const Json& topology = fields::Object(req.body, "topology");
        std::vector<std::string> peers;
        if (auto mine = topology.find(node.id()); mine != topology.end()) {
          if (!mine->is_array()) {
            throw RpcError(ErrorCode::kMalformedRequest, "topology entries must be arrays");
          }
          for (const Json& peer : *mine) {
            if (!peer.is_string()) {
              throw RpcError(ErrorCode::kMalformedRequest, "topology entries must be node ids");
            }
            peers.push_back(peer.get<std::string>());
          }
        }
        replicator_.SetPeers(peers);
      }
      node.Reply(req, {{"type", "topology_ok"}});
    });
  }

 private:
  SyncConfig config_;
  Replicator<ValueSet> replicator_;
};

// The default is the latency-first operating point (--preset latency): on
// the 3d configuration about 12.4 messages per operation with stable
// latency around one hop; --preset messages trades latency for messages.
ReplicatorOptions SetDefaults() {
  ReplicatorOptions o;
  o.interval = 200ms;
  o.send_local_at_once = true;
  o.ack_delay = 2s;
  o.retransmit_after = 4s;
  return o;
}

std::unique_ptr<Program> MakeBroadcast(Node& node, const ProgramArgs& args) {
  Flags flags(args);
  SyncConfig config = SyncConfig::FromFlags(flags, "total", SetDefaults());
  flags.Finish();
  return std::make_unique<ReplicatedSet>(node, std::move(config),
                                         SetRpcs{"broadcast", "message", "messages"});
}

std::unique_ptr<Program> MakeGSet(Node& node, const ProgramArgs& args) {
  Flags flags(args);
  SyncConfig config = SyncConfig::FromFlagsOwnTopology(flags, "g-set", "total", SetDefaults());
  flags.Finish();
  return std::make_unique<ReplicatedSet>(node, std::move(config),
                                         SetRpcs{"add", "element", "value"});
}

}  // namespace

const ProgramSpec kBroadcast = {"broadcast", kSyncUsage, &MakeBroadcast};
const ProgramSpec kGSet = {"g-set", kSyncUsage, &MakeGSet};

}  // namespace glomers::workloads
