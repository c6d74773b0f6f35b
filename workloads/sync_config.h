// SyncConfig: the replication flags every CRDT workload binary shares, and
// the wiring of a Replicator to the cluster at init.
//
//   --topology KIND      who syncs with whom: total, star, grid, line, tree,
//                        tree2, tree3, tree4, or maelstrom (the topology the
//                        bench sends; broadcast only)
//   --sync-interval DUR  period of batched sends
//   --eager true|false   send a node's own changes at once, not at the tick
//   --retransmit DUR     resend unacknowledged changes after this long
//   --ack-delay DUR      an ack waits this long for a change to ride on
//   --align BOOL         batches leave at multiples of --sync-interval of
//                        the wall clock, all nodes' together
//   --forward DUR        relay what arrives this long after it arrived,
//                        not at the next tick
//   --full-state BOOL    send the whole state every time, never deltas (the
//                        baseline that delta replication is measured against)
//   --preset NAME        an operating point, before the flags above:
//                        latency   total graph, own changes sent at once,
//                                  acks riding on changes (wait 2 s)
//                        messages  star through n0, 300 ms batches aligned
//                                  on the clock, the hub forwarding each
//                                  round 10 ms after it arrives
#ifndef GLOMERS_WORKLOADS_SYNC_CONFIG_H_
#define GLOMERS_WORKLOADS_SYNC_CONFIG_H_

#include <string>
#include <string_view>

#include "node/flags.h"
#include "node/replicator.h"
#include "node/topology.h"

namespace glomers::workloads {

// The usage lines for --help.
inline constexpr std::string_view kSyncUsage =
    "  --topology KIND      total, star, grid, line, tree, tree2, tree3, tree4, or\n"
    "                       maelstrom (use the bench's topology message)\n"
    "  --sync-interval DUR  period of batched sends (e.g. 100ms)\n"
    "  --eager BOOL         send a node's own changes at once (default false)\n"
    "  --retransmit DUR     resend unacknowledged changes after this long\n"
    "  --ack-delay DUR      how long an ack waits to ride on a change\n"
    "  --align BOOL         batches leave at multiples of --sync-interval of the clock\n"
    "  --forward DUR        relay what arrives this long after it arrived, not at the tick\n"
    "  --full-state BOOL    send the whole state, never deltas (a baseline to measure)\n"
    "  --preset NAME        operating point set before the flags above: latency (total\n"
    "                       graph, eager, acks ride on changes) or messages (star,\n"
    "                       300 ms aligned batches, hub forwards 10 ms after arrival)\n";

struct SyncConfig {
  std::string topology;
  ReplicatorOptions options;

  // Reads the flags above; `default_topology` applies when --topology is
  // absent. Throws std::invalid_argument.
  static SyncConfig FromFlags(Flags& flags, std::string_view default_topology,
                              ReplicatorOptions defaults);
  // The same for a workload that gets no `topology` message from the bench
  // (`workload` names it in the error): --topology maelstrom is refused.
  static SyncConfig FromFlagsOwnTopology(Flags& flags, std::string_view workload,
                                         std::string_view default_topology,
                                         ReplicatorOptions defaults);
  // Defaults for request-heavy workloads (kafka, transactions): every
  // change waits for the next 50 ms batch, acks too. Sending each change at
  // once costs a message per change per peer, and each arrival raises the
  // receiver's own state (a kafka claim), which it would send at once too:
  // on 10 nodes at rate 1000, 45 messages per operation against 1.8.
  static ReplicatorOptions Batched();


  // Points `replicator` at this node's neighbours once init has named the
  // cluster (unless the topology comes from a `topology` message).
  template <class L>
  void Wire(Node& node, Replicator<L>& replicator) const {
    if (topology == "maelstrom") return;
    node.OnInit([this, &node, &replicator] {
      TopologyMap map = MakeTopology(topology, node.node_ids());
      replicator.SetPeers(map[node.id()]);
    });
  }
};

}  // namespace glomers::workloads

#endif  // GLOMERS_WORKLOADS_SYNC_CONFIG_H_
