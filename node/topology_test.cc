// Our topologies against Maelstrom's (src/maelstrom/workload/broadcast.clj),
// worked out by hand from its algorithms for concrete sizes.
#include "node/topology.h"

#include <gtest/gtest.h>

#include <set>
#include <stdexcept>

namespace glomers {
namespace {

std::vector<std::string> Nodes(int n) {
  std::vector<std::string> out;
  for (int i = 0; i < n; ++i) out.push_back("n" + std::to_string(i));
  return out;
}

using V = std::vector<std::string>;

// grid-topology: side = ceil(sqrt(n)); node (i, j) is nodes[i*side + j];
// neighbours in the order (i+1,j), (i-1,j), (i,j+1), (i,j-1).
TEST(Topology, GridOfFive) {
  // side 3:   n0 n1 n2
  //           n3 n4
  TopologyMap expected = {
      {"n0", {"n3", "n1"}},       {"n1", {"n4", "n2", "n0"}}, {"n2", {"n1"}},
      {"n3", {"n0", "n4"}},       {"n4", {"n1", "n3"}},
  };
  EXPECT_EQ(MakeTopology("grid", Nodes(5)), expected);
}

TEST(Topology, GridOfTwentyFive) {
  TopologyMap grid = MakeTopology("grid", Nodes(25));
  ASSERT_EQ(grid.size(), 25u);
  EXPECT_EQ(grid["n0"], (V{"n5", "n1"}));
  EXPECT_EQ(grid["n4"], (V{"n9", "n3"}));
  EXPECT_EQ(grid["n6"], (V{"n11", "n1", "n7", "n5"}));
  EXPECT_EQ(grid["n12"], (V{"n17", "n7", "n13", "n11"}));
  EXPECT_EQ(grid["n20"], (V{"n15", "n21"}));
  EXPECT_EQ(grid["n24"], (V{"n19", "n23"}));
  std::size_t edges = 0;
  for (const auto& [id, ns] : grid) edges += ns.size();
  EXPECT_EQ(edges, 2u * 2 * 5 * 4);  // 40 undirected edges in a 5x5 grid
}

TEST(Topology, SmallGrids) {
  EXPECT_EQ(MakeTopology("grid", Nodes(1)), (TopologyMap{{"n0", {}}}));
  EXPECT_EQ(MakeTopology("grid", Nodes(2)), (TopologyMap{{"n0", {"n1"}}, {"n1", {"n0"}}}));
  // side 2: n0 n1 / n2 -- n1 and n2 are not linked.
  EXPECT_EQ(MakeTopology("grid", Nodes(3)),
            (TopologyMap{{"n0", {"n2", "n1"}}, {"n1", {"n0"}}, {"n2", {"n0"}}}));
  EXPECT_TRUE(MakeTopology("grid", {}).empty());
}

// line-topology: {} below two nodes; ends have one neighbour; the middle
// ones [left right].
TEST(Topology, Lines) {
  EXPECT_TRUE(MakeTopology("line", Nodes(1)).empty());
  EXPECT_TRUE(MakeTopology("line", {}).empty());
  EXPECT_EQ(MakeTopology("line", Nodes(2)), (TopologyMap{{"n0", {"n1"}}, {"n1", {"n0"}}}));
  EXPECT_EQ(MakeTopology("line", Nodes(4)),
            (TopologyMap{{"n0", {"n1"}}, {"n1", {"n0", "n2"}}, {"n2", {"n1", "n3"}},
                         {"n3", {"n2"}}}));
}

// tree-topology b: tiers of 1, b, b^2, ... filled in node order; each node
// lists its parent first, then its children.
TEST(Topology, Tree4OfTwentyFive) {
  // Tiers: [n0] [n1..n4] [n5..n20] [n21..n24]; n5 takes all of the last tier.
  TopologyMap tree = MakeTopology("tree4", Nodes(25));
  ASSERT_EQ(tree.size(), 25u);
  EXPECT_EQ(tree["n0"], (V{"n1", "n2", "n3", "n4"}));
  EXPECT_EQ(tree["n1"], (V{"n0", "n5", "n6", "n7", "n8"}));
  EXPECT_EQ(tree["n4"], (V{"n0", "n17", "n18", "n19", "n20"}));
  EXPECT_EQ(tree["n5"], (V{"n1", "n21", "n22", "n23", "n24"}));
  EXPECT_EQ(tree["n6"], (V{"n1"}));
  EXPECT_EQ(tree["n20"], (V{"n4"}));
  EXPECT_EQ(tree["n24"], (V{"n5"}));
}

TEST(Topology, BinaryTrees) {
  TopologyMap expected = {{"n0", {"n1", "n2"}}, {"n1", {"n0", "n3", "n4"}},
                          {"n2", {"n0", "n5"}}, {"n3", {"n1"}},
                          {"n4", {"n1"}},       {"n5", {"n2"}}};
  EXPECT_EQ(MakeTopology("tree", Nodes(6)), expected);
  EXPECT_EQ(MakeTopology("tree2", Nodes(6)), expected);
  EXPECT_EQ(MakeTopology("tree3", Nodes(5)),
            (TopologyMap{{"n0", {"n1", "n2", "n3"}}, {"n1", {"n0", "n4"}}, {"n2", {"n0"}},
                         {"n3", {"n0"}}, {"n4", {"n1"}}}));
  EXPECT_EQ(MakeTopology("tree4", Nodes(1)), (TopologyMap{{"n0", {}}}));
}

TEST(Topology, Total) {
  EXPECT_EQ(MakeTopology("total", Nodes(3)),
            (TopologyMap{{"n0", {"n1", "n2"}}, {"n1", {"n0", "n2"}}, {"n2", {"n0", "n1"}}}));
  EXPECT_EQ(MakeTopology("total", Nodes(1)), (TopologyMap{{"n0", {}}}));
}

TEST(Topology, Star) {
  EXPECT_EQ(MakeTopology("star", Nodes(4)),
            (TopologyMap{{"n0", {"n1", "n2", "n3"}}, {"n1", {"n0"}}, {"n2", {"n0"}},
                         {"n3", {"n0"}}}));
}

// Every topology is symmetric and connected, for every size up to 40, and
// keeps Maelstrom's node order (not the ids' string order).
TEST(Topology, SymmetricAndConnected) {
  for (const std::string& kind : TopologyKinds()) {
    for (int n = 2; n <= 40; ++n) {
      V nodes = Nodes(n);
      TopologyMap map = MakeTopology(kind, nodes);
      for (const auto& [a, ns] : map) {
        std::set<std::string> unique(ns.begin(), ns.end());
        EXPECT_EQ(unique.size(), ns.size()) << kind << " " << n << " " << a;
        for (const auto& b : ns) {
          EXPECT_NE(a, b);
          const auto& back = map[b];
          EXPECT_NE(std::find(back.begin(), back.end(), a), back.end())
              << kind << " " << n << ": " << a << "->" << b << " not symmetric";
        }
      }
      std::set<std::string> seen = {nodes[0]};
      std::vector<std::string> frontier = {nodes[0]};
      while (!frontier.empty()) {
        std::string at = frontier.back();
        frontier.pop_back();
        for (const auto& b : map[at]) {
          if (seen.insert(b).second) frontier.push_back(b);
        }
      }
      EXPECT_EQ(seen.size(), static_cast<std::size_t>(n)) << kind << " " << n;
    }
  }
}

TEST(Topology, UnknownKind) {
  EXPECT_THROW(MakeTopology("ring", Nodes(3)), std::invalid_argument);
  EXPECT_THROW(MakeTopology("", Nodes(3)), std::invalid_argument);
}

}  // namespace
}  // namespace glomers
