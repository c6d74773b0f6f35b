#include "workloads/models.h"

#include <map>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "node/topology.h"

namespace glomers::workloads {
namespace {

using bench::OpType;

// A ClientIO that records requests and completions; the test answers each
// request by hand.
class FakeIO : public bench::ClientIO {
 public:
  struct Request {
    Json body;
    std::function<void(const Result<Message>&)> done;
  };
  struct Completion {
    OpType type;
    Json value;
    std::string error;
  };

  void Call(Json body, std::function<void(const Result<Message>&)> done, Micros) override {
    requests.push_back({std::move(body), std::move(done)});
  }
  void Complete(OpType type, Json value, std::string error) override {
    completions.push_back({type, std::move(value), std::move(error)});
  }
  const std::string& node() const override { return node_; }
  std::int64_t process() const override { return 0; }
  bench::Rng& rng() override { return rng_; }

  // Answers the latest request.
  void Reply(Json body) { requests.back().done(Message{node_, "c1", std::move(body)}); }
  void Fail(int code) { requests.back().done(Error(code, "boom")); }

  // The one completion so far.
  const Completion& completion() const {
    EXPECT_EQ(completions.size(), 1u);
    return completions.back();
  }

  std::vector<Request> requests;
  std::vector<Completion> completions;

 private:
  std::string node_ = "n1";
  bench::Rng rng_{1};
};

bench::TestOptions Options(int nodes) {
  bench::TestOptions o;
  for (int i = 0; i < nodes; ++i) o.nodes.push_back("n" + std::to_string(i));
  return o;
}

// Runs `invocation` through a fresh client of `workload` and answers its one
// request with `answer`.
FakeIO::Completion Perform(bench::Workload& workload, const bench::Invocation& invocation,
                       const std::function<void(FakeIO&)>& answer, Json* request = nullptr) {
  FakeIO io;
  auto client = workload.NewClient(0);
  client->Invoke(invocation, io);
  EXPECT_EQ(io.requests.size(), 1u);
  if (request != nullptr) *request = io.requests.back().body;
  EXPECT_TRUE(io.completions.empty()) << "completed before the reply";
  answer(io);
  return io.completion();
}

auto Replying(Json body) {
  return [body](FakeIO& io) { io.Reply(body); };
}
auto Failing(int code) {
  return [code](FakeIO& io) { io.Fail(code); };
}

struct Draws {
  std::map<std::string, int> by_f;
  std::vector<Json> values;  // of non-read ops
};

Draws Draw(bench::Workload& workload, int n, std::uint64_t seed = 42) {
  bench::Rng rng(seed);
  Draws d;
  for (int i = 0; i < n; ++i) {
    bench::GenContext ctx{bench::Phase::kMain, i % 5, 0, &rng};
    auto op = workload.Next(ctx);
    if (!op) {
      ADD_FAILURE() << "main phase ran dry";
      break;
    }
    ++d.by_f[op->f];
    if (op->f != "read") d.values.push_back(op->value);
  }
  return d;
}

TEST(Models, MakeWorkloadKnowsEveryModelName) {
  const bench::TestOptions options = Options(3);
  for (const std::string& name : ModelNames()) {
    auto w = MakeWorkload(name, options);
    ASSERT_NE(w, nullptr) << name;
    const bool final_phase = name != "echo" && name != "unique-ids" && name != "txn-rw-register";
    EXPECT_EQ(w->HasFinalPhase(), final_phase) << name;
  }
  EXPECT_EQ(MakeWorkload("no-such-workload", options), nullptr);
}

// --- echo --------------------------------------------------------------------

TEST(EchoModel, GeneratesPleaseEchoUpTo127) {
  auto w = MakeWorkload("echo", Options(1));
  std::set<std::string> seen;
  for (const Json& v : Draw(*w, 5000).values) seen.insert(v.get<std::string>());
  EXPECT_EQ(seen.size(), 128u);
  EXPECT_TRUE(seen.count("Please echo 0"));
  EXPECT_TRUE(seen.count("Please echo 127"));
}

TEST(EchoModel, ClientCompletions) {
  auto w = MakeWorkload("echo", Options(1));
  const bench::Invocation op{"echo", "Please echo 3"};
  Json request;
  const Json reply = {{"type", "echo_ok"}, {"echo", "Please echo 3"}, {"in_reply_to", 1}};
  auto c = Perform(*w, op, Replying(reply), &request);
  EXPECT_EQ(request, Json({{"type", "echo"}, {"echo", "Please echo 3"}}));
  EXPECT_EQ(c.type, OpType::kOk);
  EXPECT_EQ(c.value, reply) << "the ok value is the whole reply body";

  c = Perform(*w, op, Failing(0));
  EXPECT_EQ(c.type, OpType::kInfo);
  EXPECT_EQ(c.value, "Please echo 3");
  EXPECT_NE(c.error.find("timeout"), std::string::npos);
  EXPECT_EQ(Perform(*w, op, Failing(10)).type, OpType::kFail);  // definite
  EXPECT_EQ(Perform(*w, op, Failing(13)).type, OpType::kInfo);  // indefinite

  c = Perform(*w, op, Replying({{"type", "echo_ok"}}));
  EXPECT_EQ(c.type, OpType::kInfo);
  EXPECT_NE(c.error.find("malformed"), std::string::npos);
  EXPECT_EQ(Perform(*w, op, Replying({{"type", "read_ok"}, {"echo", "x"}})).type, OpType::kInfo);
  // Maelstrom's response schemas are closed: a field they do not name makes
  // its client throw (info); msg_id may come, as an integer.
  c = Perform(*w, op, Replying({{"type", "echo_ok"}, {"echo", "Please echo 3"}, {"extra", 1}}));
  EXPECT_EQ(c.type, OpType::kInfo);
  EXPECT_NE(c.error.find("field extra is not in the reply's schema"), std::string::npos) << c.error;
  EXPECT_EQ(Perform(*w, op, Replying({{"type", "echo_ok"}, {"echo", "x"}, {"msg_id", 9}})).type,
            OpType::kOk);
  EXPECT_EQ(Perform(*w, op, Replying({{"type", "echo_ok"}, {"echo", "x"}, {"msg_id", "9"}})).type,
            OpType::kInfo);
}

// --- unique-ids --------------------------------------------------------------

TEST(UniqueIdsModel, ClientCompletions) {
  auto w = MakeWorkload("unique-ids", Options(3));
  const Draws d = Draw(*w, 10);
  EXPECT_EQ(d.by_f.at("generate"), 10);
  const bench::Invocation op{"generate", nullptr};
  Json request;
  auto c = Perform(*w, op, Replying({{"type", "generate_ok"}, {"id", "n1-5"}}), &request);
  EXPECT_EQ(request, Json({{"type", "generate"}}));
  EXPECT_EQ(c.type, OpType::kOk);
  EXPECT_EQ(c.value, "n1-5");
  EXPECT_EQ(Perform(*w, op, Replying({{"type", "generate_ok"}, {"id", nullptr}})).type, OpType::kOk);
  EXPECT_EQ(Perform(*w, op, Replying({{"type", "generate_ok"}})).type, OpType::kInfo);
  EXPECT_EQ(Perform(*w, op, Failing(11)).type, OpType::kFail);
  EXPECT_EQ(Perform(*w, op, Failing(0)).type, OpType::kInfo);
}

// --- broadcast and g-set -----------------------------------------------------

TEST(SetModel, BroadcastMixIsHalfReadsWithUniqueIncreasingValues) {
  auto w = MakeWorkload("broadcast", Options(5));
  const Draws d = Draw(*w, 10000);
  EXPECT_NEAR(d.by_f.at("read"), 5000, 250);
  EXPECT_NEAR(d.by_f.at("broadcast"), 5000, 250);
  ASSERT_FALSE(d.values.empty());
  for (std::size_t i = 0; i < d.values.size(); ++i) EXPECT_EQ(d.values[i], i);
}

TEST(SetModel, FinalPhaseIsOneReadPerThread) {
  bench::TestOptions options = Options(3);
  options.concurrency = 3;
  auto w = MakeWorkload("broadcast", options);
  bench::Rng rng(1);
  auto next = [&](std::int64_t process) {
    return w->Next(bench::GenContext{bench::Phase::kFinal, process, 0, &rng});
  };
  auto first = next(1);
  ASSERT_TRUE(first.has_value());
  EXPECT_EQ(first->f, "read");
  EXPECT_FALSE(next(1).has_value());
  EXPECT_FALSE(next(4).has_value()) << "process 4 is thread 1's next life";
  EXPECT_TRUE(next(3).has_value()) << "process 3 runs thread 0, which has not read yet";
  EXPECT_FALSE(next(0).has_value());
  EXPECT_TRUE(next(2).has_value());
  EXPECT_FALSE(next(2).has_value());
}

TEST(SetModel, BroadcastSetupSendsTheTopologyAndWaits) {
  bench::TestOptions options = Options(5);
  options.topology = "line";
  auto w = MakeWorkload("broadcast", options);
  for (const bool answered_ok : {true, false}) {
    FakeIO io;
    auto client = w->NewClient(0);
    bool done = false;
    client->Setup(io, [&] { done = true; });
    ASSERT_EQ(io.requests.size(), 1u);
    EXPECT_EQ(io.requests[0].body,
              Json({{"type", "topology"}, {"topology", MakeTopology("line", options.nodes)}}));
    EXPECT_FALSE(done);
    if (answered_ok) {
      io.Reply({{"type", "topology_ok"}});
    } else {
      io.Fail(0);
    }
    EXPECT_TRUE(done);
  }
  options.topology = "moebius";
  EXPECT_THROW(MakeWorkload("broadcast", options), std::invalid_argument);
}

TEST(SetModel, BroadcastClientCompletions) {
  auto w = MakeWorkload("broadcast", Options(5));
  const bench::Invocation add{"broadcast", 7};
  Json request;
  auto c = Perform(*w, add, Replying({{"type", "broadcast_ok"}}), &request);
  EXPECT_EQ(request, Json({{"type", "broadcast"}, {"message", 7}}));
  EXPECT_EQ(c.type, OpType::kOk);
  EXPECT_EQ(c.value, 7);
  EXPECT_EQ(Perform(*w, add, Failing(0)).type, OpType::kInfo) << "a broadcast may have happened";
  EXPECT_EQ(Perform(*w, add, Failing(11)).type, OpType::kFail);
  EXPECT_EQ(Perform(*w, add, Replying({{"type", "add_ok"}})).type, OpType::kInfo);

  const bench::Invocation read{"read", nullptr};
  c = Perform(*w, read, Replying({{"type", "read_ok"}, {"messages", {3, 1, 2}}}), &request);
  EXPECT_EQ(request, Json({{"type", "read"}}));
  EXPECT_EQ(c.type, OpType::kOk);
  EXPECT_EQ(c.value, Json({3, 1, 2}));
  EXPECT_EQ(Perform(*w, read, Failing(0)).type, OpType::kFail) << "reads are idempotent";
  EXPECT_EQ(Perform(*w, read, Failing(13)).type, OpType::kFail);
  EXPECT_EQ(Perform(*w, read, Replying({{"type", "read_ok"}, {"value", {1}}})).type, OpType::kInfo);
  EXPECT_EQ(Perform(*w, read, Replying({{"type", "read_ok"}, {"messages", 1}})).type, OpType::kInfo);
  EXPECT_EQ(Perform(*w, read, Replying({{"type", "read_ok"}, {"messages", {1}}, {"value", {1}}}))
                .type,
            OpType::kInfo);
  EXPECT_EQ(Perform(*w, add, Replying({{"type", "broadcast_ok"}, {"message", 7}})).type,
            OpType::kInfo);
}

TEST(SetModel, GSetUsesItsOwnNamesAndNoTopology) {
  auto w = MakeWorkload("g-set", Options(3));
  FakeIO io;
  bool done = false;
  w->NewClient(0)->Setup(io, [&] { done = true; });
  EXPECT_TRUE(done);
  EXPECT_TRUE(io.requests.empty());

  const Draws d = Draw(*w, 2000);
  EXPECT_GT(d.by_f.at("add"), 800);
  EXPECT_GT(d.by_f.at("read"), 800);

  Json request;
  auto c = Perform(*w, {"add", 4}, Replying({{"type", "add_ok"}}), &request);
  EXPECT_EQ(request, Json({{"type", "add"}, {"element", 4}}));
  EXPECT_EQ(c.type, OpType::kOk);
  c = Perform(*w, {"read", nullptr}, Replying({{"type", "read_ok"}, {"value", {4}}}));
  EXPECT_EQ(c.type, OpType::kOk);
  EXPECT_EQ(c.value, Json({4}));
  // Maelstrom's g-set client catches no errors: each one escapes as an
  // exception, which Jepsen records as info, definite or not.
  for (const int code : {0, 11, 13}) {
    EXPECT_EQ(Perform(*w, {"add", 4}, Failing(code)).type, OpType::kInfo) << code;
    EXPECT_EQ(Perform(*w, {"read", nullptr}, Failing(code)).type, OpType::kInfo) << code;
  }
}

TEST(SetModel, BroadcastChecksBroadcastOps) {
  auto w = MakeWorkload("broadcast", Options(1));
  bench::History h;
  auto op = [&](OpType type, std::int64_t process, std::string f, Json value) {
    bench::Op o;
    o.type = type;
    o.process = process;
    o.f = std::move(f);
    o.value = std::move(value);
    h.Add(std::move(o));
  };
  op(OpType::kInvoke, 0, "broadcast", 0);
  op(OpType::kOk, 0, "broadcast", 0);
  op(OpType::kInvoke, 1, "read", nullptr);
  op(OpType::kOk, 1, "read", Json::array());
  const bench::CheckResult r = w->Check(h);
  EXPECT_EQ(r.valid, bench::Validity::kInvalid) << r.detail.dump(2);
  EXPECT_EQ(r.detail["lost"], Json::array({0}));
}

// --- counters ----------------------------------------------------------------

TEST(CounterModel, PNCounterMixesHalfReadsWithDeltasFromMinus5To4) {
  auto w = MakeWorkload("pn-counter", Options(3));
  const Draws d = Draw(*w, 20000);
  EXPECT_NEAR(d.by_f.at("read"), 10000, 400);
  std::map<std::int64_t, int> deltas;
  for (const Json& v : d.values) ++deltas[v.get<std::int64_t>()];
  ASSERT_EQ(deltas.size(), 10u);
  EXPECT_EQ(deltas.begin()->first, -5);
  EXPECT_EQ(deltas.rbegin()->first, 4);
  for (const auto& [delta, n] : deltas) EXPECT_NEAR(n, 1000, 150) << delta;
}

TEST(CounterModel, GCounterFiltersNegativeAddsLikeMaelstrom) {
  auto w = MakeWorkload("g-counter", Options(3));
  const Draws d = Draw(*w, 30000);
  // Redrawing the mix after each filtered add leaves 2/3 reads.
  EXPECT_NEAR(d.by_f.at("read"), 20000, 500);
  std::map<std::int64_t, int> deltas;
  for (const Json& v : d.values) ++deltas[v.get<std::int64_t>()];
  ASSERT_EQ(deltas.size(), 5u);
  EXPECT_EQ(deltas.begin()->first, 0);
  EXPECT_EQ(deltas.rbegin()->first, 4);
  for (const auto& [delta, n] : deltas) EXPECT_NEAR(n, 2000, 250) << delta;
}

TEST(CounterModel, GeneratorIsDeterministicForASeed) {
  auto a = MakeWorkload("pn-counter", Options(3));
  auto b = MakeWorkload("pn-counter", Options(3));
  EXPECT_EQ(Draw(*a, 100, 9).values, Draw(*b, 100, 9).values);
}

TEST(CounterModel, FinalPhaseIsOneReadPerThread) {
  auto w = MakeWorkload("g-counter", Options(2));
  bench::Rng rng(1);
  int reads = 0;
  for (std::int64_t p = 0; p < 6; ++p) {
    for (int i = 0; i < 3; ++i) {
      auto op = w->Next(bench::GenContext{bench::Phase::kFinal, p, 0, &rng});
      if (op) {
        EXPECT_EQ(op->f, "read");
        ++reads;
      }
    }
  }
  EXPECT_EQ(reads, 2);
}

TEST(CounterModel, ClientCompletions) {
  auto w = MakeWorkload("pn-counter", Options(3));
  const bench::Invocation add{"add", -3};
  Json request;
  auto c = Perform(*w, add, Replying({{"type", "add_ok"}}), &request);
  EXPECT_EQ(request, Json({{"type", "add"}, {"delta", -3}}));
  EXPECT_EQ(c.type, OpType::kOk);
  EXPECT_EQ(c.value, -3);
  // Maelstrom's counter client catches no errors: every one is info, so a
  // definitely failed add still counts as one that may have happened.
  EXPECT_EQ(Perform(*w, add, Failing(0)).type, OpType::kInfo);
  EXPECT_EQ(Perform(*w, add, Failing(12)).type, OpType::kInfo);
  EXPECT_EQ(Perform(*w, add, Failing(1000)).type, OpType::kInfo);

  const bench::Invocation read{"read", nullptr};
  c = Perform(*w, read, Replying({{"type", "read_ok"}, {"value", 17}}), &request);
  EXPECT_EQ(request, Json({{"type", "read"}}));
  EXPECT_EQ(c.type, OpType::kOk);
  EXPECT_EQ(c.value, 17);
  EXPECT_EQ(Perform(*w, read, Failing(0)).type, OpType::kInfo);
  EXPECT_EQ(Perform(*w, read, Failing(11)).type, OpType::kInfo);
  EXPECT_EQ(Perform(*w, read, Replying({{"type", "read_ok"}, {"value", "17"}})).type, OpType::kInfo);
  EXPECT_EQ(Perform(*w, read, Replying({{"type", "read_ok"}, {"value", 17.5}})).type, OpType::kInfo);
  EXPECT_EQ(Perform(*w, read, Replying({{"type", "read_ok"}})).type, OpType::kInfo);
}

// --- txn-rw-register -----------------------------------------------------------

TEST(TxnModel, WritesAreUniquePerKeyAndKeysRetireAfterTheirLastWrite) {
  bench::TestOptions o = Options(2);
  o.key_count = 3;
  o.max_txn_length = 4;
  o.max_writes_per_key = 5;
  auto w = MakeWorkload("txn-rw-register", o);
  std::map<std::int64_t, std::set<std::int64_t>> written;
  std::set<std::int64_t> keys;
  std::size_t longest = 0;
  for (const Json& txn : Draw(*w, 2000).values) {
    ASSERT_TRUE(txn.is_array());
    ASSERT_GE(txn.size(), 1u);
    longest = std::max(longest, txn.size());
    for (const Json& m : txn) {
      keys.insert(m[1].get<std::int64_t>());
      if (m[0] == "r") {
        EXPECT_TRUE(m[2].is_null()) << m;
        continue;
      }
      EXPECT_TRUE(written[m[1]].insert(m[2].get<std::int64_t>()).second) << "value repeated: " << m;
      EXPECT_LE(m[2].get<std::int64_t>(), 5) << m;
    }
  }
  EXPECT_EQ(longest, 4u);
  EXPECT_GT(keys.size(), 3u) << "keys never retired";
}

TEST(TxnModel, ClientCompletions) {
  auto w = MakeWorkload("txn-rw-register", Options(2));
  const bench::Invocation txn{"txn", Json::parse(R"([["r",1,null],["w",1,3]])")};
  Json request;
  auto c = Perform(*w, txn,
                   Replying({{"type", "txn_ok"}, {"txn", Json::parse(R"([["r",1,2],["w",1,3]])")}}),
                   &request);
  EXPECT_EQ(request, Json({{"type", "txn"}, {"txn", txn.value}}));
  EXPECT_EQ(c.type, OpType::kOk);
  EXPECT_EQ(c.value, Json::parse(R"([["r",1,2],["w",1,3]])"));
  EXPECT_EQ(Perform(*w, txn, Failing(30)).type, OpType::kFail);
  EXPECT_EQ(Perform(*w, txn, Failing(0)).type, OpType::kInfo);
  const bench::Invocation read_only{"txn", Json::parse(R"([["r",1,null]])")};
  EXPECT_EQ(Perform(*w, read_only, Failing(0)).type, OpType::kFail);  // changed nothing
  // Maelstrom's client takes any txn_ok its schema accepts verbatim, even one
  // that rewrites a write or drops a micro-op: the checker judges it, not the
  // client.
  const Json rewritten = Json::parse(R"([["r",1,2],["w",1,4]])");
  c = Perform(*w, txn, Replying({{"type", "txn_ok"}, {"txn", rewritten}}));
  EXPECT_EQ(c.type, OpType::kOk);
  EXPECT_EQ(c.value, rewritten);
  EXPECT_EQ(Perform(*w, txn, Replying({{"type", "txn_ok"}, {"txn", Json::parse(R"([["r",1,2]])")}}))
                .type,
            OpType::kOk);
  // A reply outside the schema (a micro-op that is not a list) is info.
  EXPECT_EQ(Perform(*w, txn, Replying({{"type", "txn_ok"}, {"txn", Json::parse(R"([5])")}})).type,
            OpType::kInfo);
}

}  // namespace
}  // namespace glomers::workloads
