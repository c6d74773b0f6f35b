// Bad input for every workload binary, table-driven. Whatever arrives on
// stdin, a node must not crash; it logs the line on stderr; it answers with
// an error (12 malformed-request, 10 not-supported, 11 before init) whenever
// the input names a sender and a msg_id; and afterwards it still answers
// correct requests, its state intact.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <ostream>
#include <string>
#include <vector>

#include "workloads/testing/binaries.h"
#include "workloads/testing/node_process.h"

namespace glomers::testing {
namespace {

using Ms = std::chrono::milliseconds;

constexpr int kNoReply = -1;

struct BadInput {
  std::string name;
  std::string line;
  int code = kNoReply;   // the error code expected, or kNoReply
  std::int64_t msg_id = 0;  // where the reply goes, when one is expected
  bool logged = true;       // whether stderr must mention it
};

// A message line from c1 to n1 with `body` as written (not re-encoded).
std::string Line(const std::string& body) {
  return R"({"src":"c1","dest":"n1","body":)" + body + "}";
}

std::string Nested(int depth) { return std::string(depth, '[') + std::string(depth, ']'); }

// Inputs every binary must survive, after init.
std::vector<BadInput> CommonBadInputs() {
  const std::string huge(4 << 20, 'x');
  return {
      {"not json", "not json"},
      {"whitespace only", "   \t  "},
      {"truncated", R"({"src":"c1","dest":"n1","body":{"type":"read","msg_id":901)"},
      {"trailing garbage", Line(R"({"type":"read","msg_id":902})") + " xyz"},
      {"two objects on a line", Line(R"({"type":"read","msg_id":903})") + Line("{}")},
      {"array", "[1,2,3]"},
      {"string", "\"hello\""},
      {"number", "42"},
      {"null", "null"},
      {"missing src", R"({"dest":"n1","body":{"type":"read","msg_id":904}})"},
      {"src not a string", R"({"src":7,"dest":"n1","body":{"type":"read","msg_id":905}})"},
      {"missing dest", R"({"src":"c1","body":{"type":"read","msg_id":906}})", 12, 906},
      {"dest not a string", R"({"src":"c1","dest":null,"body":{"type":"read","msg_id":907}})", 12,
       907},
      {"missing body", R"({"src":"c1","dest":"n1"})"},
      {"body an array", Line("[1]")},
      {"body a string", Line("\"read\"")},
      {"missing type", Line(R"({"msg_id":908})"), 12, 908},
      {"type a number", Line(R"({"type":7,"msg_id":909})"), 12, 909},
      {"empty type", Line(R"({"type":"","msg_id":910})"), 12, 910},
      {"unknown type", Line(R"({"type":"frobnicate","msg_id":911})"), 10, 911},
      {"msg_id a string", Line(R"({"type":"frobnicate","msg_id":"912"})")},
      {"msg_id a float", Line(R"({"type":"frobnicate","msg_id":912.5})")},
      {"invalid utf-8", Line("{\"type\":\"read\",\"msg_id\":913,\"x\":\"\xff\xfe\"}")},
      {"lone surrogate", Line(R"({"type":"read","msg_id":914,"x":"\ud800"})")},
      {"deeply nested", Line(R"({"type":"read","msg_id":915,"x":)" + Nested(200000) + "}"), 12,
       915},
      {"reply to nothing", Line(R"({"type":"read_ok","in_reply_to":123456})")},
      {"error reply to nothing", Line(R"({"type":"error","in_reply_to":123457,"code":13})")},
      {"msg_id beyond int64", Line(R"({"type":"frobnicate","msg_id":9223372036854775808})")},
      {"msg_id below int64", Line(R"({"type":"frobnicate","msg_id":-9223372036854775809})")},
      // nlohmann rejects a number out of a double's range as invalid JSON, so
      // no msg_id can be read back from the line: it is logged, not answered.
      {"number beyond a double", Line(R"({"type":"frobnicate","msg_id":917,"x":1e400})")},
      {"deeply nested objects",
       Line(R"({"type":"read","msg_id":918,"x":)" + [] {
              std::string s;
              for (int i = 0; i < 100000; ++i) s += R"({"a":)";
              return s + "1" + std::string(100000, '}');
            }() + "}"),
       12, 918},
      {"deeply nested and truncated", Line(R"({"type":"read","msg_id":919,"x":)" + std::string(100000, '['))},
      {"huge garbage", huge},
      {"huge request of unknown type",
       Line(R"({"type":"frobnicate","msg_id":916,"pad":")" + huge + "\"}"), 10, 916},
  };
}

// One binary under test: how to start it, what state to build before the
// bad input, which request shows that state, and its own malformed RPCs.
struct Workload {
  std::string name;
  std::string binary;
  std::vector<std::string> args;
  std::vector<Json> setup;     // requests that must succeed first
  Json state_request;          // answered identically before and after
  std::vector<Json> after;     // requests that must still succeed at the end
  std::vector<BadInput> specific;
};

std::vector<Workload> Workloads() {
  auto bad = [](std::string name, const std::string& body, std::int64_t msg_id) {
    return BadInput{std::move(name), Line(body), 12, msg_id};
  };
  return {
      {"echo", "echo", {}, {},
       {{"type", "echo"}, {"echo", {1, {{"a", 2}}}}},
       {{{"type", "echo"}, {"echo", "still here"}}},
       {bad("echo without echo", R"({"type":"echo","msg_id":920})", 920)}},
      {"unique_ids", "unique-ids", {}, {{{"type", "generate"}}},
       {{"type", "echo"}},  // unique-ids has no state to read: this shows 10 again
       {{{"type", "generate"}}},
       {}},
      {"broadcast", "broadcast", {},
       {{{"type", "topology"}, {"topology", {{"n1", Json::array()}}}},
        {{"type", "broadcast"}, {"message", 1}},
        {{"type", "broadcast"}, {"message", "two"}}},
       {{"type", "read"}},
       {{{"type", "broadcast"}, {"message", 3}}},
       {bad("broadcast without message", R"({"type":"broadcast","msg_id":930})", 930)}},
      {"broadcast_maelstrom_topology", "broadcast", {"--topology", "maelstrom"},
       {{{"type", "topology"}, {"topology", {{"n1", Json::array()}}}},
        {{"type", "broadcast"}, {"message", 1}}},
       {{"type", "read"}},
       {{{"type", "topology"}, {"topology", {{"n1", {"n2"}}}}}},
       {bad("topology missing", R"({"type":"topology","msg_id":931})", 931),
        bad("topology an array", R"({"type":"topology","msg_id":932,"topology":["n1"]})", 932),
        bad("neighbours not an array",
            R"({"type":"topology","msg_id":933,"topology":{"n1":"n2"}})", 933),
        bad("neighbour not a string",
            R"({"type":"topology","msg_id":934,"topology":{"n1":[2]}})", 934),
        bad("broadcast without message", R"({"type":"broadcast","msg_id":935})", 935)}},
      {"g_set", "g-set", {},
       {{{"type", "add"}, {"element", 1}}, {{"type", "add"}, {"element", {{"k", "v"}}}}},
       {{"type", "read"}},
       {{{"type", "add"}, {"element", 2}}},
       {bad("add without element", R"({"type":"add","msg_id":940})", 940),
        bad("add with message instead", R"({"type":"add","msg_id":941,"message":1})", 941)}},
      {"g_counter", "g-counter", {},
       {{{"type", "add"}, {"delta", 5}}, {{"type", "add"}, {"delta", 7}}},
       {{"type", "read"}},
       {{{"type", "add"}, {"delta", 1}}},
       {bad("add without delta", R"({"type":"add","msg_id":950})", 950),
        bad("delta a string", R"({"type":"add","msg_id":951,"delta":"5"})", 951),
        bad("delta a float", R"({"type":"add","msg_id":952,"delta":1.5})", 952),
        bad("delta in exponent form", R"({"type":"add","msg_id":953,"delta":1e3})", 953),
        bad("delta negative", R"({"type":"add","msg_id":954,"delta":-1})", 954),
        bad("delta a bool", R"({"type":"add","msg_id":955,"delta":true})", 955),
        bad("delta null", R"({"type":"add","msg_id":956,"delta":null})", 956),
        bad("delta beyond int64", R"({"type":"add","msg_id":957,"delta":9223372036854775808})",
            957),
        bad("delta beyond uint64", R"({"type":"add","msg_id":958,"delta":18446744073709551617})",
            958),
        {"delta beyond a double", Line(R"({"type":"add","msg_id":959,"delta":1e400})")},
        bad("delta an object", R"({"type":"add","msg_id":949,"delta":{"n":1}})", 949)}},
      {"pn_counter", "pn-counter", {},
       {{{"type", "add"}, {"delta", 5}}, {{"type", "add"}, {"delta", -8}}},
       {{"type", "read"}},
       {{{"type", "add"}, {"delta", -1}}},
       {bad("add without delta", R"({"type":"add","msg_id":960})", 960),
        bad("delta a string", R"({"type":"add","msg_id":961,"delta":"-5"})", 961),
        bad("delta a float", R"({"type":"add","msg_id":962,"delta":-1.5})", 962),
        bad("delta an array", R"({"type":"add","msg_id":963,"delta":[1]})", 963),
        bad("delta beyond int64", R"({"type":"add","msg_id":964,"delta":18446744073709551615})",
            964),
        bad("delta below int64", R"({"type":"add","msg_id":965,"delta":-9223372036854775809})",
            965),
        {"delta beyond a double", Line(R"({"type":"add","msg_id":966,"delta":-1e400})")},
        bad("delta null", R"({"type":"add","msg_id":967,"delta":null})", 967)}},
      {"kafka", "kafka", {},
       {{{"type", "send"}, {"key", "k"}, {"msg", 1}},
        {{"type", "send"}, {"key", "k"}, {"msg", {{"a", 2}}}},
        {{"type", "commit_offsets"}, {"offsets", {{"k", 0}}}}},
       {{"type", "poll"}, {"offsets", {{"k", 0}}}},
       {{{"type", "send"}, {"key", "k"}, {"msg", 3}},
        {{"type", "list_committed_offsets"}, {"keys", {"k"}}}},
       {bad("send without key", R"({"type":"send","msg_id":980,"msg":1})", 980),
        bad("send without msg", R"({"type":"send","msg_id":981,"key":"k"})", 981),
        bad("key a number", R"({"type":"send","msg_id":982,"key":7,"msg":1})", 982),
        bad("poll without offsets", R"({"type":"poll","msg_id":983})", 983),
        bad("offsets an array", R"({"type":"poll","msg_id":984,"offsets":[0]})", 984),
        bad("offset a string", R"({"type":"poll","msg_id":985,"offsets":{"k":"0"}})", 985),
        bad("commit of a float", R"({"type":"commit_offsets","msg_id":986,"offsets":{"k":1.5}})",
            986),
        bad("keys not an array",
            R"({"type":"list_committed_offsets","msg_id":987,"keys":"k"})", 987),
        bad("key in keys a number",
            R"({"type":"list_committed_offsets","msg_id":988,"keys":[1]})", 988),
        bad("key an object", R"({"type":"send","msg_id":989,"key":{"k":1},"msg":1})", 989),
        bad("offsets a string", R"({"type":"poll","msg_id":976,"offsets":"k"})", 976),
        {"offset beyond a double", Line(R"({"type":"poll","msg_id":977,"offsets":{"k":1e400}})")},
        bad("commit offsets an array", R"({"type":"commit_offsets","msg_id":978,"offsets":[1]})",
            978),
        bad("commit without offsets", R"({"type":"commit_offsets","msg_id":979})", 979),
        bad("list without keys", R"({"type":"list_committed_offsets","msg_id":968})", 968)}},
      {"txn_rw_register", "txn-rw-register", {},
       {{{"type", "txn"}, {"txn", {{"w", 1, 10}, {"w", 2, 20}}}}},
       {{"type", "txn"}, {"txn", {{"r", 1, nullptr}, {"r", 2, nullptr}}}},
       {{{"type", "txn"}, {"txn", {{"w", 1, 11}, {"r", 1, nullptr}}}}},
       {bad("txn missing", R"({"type":"txn","msg_id":990})", 990),
        bad("txn an object", R"({"type":"txn","msg_id":991,"txn":{}})", 991),
        bad("micro-op not an array", R"({"type":"txn","msg_id":992,"txn":["r"]})", 992),
        bad("micro-op too short", R"({"type":"txn","msg_id":993,"txn":[["r",1]]})", 993),
        bad("unknown micro-op", R"({"type":"txn","msg_id":994,"txn":[["x",1,null]]})", 994),
        bad("read with a value", R"({"type":"txn","msg_id":995,"txn":[["r",1,5]]})", 995),
        bad("bad op after a write",
            R"({"type":"txn","msg_id":996,"txn":[["w",1,99],["r"]]})", 996),
        bad("txn a string", R"({"type":"txn","msg_id":997,"txn":"r"})", 997),
        bad("micro-op an object", R"({"type":"txn","msg_id":998,"txn":[{"f":"r"}]})", 998),
        bad("micro-op f a number", R"({"type":"txn","msg_id":999,"txn":[[1,1,null]]})", 999)}},
  };
}

std::string WorkloadTestName(const ::testing::TestParamInfo<Workload>& info) { return info.param.name; }
void PrintTo(const Workload& w, std::ostream* os) { *os << w.name; }

class BadInputTest : public ::testing::TestWithParam<Workload> {
 protected:
  void SetUp() override {
    node_ = std::make_unique<NodeProcess>(BinaryPath(GetParam().binary), "n1", GetParam().args);
  }
  void TearDown() override {
    EXPECT_TRUE(node_->garbage.empty()) << "stdout carried a non-message: " << node_->garbage[0];
    EXPECT_EQ(node_->child().Wait(Ms(0)), std::nullopt) << "the node died";
  }

  // Sends one bad input and checks the node's response to it.
  void Check(const BadInput& input) {
    SCOPED_TRACE(input.name);
    node_->child().TakeStderr();
    ASSERT_TRUE(node_->SendLine(input.line));
    if (input.code != kNoReply) {
      std::optional<Json> reply = node_->AwaitReply(input.msg_id);
      ASSERT_TRUE(reply) << "no error reply";
      EXPECT_EQ((*reply)["type"], "error") << *reply;
      EXPECT_EQ((*reply)["code"], input.code) << *reply;
      EXPECT_TRUE((*reply)["text"].is_string()) << *reply;
    }
    // The next request is answered, and answered first: nothing else was.
    std::optional<Json> probe = node_->Call({{"type", "frobnicate"}});
    ASSERT_TRUE(probe) << "the node stopped answering";
    EXPECT_EQ(node_->unclaimed_replies(), 0u) << "an unexpected reply";
    const std::string err = node_->child().TakeStderr();
    if (input.logged) {
      EXPECT_FALSE(err.empty()) << "nothing logged";
    }
  }

  std::unique_ptr<NodeProcess> node_;
};

TEST_P(BadInputTest, BeforeInit) {
  const Workload& w = GetParam();
  const Json request = w.setup.empty() ? w.state_request : w.setup.front();
  std::vector<BadInput> before = {
      {"workload request before init", Line(Json(request).dump().insert(1, R"("msg_id":970,)")),
       11, 970},
      {"unknown type before init", Line(R"({"type":"frobnicate","msg_id":971})"), 11, 971},
      {"garbage before init", "garbage"},
      {"missing type before init", Line(R"({"msg_id":972})"), 12, 972},
      {"init without node_ids", Line(R"({"type":"init","msg_id":973,"node_id":"n1"})"), 12, 973},
      {"init with node_ids not strings",
       Line(R"({"type":"init","msg_id":974,"node_id":"n1","node_ids":[1]})"), 12, 974},
      {"init with node_id a number",
       Line(R"({"type":"init","msg_id":975,"node_id":1,"node_ids":["n1"]})"), 12, 975},
  };
  for (const BadInput& input : before) {
    SCOPED_TRACE(input.name);
    node_->child().TakeStderr();
    ASSERT_TRUE(node_->SendLine(input.line));
    if (input.code != kNoReply) {
      std::optional<Json> reply = node_->AwaitReply(input.msg_id);
      ASSERT_TRUE(reply) << "no error reply";
      EXPECT_EQ((*reply)["code"], input.code) << *reply;
    }
    std::optional<Json> probe = node_->Call({{"type", "frobnicate"}});
    ASSERT_TRUE(probe);
    EXPECT_EQ((*probe)["code"], 11);  // still not initialized
    EXPECT_FALSE(node_->child().TakeStderr().empty()) << "nothing logged";
  }
  ASSERT_EQ(node_->Init({"n1"}).value_or(nullptr)["type"], "init_ok");
  EXPECT_EQ(node_->Init({"n1"}).value_or(nullptr)["type"], "init_ok");  // again: fine
  std::optional<Json> other =
      node_->Call({{"type", "init"}, {"node_id", "n2"}, {"node_ids", {"n1", "n2"}}});
  ASSERT_TRUE(other);
  EXPECT_EQ((*other)["code"], 22);
  for (const Json& req : w.setup) {
    EXPECT_NE(node_->Call(req).value_or(nullptr)["type"], "error") << req;
  }
}

TEST_P(BadInputTest, AfterInit) {
  const Workload& w = GetParam();
  ASSERT_EQ(node_->Init({"n1"}).value_or(nullptr)["type"], "init_ok");
  for (const Json& req : w.setup) {
    std::optional<Json> reply = node_->Call(req);
    ASSERT_TRUE(reply) << req;
    ASSERT_NE((*reply)["type"], "error") << req << " -> " << *reply;
  }
  std::optional<Json> state_before = node_->Call(w.state_request);
  ASSERT_TRUE(state_before);
  state_before->erase("in_reply_to");

  std::vector<BadInput> inputs = CommonBadInputs();
  inputs.insert(inputs.end(), w.specific.begin(), w.specific.end());
  // Empty lines are skipped silently.
  inputs.push_back({"empty lines", "\n\n", kNoReply, 0, /*logged=*/false});
  for (const BadInput& input : inputs) Check(input);

  std::optional<Json> state_after = node_->Call(w.state_request);
  ASSERT_TRUE(state_after);
  state_after->erase("in_reply_to");
  EXPECT_EQ(*state_after, *state_before);
  for (const Json& req : w.after) {
    std::optional<Json> reply = node_->Call(req);
    ASSERT_TRUE(reply) << req;
    EXPECT_NE((*reply)["type"], "error") << req << " -> " << *reply;
  }
}

INSTANTIATE_TEST_SUITE_P(AllWorkloads, BadInputTest, ::testing::ValuesIn(Workloads()), WorkloadTestName);

TEST(BadInput, EchoReturnsAHugePayloadWhole) {
  NodeProcess node(BinaryPath("echo"), "n1");
  ASSERT_EQ(node.Init({"n1"}).value_or(nullptr)["type"], "init_ok");
  const std::string payload(3 << 20, 'e');
  std::optional<Json> reply = node.Call({{"type", "echo"}, {"echo", payload}}, Ms(20000));
  ASSERT_TRUE(reply);
  EXPECT_EQ((*reply)["echo"], payload);
}

// Lines past the runtime's limit (64 MiB) are dropped whole, without being
// buffered, and the line after them is read normally.
TEST(BadInput, OverlongLineIsDroppedAndTheNextOneServed) {
  NodeProcess node(BinaryPath("echo"), "n1");
  ASSERT_EQ(node.Init({"n1"}).value_or(nullptr)["type"], "init_ok");
  node.child().TakeStderr();
  const std::string chunk(1 << 20, 'x');
  for (int i = 0; i < 65; ++i) ASSERT_TRUE(node.child().Write(chunk));
  // The tail of the long line looks like a request: it must not be served.
  ASSERT_TRUE(node.child().Write(R"({"src":"c1","dest":"n1","body":{"type":"echo","msg_id":5,"echo":1}})"
                                 "\n"));
  std::optional<Json> reply = node.Call({{"type", "echo"}, {"echo", "after"}}, Ms(20000));
  ASSERT_TRUE(reply);
  EXPECT_EQ((*reply)["echo"], "after");
  EXPECT_EQ(node.unclaimed_replies(), 0u);
  EXPECT_NE(node.child().TakeStderr().find("longer than"), std::string::npos);
}

}  // namespace
}  // namespace glomers::testing
