#include "bench/summary.h"

#include <gtest/gtest.h>

namespace glomers::bench {
namespace {

using Json = nlohmann::json;

Json Results(Json workload) {
  workload["valid"] = false;
  return {{"valid", false},
          {"test", {{"workload", "broadcast"}, {"node_count", 3}}},
          {"stats", {{"by_f", Json::object()}}},
          {"latency", Json::object()},
          {"availability", {{"ok_fraction", 1.0}}},
          {"net", {{"servers", Json::object()}, {"all", Json::object()}, {"clients", Json::object()}}},
          {"workload", workload},
          {"nodes", {{"problems", Json::array()}}},
          {"nemesis", Json::array()}};
}

TEST(Summary, ListsOfObjectsGetALinePerItem) {
  Json details = Json::array();
  for (int e = 0; e < 5; ++e) {
    details.push_back({{"element", e},
                       {"lost_latency", 1200 + e},
                       {"known", {{"index", 10 * e}, {"f", "broadcast"}, {"type", "ok"}}}});
  }
  const std::string out = FormatSummary(Results({{"lost_details", details}}), "", 1.0);
  EXPECT_EQ(out.find("[,"), std::string::npos) << out;
  EXPECT_NE(out.find("lost_details           (5 in all)"), std::string::npos) << out;
  EXPECT_NE(out.find("      - {element: 0, known: {f: \"broadcast\", index: 0, type: \"ok\"}, "
                     "lost_latency: 1200}"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("      - {element: 2,"), std::string::npos) << out;
  EXPECT_EQ(out.find("      - {element: 3,"), std::string::npos) << "only the first three";
}

TEST(Summary, LongListsAreCutButShowTheirFirstItem) {
  Json many = Json::array();
  for (int i = 0; i < 200; ++i) many.push_back(i);
  Json one_huge = Json::array({std::string(300, 'x'), "y"});
  const std::string out =
      FormatSummary(Results({{"lost", many}, {"never_read", one_huge}}), "", 1.0);
  EXPECT_NE(out.find("lost                   [0, 1, 2,"), std::string::npos) << out;
  EXPECT_NE(out.find(", ...] (200 in all)"), std::string::npos) << out;
  EXPECT_NE(out.find("never_read             [\"xxxx"), std::string::npos) << out;
  EXPECT_NE(out.find("...] (2 in all)"), std::string::npos) << out;
  for (std::size_t at = 0, next; (next = out.find('\n', at)) != std::string::npos; at = next + 1) {
    EXPECT_LE(next - at, 130u) << out.substr(at, next - at);
  }
}

}  // namespace
}  // namespace glomers::bench
