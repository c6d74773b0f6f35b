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
  c.topology = flags.String("topology", default_topology);
  if (c.topology != "maelstrom") MakeTopology(c.topology, {});  // validates the name
  c.options = std::move(defaults);
  c.options.interval = flags.Duration("sync-interval", c.options.interval);
  if (c.options.interval.count() <= 0) throw std::invalid_argument("--sync-interval must be > 0");
  c.options.send_local_at_once =
      ParseBool("eager", flags.String("eager", c.options.send_local_at_once ? "true" : "false"));
  c.options.retransmit_after = flags.Duration("retransmit", c.options.retransmit_after);
  c.options.ack_delay = flags.Duration("ack-delay", c.options.ack_delay);
  // On a complete graph every node reaches every other itself: no relaying.
  c.options.relay = c.topology != "total";
  return c;
}

}  // namespace glomers::workloads
