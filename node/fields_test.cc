#include "node/fields.h"

#include <gtest/gtest.h>

namespace glomers {
namespace {

// Runs `fn`, expecting an RpcError with malformed-request that names `field`.
template <class Fn>
void ExpectMalformed(Fn fn, const std::string& field) {
  try {
    fn();
    ADD_FAILURE() << "no error for " << field;
  } catch (const RpcError& e) {
    EXPECT_EQ(e.error().code, 12);
    EXPECT_TRUE(e.error().definite());
    EXPECT_NE(std::string(e.what()).find(field), std::string::npos) << e.what();
  }
}

TEST(Fields, Int) {
  Json body = Json::parse(R"({"a":5,"b":-3,"big":9223372036854775807,"f":1.5,"whole":2.0,
      "s":"5","n":null,"huge":18446744073709551615,"justover":9223372036854775808,"t":true})");
  EXPECT_EQ(fields::Int(body, "a"), 5);
  EXPECT_EQ(fields::Int(body, "b"), -3);
  EXPECT_EQ(fields::Int(body, "big"), INT64_MAX);
  for (const char* bad : {"f", "whole", "s", "n", "huge", "justover", "t", "missing"}) {
    ExpectMalformed([&] { fields::Int(body, bad); }, bad);
  }
}

TEST(Fields, StringObjectArrayAny) {
  Json body = Json::parse(R"({"s":"x","o":{"k":1},"a":[1],"n":null,"i":3})");
  EXPECT_EQ(fields::String(body, "s"), "x");
  EXPECT_EQ(fields::Object(body, "o")["k"], 1);
  EXPECT_EQ(fields::Array(body, "a").size(), 1u);
  EXPECT_TRUE(fields::Any(body, "n").is_null());  // present, though null
  ExpectMalformed([&] { fields::String(body, "i"); }, "i");
  ExpectMalformed([&] { fields::String(body, "missing"); }, "missing");
  ExpectMalformed([&] { fields::Object(body, "a"); }, "a");
  ExpectMalformed([&] { fields::Array(body, "o"); }, "o");
  ExpectMalformed([&] { fields::Any(body, "missing"); }, "missing");
}

TEST(Errors, CodesAndDefiniteness) {
  for (int code : {1, 10, 11, 12, 14, 20, 21, 22, 30}) EXPECT_TRUE(IsDefinite(code)) << code;
  for (int code : {0, 13, 1000, 1234, -1, 99}) EXPECT_FALSE(IsDefinite(code)) << code;
  EXPECT_EQ(ErrorName(0), "timeout");
  EXPECT_EQ(ErrorName(12), "malformed-request");
  EXPECT_EQ(ErrorName(30), "txn-conflict");
  EXPECT_EQ(ErrorName(1001), "unknown");
}

TEST(Errors, BodyRoundTrip) {
  Error e(ErrorCode::kKeyDoesNotExist, "no such key");
  Json body = e.ToBody();
  EXPECT_EQ(body, Json::parse(R"({"type":"error","code":20,"text":"no such key"})"));
  std::optional<Error> back = Error::FromBody(body);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->code, 20);
  EXPECT_EQ(back->text, "no such key");
  EXPECT_FALSE(Error::FromBody(Json::parse(R"({"type":"read_ok"})")));
  EXPECT_FALSE(Error::FromBody(Json::array()));
  // An error without a usable code is taken as the indefinite crash.
  std::optional<Error> odd = Error::FromBody(Json::parse(R"({"type":"error","code":"x"})"));
  ASSERT_TRUE(odd);
  EXPECT_EQ(odd->code, 13);
  EXPECT_FALSE(odd->definite());
}

}  // namespace
}  // namespace glomers
