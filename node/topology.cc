#include "node/topology.h"

#include <cmath>
#include <stdexcept>

namespace glomers {
namespace {

TopologyMap Grid(const std::vector<std::string>& nodes) {
  const long n = static_cast<long>(nodes.size());
  const long side = static_cast<long>(std::ceil(std::sqrt(static_cast<double>(n))));
  auto at = [&](long i, long j) -> const std::string* {
    if (i < 0 || j < 0 || j >= side) return nullptr;
    long idx = i * side + j;
    return idx < n ? &nodes[static_cast<std::size_t>(idx)] : nullptr;
  };
  TopologyMap out;
  for (long i = 0; i < side; ++i) {
    for (long j = 0; j < side; ++j) {
      const std::string* self = at(i, j);
      if (self == nullptr) continue;
      auto& neighbours = out[*self];
      for (const std::string* x : {at(i + 1, j), at(i - 1, j), at(i, j + 1), at(i, j - 1)}) {
        if (x != nullptr) neighbours.push_back(*x);
      }
    }
  }
  return out;
}

TopologyMap Line(const std::vector<std::string>& nodes) {
  TopologyMap out;
  const std::size_t n = nodes.size();
  if (n < 2) return out;
  out[nodes[0]] = {nodes[1]};
  out[nodes[n - 1]] = {nodes[n - 2]};
  for (std::size_t i = 1; i + 1 < n; ++i) out[nodes[i]] = {nodes[i - 1], nodes[i + 1]};
  return out;
}

// Maelstrom fills a b-ary tree tier by tier in node order, which is the
// layout of a b-ary heap: the parent of node k is (k - 1) / b.
TopologyMap Tree(std::size_t b, const std::vector<std::string>& nodes) {
  TopologyMap out;
  for (std::size_t k = 0; k < nodes.size(); ++k) {
    auto& neighbours = out[nodes[k]];
    if (k > 0) neighbours.push_back(nodes[(k - 1) / b]);
    for (std::size_t c = k * b + 1; c <= k * b + b && c < nodes.size(); ++c) {
      neighbours.push_back(nodes[c]);
    }
  }
  return out;
}

TopologyMap Total(const std::vector<std::string>& nodes) {
  TopologyMap out;
  for (const auto& a : nodes) {
    auto& neighbours = out[a];
    for (const auto& b : nodes) {
      if (a != b) neighbours.push_back(b);
    }
  }
  return out;
}

TopologyMap Star(const std::vector<std::string>& nodes) {
  TopologyMap out;
  if (nodes.empty()) return out;
  out[nodes[0]] = {};
  for (std::size_t k = 1; k < nodes.size(); ++k) {
    out[nodes[0]].push_back(nodes[k]);
    out[nodes[k]] = {nodes[0]};
  }
  return out;
}

}  // namespace

const std::vector<std::string>& TopologyKinds() {
  static const std::vector<std::string> kinds = {"grid",  "line",  "tree",  "tree2",
                                                 "tree3", "tree4", "total", "star"};
  return kinds;
}

TopologyMap MakeTopology(std::string_view kind, const std::vector<std::string>& nodes) {
  if (kind == "grid") return Grid(nodes);
  if (kind == "line") return Line(nodes);
  if (kind == "tree" || kind == "tree2") return Tree(2, nodes);
  if (kind == "tree3") return Tree(3, nodes);
  if (kind == "tree4") return Tree(4, nodes);
  if (kind == "total") return Total(nodes);
  if (kind == "star") return Star(nodes);
  throw std::invalid_argument("unknown topology \"" + std::string(kind) +
                              "\" (grid, line, tree, tree2, tree3, tree4, total, star)");
}

}  // namespace glomers
