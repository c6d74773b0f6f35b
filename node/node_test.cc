#include "node/node.h"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <vector>

#include "node/fields.h"
#include "node/testing/fake_env.h"

namespace glomers {
namespace {

using testing::FakeEnv;

class NodeTest : public ::testing::Test {
 protected:
  // Hands a request from client c1 to the node and returns what it emitted.
  std::vector<Message> Send(Json body) {
    node_.Receive(Message{"c1", "n1", std::move(body)});
    return env_.TakeOutbox();
  }
  // Like Send, expecting exactly one reply; returns its body.
  Json Call(Json body) {
    std::vector<Message> out = Send(std::move(body));
    EXPECT_EQ(out.size(), 1u);
    if (out.size() != 1) return nullptr;
    EXPECT_EQ(out[0].dest, "c1");
    return out[0].body;
  }
  void Init(const std::string& id = "n1") {
    Json reply = Call({{"type", "init"}, {"msg_id", 1}, {"node_id", id},
                       {"node_ids", {"n0", "n1", "n2"}}});
    ASSERT_EQ(reply["type"], "init_ok");
  }
  bool Logged(const std::string& needle) const {
    for (const auto& line : env_.logs()) {
      if (line.find(needle) != std::string::npos) return true;
    }
    return false;
  }

  FakeEnv env_;
  Node node_{env_};
};

TEST_F(NodeTest, InitAnswersAndRecordsIdentity) {
  int ran = 0;
  node_.OnInit([&] {
    ++ran;
    EXPECT_EQ(node_.id(), "n1");  // identity is known when callbacks run
  });
  EXPECT_FALSE(node_.initialized());
  std::vector<Message> out =
      Send({{"type", "init"}, {"msg_id", 4}, {"node_id", "n1"}, {"node_ids", {"n0", "n1", "n2"}}});
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].src, "n1");
  EXPECT_EQ(out[0].dest, "c1");
  EXPECT_EQ(out[0].body, Json::parse(R"({"type":"init_ok","in_reply_to":4})"));
  EXPECT_TRUE(node_.initialized());
  EXPECT_EQ(node_.id(), "n1");
  EXPECT_EQ(node_.node_ids(), (std::vector<std::string>{"n0", "n1", "n2"}));
  EXPECT_EQ(node_.index(), 1u);
  EXPECT_EQ(ran, 1);
}

TEST_F(NodeTest, SecondIdenticalInitIsAnsweredAgainWithoutRerunningCallbacks) {
  int ran = 0;
  node_.OnInit([&] { ++ran; });
  Init();
  Json again = Call({{"type", "init"}, {"msg_id", 2}, {"node_id", "n1"},
                     {"node_ids", {"n0", "n1", "n2"}}});
  EXPECT_EQ(again["type"], "init_ok");
  EXPECT_EQ(again["in_reply_to"], 2);
  EXPECT_EQ(ran, 1);
}

TEST_F(NodeTest, DifferentInitIsRefused) {
  Init();
  Json other = Call({{"type", "init"}, {"msg_id", 2}, {"node_id", "n2"},
                     {"node_ids", {"n0", "n1", "n2"}}});
  EXPECT_EQ(other["type"], "error");
  EXPECT_EQ(other["code"], 22);
  Json other_cluster = Call({{"type", "init"}, {"msg_id", 3}, {"node_id", "n1"},
                             {"node_ids", {"n1"}}});
  EXPECT_EQ(other_cluster["code"], 22);
  EXPECT_EQ(node_.id(), "n1");
  EXPECT_EQ(node_.node_ids().size(), 3u);
}

TEST_F(NodeTest, BadInitIsMalformedAndLeavesNodeUninitialized) {
  const char* bad[] = {
      R"({"type":"init","msg_id":1})",
      R"({"type":"init","msg_id":1,"node_id":"n1"})",
      R"({"type":"init","msg_id":1,"node_id":5,"node_ids":["n1"]})",
      R"({"type":"init","msg_id":1,"node_id":"n1","node_ids":"n1"})",
      R"({"type":"init","msg_id":1,"node_id":"n1","node_ids":["n1",2]})",
  };
  for (const char* body : bad) {
    Json reply = Call(Json::parse(body));
    EXPECT_EQ(reply["type"], "error") << body;
    EXPECT_EQ(reply["code"], 12) << body;
    EXPECT_FALSE(node_.initialized());
  }
  Init();
}

TEST_F(NodeTest, InitNotListingSelfWarns) {
  Json reply = Call({{"type", "init"}, {"msg_id", 1}, {"node_id", "n9"}, {"node_ids", {"n0"}}});
  EXPECT_EQ(reply["type"], "init_ok");
  EXPECT_TRUE(Logged("does not list"));
}

TEST_F(NodeTest, RequestsBeforeInitAreTemporarilyUnavailable) {
  bool ran = false;
  node_.Handle("read", [&](const Message&) { ran = true; });
  Json reply = Call({{"type", "read"}, {"msg_id", 3}});
  EXPECT_EQ(reply["type"], "error");
  EXPECT_EQ(reply["code"], 11);
  EXPECT_EQ(reply["in_reply_to"], 3);
  EXPECT_FALSE(ran);
  EXPECT_TRUE(Logged("before init"));
  // Without a msg_id there is nothing to answer.
  EXPECT_TRUE(Send({{"type", "read"}}).empty());
  Init();
  Send({{"type", "read"}, {"msg_id", 4}});
  EXPECT_TRUE(ran);
}

TEST_F(NodeTest, DispatchesByTypeAndReplies) {
  Init();
  std::vector<std::string> seen;
  node_.Handle("a", [&](const Message& req) {
    seen.push_back("a");
    node_.Reply(req, {{"type", "a_ok"}, {"x", 1}});
  });
  node_.Handle("b", [&](const Message& req) {
    seen.push_back("b");
    node_.Reply(req, {{"type", "b_ok"}});
  });
  std::vector<Message> out = Send({{"type", "a"}, {"msg_id", 10}});
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].src, "n1");
  EXPECT_EQ(out[0].dest, "c1");
  EXPECT_EQ(out[0].body, Json::parse(R"({"type":"a_ok","x":1,"in_reply_to":10})"));
  EXPECT_EQ(Call({{"type", "b"}, {"msg_id", 11}})["in_reply_to"], 11);
  EXPECT_EQ(seen, (std::vector<std::string>{"a", "b"}));
  // Reply is a no-op for a request without msg_id.
  EXPECT_TRUE(Send({{"type", "a"}}).empty());
}

TEST_F(NodeTest, HandleReplacesEarlierHandler) {
  Init();
  node_.Handle("x", [&](const Message& req) { node_.Reply(req, {{"type", "first"}}); });
  node_.Handle("x", [&](const Message& req) { node_.Reply(req, {{"type", "second"}}); });
  EXPECT_EQ(Call({{"type", "x"}, {"msg_id", 1}})["type"], "second");
}

TEST_F(NodeTest, UnknownTypeIsNotSupported) {
  Init();
  Json reply = Call({{"type", "frobnicate"}, {"msg_id", 5}});
  EXPECT_EQ(reply["type"], "error");
  EXPECT_EQ(reply["code"], 10);
  EXPECT_EQ(reply["in_reply_to"], 5);
  EXPECT_TRUE(Logged("frobnicate"));
  EXPECT_EQ(node_.stats().rejected, 1u);
}

TEST_F(NodeTest, HandlerFailuresBecomeErrorsAndTheNodeKeepsServing) {
  Init();
  node_.Handle("rpc_error", [](const Message&) {
    throw RpcError(ErrorCode::kKeyDoesNotExist, "nope");
  });
  node_.Handle("missing_field", [](const Message& req) { fields::Int(req.body, "delta"); });
  node_.Handle("json_error", [](const Message& req) { (void)req.body.at("absent"); });
  node_.Handle("json_type", [](const Message& req) { (void)req.body["type"].get<int>(); });
  node_.Handle("std_error", [](const Message&) { throw std::logic_error("oops"); });
  node_.Handle("ok", [&](const Message& req) { node_.Reply(req, {{"type", "ok_ok"}}); });

  struct Case {
    const char* type;
    int code;
  } cases[] = {{"rpc_error", 20}, {"missing_field", 12}, {"json_error", 12},
               {"json_type", 12}, {"std_error", 13}};
  int msg_id = 100;
  for (const Case& c : cases) {
    const std::size_t logs_before = env_.logs().size();
    Json reply = Call({{"type", c.type}, {"msg_id", ++msg_id}});
    EXPECT_EQ(reply["type"], "error") << c.type;
    EXPECT_EQ(reply["code"], c.code) << c.type;
    EXPECT_EQ(reply["in_reply_to"], msg_id) << c.type;
    EXPECT_TRUE(reply["text"].is_string()) << c.type;
    EXPECT_GT(env_.logs().size(), logs_before) << c.type;
    EXPECT_EQ(Call({{"type", "ok"}, {"msg_id", 1}})["type"], "ok_ok") << "after " << c.type;
  }
  EXPECT_EQ(Call({{"type", "rpc_error"}, {"msg_id", 1}})["text"], "nope");
  EXPECT_EQ(node_.stats().rejected, 6u);
}

TEST_F(NodeTest, ReceiveLineAnswersMalformedLinesWhenItCan) {
  Init();
  node_.ReceiveLine(R"({"src":"c1","body":{"type":"read","msg_id":9}})");
  std::vector<Message> out = env_.TakeOutbox();
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].dest, "c1");
  EXPECT_EQ(out[0].src, "n1");
  EXPECT_EQ(out[0].body["code"], 12);
  EXPECT_EQ(out[0].body["in_reply_to"], 9);

  node_.ReceiveLine("not json at all");
  EXPECT_TRUE(env_.TakeOutbox().empty());
  EXPECT_TRUE(Logged("not json at all"));
  EXPECT_EQ(node_.stats().rejected, 2u);
}

TEST_F(NodeTest, MalformedLineBeforeInitIsAnsweredFromTheAddressedNode) {
  node_.ReceiveLine(R"({"src":"c1","dest":"n7","body":{"msg_id":2}})");
  std::vector<Message> out = env_.TakeOutbox();
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].src, "n7");
  EXPECT_EQ(out[0].body["code"], 12);
}

TEST_F(NodeTest, ReceiveLineLogsOnlyAPrefixOfAHugeLine) {
  Init();
  std::string line(1 << 20, 'x');
  node_.ReceiveLine(line);
  ASSERT_FALSE(env_.logs().empty());
  EXPECT_LT(env_.logs().back().size(), 1000u);
}

TEST_F(NodeTest, SendAddressesFromSelf) {
  Init();
  node_.Send("n2", {{"type", "gossip"}});
  std::vector<Message> out = env_.TakeOutbox();
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].src, "n1");
  EXPECT_EQ(out[0].dest, "n2");
  EXPECT_FALSE(out[0].body.contains("msg_id"));
  EXPECT_EQ(node_.stats().sent, 2u);  // init_ok and this
}

// --- Rpc ------------------------------------------------------------------

class RpcTest : public NodeTest {
 protected:
  void SetUp() override { Init(); }
  // Sends an RPC and returns the request as emitted.
  Message StartRpc(std::vector<Result<Message>>* results, Micros timeout = 1s) {
    node_.Rpc("n2", {{"type", "ping"}},
              [results](const Result<Message>& r) { results->push_back(r); }, timeout);
    std::vector<Message> out = env_.TakeOutbox();
    EXPECT_EQ(out.size(), 1u);
    return out.empty() ? Message{} : out[0];
  }
  void ReplyFrom(const std::string& src, std::int64_t in_reply_to, Json body) {
    body["in_reply_to"] = in_reply_to;
    node_.Receive(Message{src, "n1", std::move(body)});
  }
};

TEST_F(RpcTest, MatchesRepliesById) {
  std::vector<Result<Message>> a, b;
  Message ra = StartRpc(&a);
  Message rb = StartRpc(&b);
  ASSERT_TRUE(ra.msg_id() && rb.msg_id());
  EXPECT_NE(*ra.msg_id(), *rb.msg_id());
  EXPECT_EQ(ra.dest, "n2");
  ReplyFrom("n2", *rb.msg_id(), {{"type", "pong"}, {"who", "b"}});
  ASSERT_EQ(b.size(), 1u);
  EXPECT_TRUE(a.empty());
  ASSERT_TRUE(b[0].ok());
  EXPECT_EQ(b[0].value().body["who"], "b");
  ReplyFrom("n2", *ra.msg_id(), {{"type", "pong"}, {"who", "a"}});
  ASSERT_EQ(a.size(), 1u);
  EXPECT_EQ(a[0].value().body["who"], "a");
  // A duplicate reply runs nothing.
  ReplyFrom("n2", *ra.msg_id(), {{"type", "pong"}});
  EXPECT_EQ(a.size(), 1u);
  EXPECT_TRUE(env_.TakeOutbox().empty());  // replies are never answered
}

TEST_F(RpcTest, ErrorRepliesArriveAsErrors) {
  std::vector<Result<Message>> r;
  Message req = StartRpc(&r);
  ReplyFrom("n2", *req.msg_id(), {{"type", "error"}, {"code", 22}, {"text", "mismatch"}});
  ASSERT_EQ(r.size(), 1u);
  ASSERT_FALSE(r[0].ok());
  EXPECT_EQ(r[0].error().code, 22);
  EXPECT_EQ(r[0].error().text, "mismatch");
  EXPECT_TRUE(r[0].error().definite());
}

TEST_F(RpcTest, TimesOutAndIgnoresTheLateReply) {
  std::vector<Result<Message>> r;
  Message req = StartRpc(&r, 500ms);
  env_.Advance(499ms);
  node_.RunTimers();
  EXPECT_TRUE(r.empty());
  env_.Advance(1ms);
  node_.RunTimers();
  ASSERT_EQ(r.size(), 1u);
  ASSERT_FALSE(r[0].ok());
  EXPECT_EQ(r[0].error().code, 0);
  EXPECT_FALSE(r[0].error().definite());
  ReplyFrom("n2", *req.msg_id(), {{"type", "pong"}});
  EXPECT_EQ(r.size(), 1u);
  EXPECT_TRUE(Logged("ignoring reply"));
}

TEST_F(RpcTest, ReplyCancelsTheTimeout) {
  std::vector<Result<Message>> r;
  Message req = StartRpc(&r, 500ms);
  ReplyFrom("n2", *req.msg_id(), {{"type", "pong"}});
  env_.Advance(10s);
  node_.RunTimers();
  EXPECT_EQ(r.size(), 1u);
}

TEST_F(RpcTest, ThrowingCallbackIsLoggedAndContained) {
  node_.Rpc("n2", {{"type", "ping"}}, [](const Result<Message>&) {
    throw std::runtime_error("callback blew up");
  });
  Message req = env_.TakeOutbox().at(0);
  ASSERT_NO_THROW(ReplyFrom("n2", *req.msg_id(), {{"type", "pong"}}));
  EXPECT_TRUE(Logged("callback blew up"));
}

TEST_F(RpcTest, RepliesAreHandledEvenWithoutAType) {
  std::vector<Result<Message>> r;
  Message req = StartRpc(&r);
  node_.Receive(Message{"n2", "n1", {{"in_reply_to", *req.msg_id()}}});
  EXPECT_EQ(r.size(), 1u);
}

// --- Timers -----------------------------------------------------------------

TEST_F(NodeTest, AfterFiresOnceAtItsDeadline) {
  int fired = 0;
  node_.After(100ms, [&] { ++fired; });
  EXPECT_EQ(node_.NextDeadline(), Micros(100ms));
  env_.Advance(99ms);
  node_.RunTimers();
  EXPECT_EQ(fired, 0);
  env_.Advance(1ms);
  node_.RunTimers();
  EXPECT_EQ(fired, 1);
  env_.Advance(1s);
  node_.RunTimers();
  EXPECT_EQ(fired, 1);
  EXPECT_EQ(node_.NextDeadline(), std::nullopt);
}

TEST_F(NodeTest, ZeroAndNegativeDelaysFireAtOnce) {
  int fired = 0;
  node_.After(0ms, [&] { ++fired; });
  node_.After(-5ms, [&] { ++fired; });
  EXPECT_EQ(node_.NextDeadline(), Micros(0));
  node_.RunTimers();
  EXPECT_EQ(fired, 2);
}

TEST_F(NodeTest, EveryKeepsItsPhase) {
  std::vector<Micros> at;
  env_.Advance(3ms);
  node_.Every(100ms, [&] { at.push_back(env_.Now()); });
  // Running late does not shift the schedule.
  env_.Advance(130ms);
  node_.RunTimers();
  EXPECT_EQ(node_.NextDeadline(), Micros(203ms));
  env_.Advance(70ms);
  node_.RunTimers();
  EXPECT_EQ(at, (std::vector<Micros>{133ms, 203ms}));
  // Falling more than a period behind fires once, then resumes a period on.
  env_.Advance(1000ms);
  node_.RunTimers();
  EXPECT_EQ(at.size(), 3u);
  EXPECT_EQ(node_.NextDeadline(), Micros(1303ms));
}

TEST_F(NodeTest, CancelStopsTimers) {
  int a = 0, b = 0;
  TimerId ta = node_.After(10ms, [&] { ++a; });
  TimerId tb = node_.Every(10ms, [&] { ++b; });
  node_.Cancel(ta);
  env_.Advance(25ms);
  node_.RunTimers();
  EXPECT_EQ(a, 0);
  EXPECT_EQ(b, 1);
  node_.Cancel(tb);
  node_.Cancel(tb);      // twice is fine
  node_.Cancel(12345);   // unknown is fine
  env_.Advance(100ms);
  node_.RunTimers();
  EXPECT_EQ(b, 1);
}

TEST_F(NodeTest, EveryMayCancelItselfFromItsCallback) {
  int fired = 0;
  TimerId id = 0;
  id = node_.Every(10ms, [&] {
    if (++fired == 3) node_.Cancel(id);
  });
  for (int i = 0; i < 10; ++i) {
    env_.Advance(10ms);
    node_.RunTimers();
  }
  EXPECT_EQ(fired, 3);
}

TEST_F(NodeTest, CallbackMayCancelALaterTimerDueNow) {
  int second = 0;
  TimerId later = 0;
  node_.After(10ms, [&] { node_.Cancel(later); });
  later = node_.After(10ms, [&] { ++second; });
  env_.Advance(10ms);
  node_.RunTimers();
  EXPECT_EQ(second, 0);
}

TEST_F(NodeTest, EqualDeadlinesFireInCreationOrder) {
  std::string order;
  node_.After(50ms, [&] { order += 'a'; });
  node_.After(20ms, [&] { order += 'x'; });
  node_.After(50ms, [&] { order += 'b'; });
  node_.Every(50ms, [&] { order += 'c'; });
  node_.After(50ms, [&] { order += 'd'; });
  env_.Advance(50ms);
  node_.RunTimers();
  EXPECT_EQ(order, "xabcd");
}

TEST_F(NodeTest, TimersAddedByCallbacksRunWhenDue) {
  std::string order;
  node_.After(10ms, [&] {
    order += '1';
    node_.After(0ms, [&] { order += '2'; });     // due now: runs in this pass
    node_.After(5ms, [&] { order += '3'; });     // not yet
  });
  env_.Advance(10ms);
  node_.RunTimers();
  EXPECT_EQ(order, "12");
  EXPECT_EQ(node_.NextDeadline(), Micros(15ms));
  env_.Advance(5ms);
  node_.RunTimers();
  EXPECT_EQ(order, "123");
}

TEST_F(NodeTest, ThrowingTimerIsLoggedAndPeriodicOneKeepsRunning) {
  int fired = 0;
  node_.Every(10ms, [&] {
    ++fired;
    throw std::runtime_error("tick failed");
  });
  for (int i = 0; i < 3; ++i) {
    env_.Advance(10ms);
    node_.RunTimers();
  }
  EXPECT_EQ(fired, 3);
  EXPECT_TRUE(Logged("tick failed"));
}

TEST_F(NodeTest, NextDeadlineIsTheEarliest) {
  EXPECT_EQ(node_.NextDeadline(), std::nullopt);
  node_.After(300ms, [] {});
  node_.After(100ms, [] {});
  node_.Every(200ms, [] {});
  EXPECT_EQ(node_.NextDeadline(), Micros(100ms));
  env_.Advance(100ms);
  node_.RunTimers();
  EXPECT_EQ(node_.NextDeadline(), Micros(200ms));
}

TEST_F(NodeTest, RngIsSeededFromEnv) {
  FakeEnv e1(42), e2(42), e3(43);
  Node a(e1), b(e2), c(e3);
  EXPECT_EQ(a.rng()(), b.rng()());
  EXPECT_NE(a.rng()(), c.rng()());
}

}  // namespace
}  // namespace glomers
