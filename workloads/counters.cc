// g-counter and pn-counter: a GCounter / PNCounter CRDT replicated by the
// delta replicator. `add` bumps this node's own entry; `read` answers the
// local value, which converges to the sum of every add once the cluster has
// synced.
#include "glomers/crdt/gcounter.h"
#include "glomers/crdt/pncounter.h"
#include "node/fields.h"
#include "workloads/programs.h"
#include "workloads/sync_config.h"

namespace glomers::workloads {
namespace {

template <class Counter>
class ReplicatedCounter : public Program {
 public:
  ReplicatedCounter(Node& node, SyncConfig config)
      : config_(std::move(config)), replicator_(node, config_.options) {
    config_.Wire(node, replicator_);
    node.Handle("add", [this, &node](const Message& req) {
      const std::int64_t delta = fields::Int(req.body, "delta");
      if constexpr (std::is_same_v<Counter, crdt::GCounter>) {
        if (delta < 0) {
          throw RpcError(ErrorCode::kMalformedRequest, "a grow-only counter takes no negative delta");
        }
        replicator_.Mutate([&](Counter& c) {
          return c.increment(node.id(), static_cast<std::uint64_t>(delta));
        });
      } else {
        replicator_.Mutate([&](Counter& c) { return c.add(node.id(), delta); });
      }
      node.Reply(req, {{"type", "add_ok"}});
    });
    node.Handle("read", [this, &node](const Message& req) {
      node.Reply(req, {{"type", "read_ok"}, {"value", replicator_.state().value()}});
    });
  }

 private:
  SyncConfig config_;
  Replicator<Counter> replicator_;
};

template <class Counter>
std::unique_ptr<Program> MakeCounter(Node& node, const ProgramArgs& args) {
  Flags flags(args);
  ReplicatorOptions defaults;
  defaults.interval = 100ms;
  SyncConfig config = SyncConfig::FromFlagsOwnTopology(flags, "a counter", "total", defaults);
  flags.Finish();
  return std::make_unique<ReplicatedCounter<Counter>>(node, std::move(config));
}

}  // namespace

const ProgramSpec kGCounter = {"g-counter", kSyncUsage, &MakeCounter<crdt::GCounter>};
const ProgramSpec kPNCounter = {"pn-counter", kSyncUsage, &MakeCounter<crdt::PNCounter>};

}  // namespace glomers::workloads
