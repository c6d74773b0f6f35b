#include "workloads/json_hash.h"

#include <gtest/gtest.h>

namespace glomers::workloads {
namespace {

using Json = nlohmann::json;

TEST(JsonHash, EqualValuesHashEqually) {
  const JsonHash hash;
  // Parsed non-negative integers are stored unsigned, built ones signed.
  const Json parsed = Json::parse("[5, {\"a\": [1, 2.0]}, 3.0]");
  const Json built = Json::array({5, Json{{"a", Json::array({1, 2})}}, 3});
  ASSERT_EQ(parsed, built);
  EXPECT_EQ(hash(parsed), hash(built));
  EXPECT_EQ(hash(parsed[0]), hash(Json(std::int64_t{5})));
  EXPECT_EQ(hash(Json(-1)), hash(Json(-1.0)));
}

TEST(JsonHash, DifferentValuesUsuallyDiffer) {
  const JsonHash hash;
  EXPECT_NE(hash(Json(1)), hash(Json("1")));
  EXPECT_NE(hash(Json(1)), hash(Json(2)));
  EXPECT_NE(hash(Json(1.5)), hash(Json(1)));
  EXPECT_NE(hash(Json::array({1, 2})), hash(Json::array({2, 1})));
  EXPECT_NE(hash(Json(nullptr)), hash(Json(false)));
  EXPECT_NE(hash(Json::object()), hash(Json::array()));
}

}  // namespace
}  // namespace glomers::workloads
