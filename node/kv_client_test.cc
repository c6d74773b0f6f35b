#include "node/kv_client.h"

#include <gtest/gtest.h>

#include <map>
#include <optional>

#include "node/testing/fake_env.h"

namespace glomers {
namespace {

using testing::FakeEnv;

// A stand-in for Maelstrom's KV services: answers the requests the node
// emitted, by the rules of doc/services.md, with a map of its own.
class FakeKv {
 public:
  explicit FakeKv(std::string name) : name_(std::move(name)) {}

  // Answers every request in `out` addressed to this service.
  void Serve(Node& node, FakeEnv& env) {
    for (Message& req : env.TakeOutbox()) {
      if (req.dest != name_) continue;
      requests.push_back(req.body);
      if (silent) continue;
      Json reply = Answer(req.body);
      reply["in_reply_to"] = *req.msg_id();
      node.Receive(Message{name_, req.src, std::move(reply)});
    }
  }

  std::map<std::string, Json> data;
  std::vector<Json> requests;
  bool silent = false;       // never answer: the client must time out
  std::optional<Json> odd;   // answer every request with this body instead

 private:
  Json Answer(const Json& body) {
    if (odd) return *odd;
    const std::string key = body["key"].dump();
    const std::string type = body["type"];
    auto it = data.find(key);
    if (type == "read") {
      if (it == data.end()) return Error(ErrorCode::kKeyDoesNotExist, "not found").ToBody();
      return {{"type", "read_ok"}, {"value", it->second}};
    }
    if (type == "write") {
      data[key] = body["value"];
      return {{"type", "write_ok"}};
    }
    if (type == "cas") {
      if (it == data.end()) {
        if (!body.value("create_if_not_exists", false)) {
          return Error(ErrorCode::kKeyDoesNotExist, "not found").ToBody();
        }
        data[key] = body["to"];
        return {{"type", "cas_ok"}};
      }
      if (it->second != body["from"]) {
        return Error(ErrorCode::kPreconditionFailed, "mismatch").ToBody();
      }
      it->second = body["to"];
      return {{"type", "cas_ok"}};
    }
    return Error(ErrorCode::kNotSupported, "?").ToBody();
  }

  std::string name_;
};

class KvClientTest : public ::testing::Test {
 protected:
  void SetUp() override {
    node_.Receive(Message{"c1", "n1", {{"type", "init"}, {"msg_id", 1}, {"node_id", "n1"},
                                       {"node_ids", {"n1"}}}});
    env_.TakeOutbox();
  }

  FakeEnv env_;
  Node node_{env_};
  FakeKv kv_{KvClient::kLinKv};
  KvClient client_{node_, KvClient::kLinKv, 300ms};
};

TEST_F(KvClientTest, ReadOfMissingKeyIsKeyDoesNotExist) {
  std::optional<Result<Json>> got;
  client_.Read("k", [&](const Result<Json>& r) { got = r; });
  kv_.Serve(node_, env_);
  ASSERT_TRUE(got);
  ASSERT_FALSE(got->ok());
  EXPECT_EQ(got->error().code, 20);
  const Json& req = kv_.requests.at(0);
  EXPECT_EQ(req["type"], "read");
  EXPECT_EQ(req["key"], "k");
  EXPECT_TRUE(req["msg_id"].is_number_integer());
  EXPECT_EQ(req.size(), 3u);
}

TEST_F(KvClientTest, WriteThenRead) {
  bool wrote = false;
  client_.Write("k", {1, 2}, [&](const Result<Done>& r) { wrote = r.ok(); });
  kv_.Serve(node_, env_);
  EXPECT_TRUE(wrote);
  std::optional<Result<Json>> got;
  client_.Read("k", [&](const Result<Json>& r) { got = r; });
  kv_.Serve(node_, env_);
  ASSERT_TRUE(got && got->ok());
  EXPECT_EQ(got->value(), Json({1, 2}));
  EXPECT_EQ(kv_.requests.at(0)["value"], Json({1, 2}));
}

TEST_F(KvClientTest, CasOutcomes) {
  std::vector<int> codes;
  auto record = [&](const Result<Done>& r) { codes.push_back(r.ok() ? -1 : r.error().code); };
  client_.Cas(7, 1, 2, false, record);  // missing key
  kv_.Serve(node_, env_);
  client_.Cas(7, 1, 2, true, record);   // created with `to`
  kv_.Serve(node_, env_);
  client_.Cas(7, 1, 3, false, record);  // from mismatch
  kv_.Serve(node_, env_);
  client_.Cas(7, 2, 3, false, record);  // ok
  kv_.Serve(node_, env_);
  EXPECT_EQ(codes, (std::vector<int>{20, -1, 22, -1}));
  EXPECT_EQ(kv_.data.at("7"), 3);
  EXPECT_FALSE(kv_.requests.at(0).contains("create_if_not_exists"));
  EXPECT_EQ(kv_.requests.at(1)["create_if_not_exists"], true);
  EXPECT_EQ(kv_.requests.at(3)["from"], 2);
  EXPECT_EQ(kv_.requests.at(3)["to"], 3);
}

TEST_F(KvClientTest, SilenceIsAnIndefiniteTimeout) {
  kv_.silent = true;
  std::optional<Result<Done>> got;
  client_.Write("k", 1, [&](const Result<Done>& r) { got = r; });
  kv_.Serve(node_, env_);
  env_.Advance(299ms);
  node_.RunTimers();
  EXPECT_FALSE(got);
  env_.Advance(1ms);
  node_.RunTimers();
  ASSERT_TRUE(got);
  ASSERT_FALSE(got->ok());
  EXPECT_EQ(got->error().code, 0);
  EXPECT_FALSE(got->error().definite());
}

TEST_F(KvClientTest, UnexpectedRepliesAreIndefinite) {
  std::vector<Json> odd_replies = {
      Json{{"type", "write_ok"}},  // wrong type for a read
      Json{{"type", "read_ok"}},   // read_ok without a value
  };
  for (const Json& odd : odd_replies) {
    kv_.odd = odd;
    std::optional<Result<Json>> got;
    client_.Read("k", [&](const Result<Json>& r) { got = r; });
    kv_.Serve(node_, env_);
    ASSERT_TRUE(got) << odd;
    ASSERT_FALSE(got->ok()) << odd;
    EXPECT_EQ(got->error().code, 13) << odd;
    EXPECT_FALSE(got->error().definite());
  }
  kv_.odd = Json{{"type", "read_ok"}, {"value", 1}};
  std::optional<Result<Done>> cas;
  client_.Cas("k", 1, 2, false, [&](const Result<Done>& r) { cas = r; });
  kv_.Serve(node_, env_);
  ASSERT_TRUE(cas);
  EXPECT_EQ(cas->error().code, 13);
}

TEST_F(KvClientTest, TalksToTheNamedService) {
  KvClient seq(node_, KvClient::kSeqKv);
  seq.Read("x", [](const Result<Json>&) {});
  std::vector<Message> out = env_.TakeOutbox();
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].dest, "seq-kv");
  EXPECT_EQ(out[0].src, "n1");
  EXPECT_EQ(seq.service(), "seq-kv");
}

}  // namespace
}  // namespace glomers
