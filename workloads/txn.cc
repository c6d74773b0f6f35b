// txn-rw-register: totally available transactions over registers.
//
// The registers are an LwwMap replicated by the delta replicator. A
// transaction runs entirely on the local state, in order: reads see the
// transaction's own earlier writes, else the register's current value
// (null if never written). Its final write to each key (never an
// intermediate one) is stamped with one hybrid-clock stamp above every
// stamp this node has seen, in particular above every version the
// transaction read, and goes into the map and out to the peers as one
// delta. So:
//  - nothing aborts and nothing waits on the network: total availability;
//  - no intermediate or uncommitted value is ever visible (no G1a, G1b);
//  - every write-write and write-read dependency points from a smaller
//    stamp to a larger one, so the dependency graph has no cycle (no G0,
//    G1c): read committed, and no fractured reads, since a transaction's
//    writes are merged as a unit.
#include <map>
#include <memory>
#include <string>

#include "glomers/crdt/hlc.h"
#include "glomers/crdt/lww_map.h"
#include "node/fields.h"
#include "workloads/programs.h"
#include "workloads/sync_config.h"

namespace glomers::workloads {
namespace {

using Registers = crdt::LwwMap<Json, Json>;

class Txn : public Program {
 public:
  Txn(Node& node, SyncConfig config)
      : node_(node), config_(std::move(config)), replicator_(node, config_.options), clock_(0) {
    config_.Wire(node, replicator_);
    node.OnInit([this] { clock_ = crdt::HybridClock(static_cast<std::int64_t>(node_.index())); });
    replicator_.OnRemoteChange([this](const Registers& novel) {
      for (const auto& [key, v] : novel.entries()) clock_.Observe(v.stamp);
    });
    node.Handle("txn", [this](const Message& req) { Run(req); });
  }

 private:
  void Run(const Message& req) {
    const Json& txn = fields::Array(req.body, "txn");
    for (const Json& mop : txn) {
      if (!mop.is_array() || mop.size() != 3 || !mop[0].is_string() ||
          (mop[0] != "r" && mop[0] != "w") || (mop[0] == "r" && !mop[2].is_null())) {
        throw RpcError(ErrorCode::kMalformedRequest,
                       "each micro-op must be [\"r\", key, null] or [\"w\", key, value]");
      }
    }
    std::map<Json, Json> writes;
    Json done = Json::array();
    for (const Json& mop : txn) {
      const Json& key = mop[1];
      if (mop[0] == "w") {
        writes.insert_or_assign(key, mop[2]);
        done.push_back(mop);
        continue;
      }
      Json value = nullptr;
      if (auto w = writes.find(key); w != writes.end()) {
        value = w->second;
      } else if (const auto* v = replicator_.state().find(key)) {
        value = v->value;
      }
      done.push_back({"r", key, std::move(value)});
    }
    if (!writes.empty()) {
      const crdt::Stamp stamp = clock_.Next(node_.env().WallNow().count());
      replicator_.Mutate([&](Registers& s) { return s.assign(writes, stamp); });
    }
    node_.Reply(req, {{"type", "txn_ok"}, {"txn", std::move(done)}});
  }

  Node& node_;
  SyncConfig config_;
  Replicator<Registers> replicator_;
  crdt::HybridClock clock_;
};

std::unique_ptr<Program> MakeTxn(Node& node, const ProgramArgs& args) {
  Flags flags(args);
  SyncConfig config =
      SyncConfig::FromFlagsOwnTopology(flags, "txn-rw-register", "total", SyncConfig::Batched());
  flags.Finish();
  return std::make_unique<Txn>(node, std::move(config));
}

}  // namespace

const ProgramSpec kTxnRwRegister = {"txn-rw-register", kSyncUsage, &MakeTxn};

}  // namespace glomers::workloads
