#include "workloads/sync_config.h"

#include <stdexcept>

namespace glomers::workloads {
namespace {

bool ParseBool(const std::string& name, const std::string& v) {
  if (v == "true" || v == "1" || v == "yes") return true;
  if (v == "false" || v == "0" || v == "no") return false;
  throw std::invalid_argument("flag --" + name + " must be true or false, got \"" + v + "\"");
}

}  // namespace

SyncConfig SyncConfig::FromFlags(Flags& flags, std::string_view default_topology,
                                 ReplicatorOptions defaults) {
  SyncConfig c;
  std::string topology(default_topology);
  c.options = std::move(defaults);
  const std::string preset = flags.String("preset", "");
  if (preset == "latency") {
    topology = "total";
    c.options.send_local_at_once = true;
    c.options.interval = 200ms;
    c.options.ack_delay = 2s;
    c.options.retransmit_after = 4s;
  } else if (preset == "messages") {
    topology = "star";
    c.options.send_local_at_once = false;
    c.options.interval = 300ms;
    c.options.align_ticks = true;
    c.options.forward_after = 10ms;
    c.options.ack_delay = 2s;
    c.options.retransmit_after = 4s;
  } else if (!preset.empty()) {
    throw std::invalid_argument("--preset must be latency or messages, got \"" + preset + "\"");
  }
  c.topology = flags.String("topology", topology);
  if (c.topology != "maelstrom") MakeTopology(c.topology, {});  // validates the name
  c.options.interval = flags.Duration("sync-interval", c.options.interval);
  if (c.options.interval.count() <= 0) throw std::invalid_argument("--sync-interval must be > 0");
  c.options.send_local_at_once =
      ParseBool("eager", flags.String("eager", c.options.send_local_at_once ? "true" : "false"));
  c.options.retransmit_after = flags.Duration("retransmit", c.options.retransmit_after);
  c.options.ack_delay = flags.Duration("ack-delay", c.options.ack_delay);
  c.options.align_ticks =
      ParseBool("align", flags.String("align", c.options.align_ticks ? "true" : "false"));
  if (flags.Has("forward")) c.options.forward_after = flags.Duration("forward", Micros{0});
  // The baseline for measurements: keeping no log, every send is the whole
  // state (plain state-based gossip).
  if (ParseBool("full-state", flags.String("full-state", "false"))) c.options.max_log = 0;
  // On a complete graph every node reaches every other itself: no relaying.
  c.options.relay = c.topology != "total";
  return c;
}

SyncConfig SyncConfig::FromFlagsOwnTopology(Flags& flags, std::string_view workload,
                                            std::string_view default_topology,
                                            ReplicatorOptions defaults) {
  SyncConfig c = FromFlags(flags, default_topology, std::move(defaults));
  if (c.topology == "maelstrom") {
    throw std::invalid_argument(std::string(workload) +
                                " gets no topology message: choose a --topology");
  }
  return c;
}

ReplicatorOptions SyncConfig::Batched() {
  ReplicatorOptions o;
  o.interval = 50ms;
  o.send_local_at_once = false;
  o.ack_delay = 50ms;
  return o;
}

}  // namespace glomers::workloads
