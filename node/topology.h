// Neighbour maps for a cluster: Maelstrom's topologies (grid, line, tree,
// tree2, tree3, tree4, total), built exactly as Maelstrom builds them so the
// bench sends the same `topology` message, plus `star` (every node linked to
// the first). Nodes with no neighbours may be absent from the map, as in
// Maelstrom's line topology of one node.
#ifndef GLOMERS_NODE_TOPOLOGY_H_
#define GLOMERS_NODE_TOPOLOGY_H_

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace glomers {

using TopologyMap = std::map<std::string, std::vector<std::string>>;

// The names MakeTopology accepts.
const std::vector<std::string>& TopologyKinds();
// Throws std::invalid_argument for an unknown kind.
TopologyMap MakeTopology(std::string_view kind, const std::vector<std::string>& nodes);

}  // namespace glomers

#endif  // GLOMERS_NODE_TOPOLOGY_H_
