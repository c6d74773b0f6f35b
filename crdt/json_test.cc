#include "glomers/crdt/json.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <string>

namespace glomers::crdt {
namespace {

using nlohmann::json;

template <class T>
T Decode(const char* text) {
  return json::parse(text).get<T>();
}

TEST(Json, GSetEncodesAsASortedArray) {
  GSet<int> s;
  for (int x : {3, -1, 2}) s.insert(x);
  EXPECT_EQ(json(s), json::parse("[-1, 2, 3]"));
  EXPECT_EQ(json(GSet<std::string>{"b", "a"}), json::parse(R"(["a", "b"])"));
  EXPECT_EQ(json(GSet<int>{}), json::array());
}

TEST(Json, GCounterEncodesAsAnObjectOfEntries) {
  GCounter c;
  c.increment("n1", 3);
  c.increment("n2", 5);
  EXPECT_EQ(json(c), json::parse(R"({"n1": 3, "n2": 5})"));
  EXPECT_EQ(json(GCounter{}), json::object());
}

TEST(Json, GCounterWithNonStringIdsEncodesAsPairs) {
  BasicGCounter<int> c;
  c.increment(7, 2);
  c.increment(-1, 4);
  EXPECT_EQ(json(c), json::parse("[[-1, 4], [7, 2]]"));
}

TEST(Json, PNCounterEncodesIncAndDec) {
  PNCounter c;
  c.add("n1", 4);
  c.add("n2", -6);
  EXPECT_EQ(json(c), json::parse(R"({"inc": {"n1": 4}, "dec": {"n2": 6}})"));
  EXPECT_EQ(json(PNCounter{}), json::parse(R"({"inc": {}, "dec": {}})"));
}

TEST(Json, DecodesWhatItEncodes) {
  EXPECT_EQ(Decode<GSet<int>>("[3, 1, 3]"), (GSet<int>{1, 3}));
  EXPECT_EQ(Decode<GSet<std::string>>(R"(["x", "y"])"), (GSet<std::string>{"x", "y"}));

  GCounter g;
  g.increment("n1", std::numeric_limits<std::uint64_t>::max());
  EXPECT_EQ(Decode<GCounter>(R"({"n1": 18446744073709551615})"), g);

  BasicGCounter<int> b;
  b.increment(7, 2);
  EXPECT_EQ(Decode<BasicGCounter<int>>("[[7, 2]]"), b);

  PNCounter p;
  p.add("n1", 4);
  p.add("n2", -6);
  EXPECT_EQ(Decode<PNCounter>(R"({"dec": {"n2": 6}, "inc": {"n1": 4}})"), p);
}

TEST(Json, ZeroEntriesDecodeToTheCanonicalCounter) {
  EXPECT_EQ(Decode<GCounter>(R"({"n1": 0})"), GCounter{});
}

TEST(Json, GSetRejectsWrongShapes) {
  EXPECT_THROW(Decode<GSet<int>>("{}"), DecodeError);
  EXPECT_THROW(Decode<GSet<int>>("3"), DecodeError);
  EXPECT_THROW(Decode<GSet<int>>("null"), DecodeError);
  EXPECT_THROW(Decode<GSet<int>>(R"(["1"])"), DecodeError);
  EXPECT_THROW(Decode<GSet<std::string>>("[1]"), DecodeError);
  EXPECT_THROW(Decode<GSet<std::string>>(R"("abc")"), DecodeError);
}

TEST(Json, IntegerElementsMustBeExactIntegersInRange) {
  EXPECT_THROW(Decode<GSet<int>>("[1.5]"), DecodeError);
  EXPECT_THROW(Decode<GSet<int>>("[1.0]"), DecodeError);
  EXPECT_THROW(Decode<GSet<int>>("[true]"), DecodeError);
  EXPECT_THROW(Decode<GSet<int>>("[4294967296]"), DecodeError);
  EXPECT_THROW(Decode<GSet<std::uint32_t>>("[-1]"), DecodeError);
  EXPECT_EQ(Decode<GSet<int>>("[-2147483648, 2147483647]"),
            (GSet<int>{std::numeric_limits<int>::min(), std::numeric_limits<int>::max()}));
}

TEST(Json, GCounterRejectsWrongShapes) {
  EXPECT_THROW(Decode<GCounter>("[]"), DecodeError);
  EXPECT_THROW(Decode<GCounter>("null"), DecodeError);
  EXPECT_THROW(Decode<GCounter>(R"({"n1": -1})"), DecodeError);
  EXPECT_THROW(Decode<GCounter>(R"({"n1": 1.5})"), DecodeError);
  EXPECT_THROW(Decode<GCounter>(R"({"n1": 2.0})"), DecodeError);
  EXPECT_THROW(Decode<GCounter>(R"({"n1": "1"})"), DecodeError);
  EXPECT_THROW(Decode<GCounter>(R"({"n1": true})"), DecodeError);
  EXPECT_THROW(Decode<GCounter>(R"({"n1": null})"), DecodeError);
  EXPECT_THROW(Decode<GCounter>(R"({"n1": 18446744073709551616})"), DecodeError);
}

TEST(Json, GCounterWithNonStringIdsRejectsWrongShapes) {
  EXPECT_THROW(Decode<BasicGCounter<int>>(R"({"1": 2})"), DecodeError);
  EXPECT_THROW(Decode<BasicGCounter<int>>("[1, 2]"), DecodeError);
  EXPECT_THROW(Decode<BasicGCounter<int>>("[[1]]"), DecodeError);
  EXPECT_THROW(Decode<BasicGCounter<int>>("[[1, 2, 3]]"), DecodeError);
  EXPECT_THROW(Decode<BasicGCounter<int>>(R"([["n1", 2]])"), DecodeError);
  EXPECT_THROW(Decode<BasicGCounter<int>>("[[1.5, 2]]"), DecodeError);
  EXPECT_THROW(Decode<BasicGCounter<int>>("[[1, -2]]"), DecodeError);
}

TEST(Json, PNCounterRejectsWrongShapes) {
  EXPECT_THROW(Decode<PNCounter>("[]"), DecodeError);
  EXPECT_THROW(Decode<PNCounter>(R"({"inc": {}})"), DecodeError);
  EXPECT_THROW(Decode<PNCounter>(R"({"dec": {}})"), DecodeError);
  EXPECT_THROW(Decode<PNCounter>(R"({"inc": [], "dec": {}})"), DecodeError);
  EXPECT_THROW(Decode<PNCounter>(R"({"inc": {}, "dec": {"n1": -3}})"), DecodeError);
  EXPECT_THROW(Decode<PNCounter>(R"({"inc": {"n1": "3"}, "dec": {}})"), DecodeError);
}

TEST(Json, DecodeErrorIsARuntimeErrorThatShowsTheOffendingValue) {
  try {
    Decode<GCounter>(R"({"n1": -1})");
    FAIL() << "no DecodeError";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("-1"), std::string::npos) << e.what();
  }
}

TEST(Json, FailedDecodeLeavesTheTargetUntouched) {
  GSet<int> s{9};
  EXPECT_THROW(from_json(json::parse("[1, \"x\"]"), s), DecodeError);
  EXPECT_EQ(s, GSet<int>{9});
}

}  // namespace
}  // namespace glomers::crdt
