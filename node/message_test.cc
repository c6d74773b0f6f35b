#include "node/message.h"

#include <gtest/gtest.h>

namespace glomers {
namespace {

int Code(const Result<Message>& r) { return r.ok() ? -1 : r.error().code; }

TEST(ParseMessage, Valid) {
  Result<Message> r =
      ParseMessage(R"({"src":"c1","dest":"n1","body":{"type":"echo","msg_id":7,"echo":"hi"}})");
  ASSERT_TRUE(r.ok()) << r.error().text;
  const Message& m = r.value();
  EXPECT_EQ(m.src, "c1");
  EXPECT_EQ(m.dest, "n1");
  EXPECT_EQ(m.type(), "echo");
  EXPECT_EQ(m.msg_id(), 7);
  EXPECT_EQ(m.in_reply_to(), std::nullopt);
  EXPECT_EQ(m.body["echo"], "hi");
}

TEST(ParseMessage, ReplyFields) {
  Result<Message> r =
      ParseMessage(R"({"src":"n2","dest":"n1","body":{"type":"read_ok","in_reply_to":3}})");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.value().in_reply_to(), 3);
  EXPECT_EQ(r.value().msg_id(), std::nullopt);
}

TEST(ParseMessage, IgnoresExtraEnvelopeKeysAndWhitespace) {
  Result<Message> r = ParseMessage(
      "  {\"id\": 4, \"src\": \"c1\", \"dest\": \"n1\", \"body\": {\"type\": \"read\"}}  ");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.value().type(), "read");
}

TEST(ParseMessage, Rejects) {
  const char* cases[] = {
      "",
      "not json",
      R"({"src":"c1","dest":"n1","body":{"type":"echo")",  // truncated
      R"({"src":"c1","dest":"n1","body":{"type":"echo"}} trailing)",
      "[1,2,3]",
      "\"a string\"",
      "42",
      "null",
      R"({"dest":"n1","body":{"type":"read"}})",              // no src
      R"({"src":7,"dest":"n1","body":{"type":"read"}})",      // src not a string
      R"({"src":"c1","body":{"type":"read"}})",               // no dest
      R"({"src":"c1","dest":["n1"],"body":{"type":"read"}})", // dest not a string
      R"({"src":"c1","dest":"n1"})",                          // no body
      R"({"src":"c1","dest":"n1","body":[1]})",               // body not an object
      R"({"src":"c1","dest":"n1","body":"read"})",
      R"({"src":"c1","dest":"n1","body":{"msg_id":1}})",      // no type
      R"({"src":"c1","dest":"n1","body":{"type":5}})",        // type not a string
      R"({"src":"c1","dest":"n1","body":{"type":""}})",       // empty type
  };
  for (const char* line : cases) {
    EXPECT_EQ(Code(ParseMessage(line)), 12) << line;
  }
}

TEST(ParseMessage, RecoversSrcAndMsgIdForAnErrorReply) {
  Message partial;
  Result<Message> r = ParseMessage(R"({"src":"c1","body":{"type":"read","msg_id":9}})", &partial);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(partial.src, "c1");
  EXPECT_EQ(partial.msg_id(), 9);

  // A missing type still leaves src and msg_id to answer with.
  partial = Message{};
  r = ParseMessage(R"({"src":"c2","dest":"n1","body":{"msg_id":10}})", &partial);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(partial.src, "c2");
  EXPECT_EQ(partial.msg_id(), 10);
}

TEST(ParseMessage, RecoversNothingUnusable) {
  Message partial;
  partial.src = "stale";
  ASSERT_FALSE(ParseMessage("garbage", &partial).ok());
  // Not even JSON: nothing is recovered, and nothing stale is left in a
  // state that would produce a reply.
  EXPECT_FALSE(!partial.src.empty() && partial.msg_id());

  partial = Message{};
  ASSERT_FALSE(ParseMessage(R"({"src":5,"dest":"n1","body":{"msg_id":3}})", &partial).ok());
  EXPECT_TRUE(partial.src.empty());

  partial = Message{};
  ASSERT_FALSE(ParseMessage(R"({"src":"c1","dest":"n1","body":{"msg_id":"3"}})", &partial).ok());
  EXPECT_EQ(partial.msg_id(), std::nullopt);

  partial = Message{};
  ASSERT_FALSE(ParseMessage(R"({"src":"c1","dest":"n1","body":{"msg_id":1.5}})", &partial).ok());
  EXPECT_EQ(partial.msg_id(), std::nullopt);
}

TEST(Message, AccessorsOnOddBodies) {
  Message m{"a", "b", Json::array()};
  EXPECT_EQ(m.type(), "");
  EXPECT_EQ(m.msg_id(), std::nullopt);
  m.body = {{"type", 3}, {"msg_id", 18446744073709551615ull}, {"in_reply_to", -2}};
  EXPECT_EQ(m.type(), "");
  EXPECT_EQ(m.msg_id(), std::nullopt);  // does not fit int64
  EXPECT_EQ(m.in_reply_to(), -2);
}

TEST(AppendMessageLine, Shape) {
  Message m{"n1", "c1", {{"type", "echo_ok"}, {"in_reply_to", 1}, {"echo", "x\ny"}}};
  std::string out = "prefix|";
  AppendMessageLine(m, &out);
  ASSERT_TRUE(out.starts_with("prefix|"));
  std::string line = out.substr(7);
  ASSERT_TRUE(line.ends_with("\n"));
  // One line: the newline inside a string is escaped.
  EXPECT_EQ(line.find('\n'), line.size() - 1);
  // Protocol key order.
  EXPECT_TRUE(line.starts_with(R"({"src":"n1","dest":"c1","body":{)")) << line;
  Json j = Json::parse(line);
  EXPECT_EQ(j["body"]["echo"], "x\ny");
  EXPECT_EQ(j["body"]["in_reply_to"], 1);
  EXPECT_EQ(MessageLine(m), line);
}

TEST(AppendMessageLine, RoundTripsThroughParse) {
  Message m{"n\"1", "c\\1", {{"type", "t"}, {"msg_id", 5}, {"v", {1, "two", nullptr}}}};
  Result<Message> r = ParseMessage(MessageLine(m));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.value().src, m.src);
  EXPECT_EQ(r.value().dest, m.dest);
  EXPECT_EQ(r.value().body, m.body);
}

TEST(AppendMessageLine, InvalidUtf8IsReplacedNotThrown) {
  Message m{"n1", "c1", {{"type", "echo_ok"}, {"echo", std::string("a\xff" "b")}}};
  std::string line;
  ASSERT_NO_THROW(AppendMessageLine(m, &line));
  EXPECT_TRUE(ParseMessage(line).ok()) << line;
}

}  // namespace
}  // namespace glomers

namespace glomers {
namespace {

std::string Nested(int depth, const std::string& open, const std::string& close) {
  std::string out;
  for (int i = 0; i < depth; ++i) out += open;
  for (int i = 0; i < depth; ++i) out += close;
  return out;
}

TEST(ParseMessage, RejectsHostileNestingButRecoversTheSender) {
  const std::string deep = R"({"src":"c1","dest":"n1","body":{"type":"echo","msg_id":4,"echo":)" +
                           Nested(100000, "[", "]") + "}}";
  Message partial;
  Result<Message> r = ParseMessage(deep, &partial);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, 12);
  EXPECT_EQ(partial.src, "c1");
  EXPECT_EQ(partial.msg_id(), 4);
}

TEST(ParseMessage, ModerateNestingAndBracketsInStringsAreFine) {
  const std::string ok = R"({"src":"c1","dest":"n1","body":{"type":"echo","echo":)" +
                         Nested(100, "[", "]") + R"(,"s":"[[[[{{{{\"[[[["}})";
  EXPECT_TRUE(ParseMessage(ok).ok());
  const std::string brackets(100000, '[');
  const std::string in_string =
      R"({"src":"c1","dest":"n1","body":{"type":"echo","echo":")" + brackets + R"("}})";
  EXPECT_TRUE(ParseMessage(in_string).ok());
}

}  // namespace
}  // namespace glomers
