// Workload: what the bench needs to test one Maelstrom workload: a
// generator of operations, a client that performs each operation through
// RPCs to its node, and a checker for the resulting history. The
// implementations live in workloads/ beside the node programs
// (workloads/models.h).
//
// Everything runs on the bench's single event-loop thread. A client is
// asynchronous: Invoke() starts an operation, issues any number of Call()s,
// and eventually calls Complete() exactly once.
#ifndef GLOMERS_BENCH_WORKLOAD_H_
#define GLOMERS_BENCH_WORKLOAD_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <random>
#include <string>

#include "bench/history.h"
#include "bench/options.h"
#include "node/errors.h"
#include "node/message.h"

namespace glomers::bench {

using Rng = std::mt19937_64;

// --- Checking ---------------------------------------------------------------

enum class Validity { kValid, kInvalid, kUnknown };
// true, false, or "unknown", as Jepsen writes :valid?.
Json ValidityJson(Validity v);
// Invalid dominates unknown, which dominates valid.
Validity Worst(Validity a, Validity b);

struct CheckResult {
  Validity valid = Validity::kValid;
  Json detail = Json::object();  // the checker's findings; "valid" is added by the bench
};

// --- Clients ----------------------------------------------------------------

struct Invocation {
  std::string f;
  Json value;
};

// The bench's side of one process: its connection to its node.
class ClientIO {
 public:
  virtual ~ClientIO() = default;
  // Sends `body` (a msg_id is added) to the bound node; `done` runs once,
  // with the reply (an error reply arrives as an Error) or with a timeout
  // (code 0) after `timeout`, or the run's --rpc-timeout when zero.
  virtual void Call(Json body, std::function<void(const Result<Message>&)> done,
                    Micros timeout = Micros{0}) = 0;
  // Ends the operation in progress. `value` is the completion's value.
  virtual void Complete(OpType type, Json value, std::string error = "") = 0;
  virtual const std::string& node() const = 0;
  virtual std::int64_t process() const = 0;
  virtual Rng& rng() = 0;
};

class Client {
 public:
  virtual ~Client() = default;
  // Runs once per node, before the main phase, on a client of its own that
  // performs nothing else (Jepsen's client setup!: broadcast sends the node
  // its topology here); calls `done` when finished, whatever happened.
  virtual void Setup(ClientIO& io, std::function<void()> done) { (void)io; done(); }
  // Starts `op`; must lead to exactly one io.Complete().
  virtual void Invoke(const Invocation& op, ClientIO& io) = 0;
};

// --- Workloads --------------------------------------------------------------

enum class Phase { kMain, kFinal };

struct GenContext {
  Phase phase = Phase::kMain;
  std::int64_t process = 0;
  std::int64_t time = 0;  // ns since the test began
  Rng* rng = nullptr;
};

class Workload {
 public:
  virtual ~Workload() = default;
  // A client for a new process (a fresh one after every crash).
  virtual std::unique_ptr<Client> NewClient(std::int64_t process) = 0;
  // The next operation for a free process, or nullopt when this process
  // has nothing to do now (in the final phase: nothing more at all).
  virtual std::optional<Invocation> Next(const GenContext& ctx) = 0;
  // Whether the run ends with a final phase (heal, wait 10 s, final ops).
  virtual bool HasFinalPhase() const { return false; }
  // Sees every completion, for generators that react to results.
  virtual void Observe(const Op& completion) { (void)completion; }
  virtual CheckResult Check(const History& history) = 0;
};

}  // namespace glomers::bench

#endif  // GLOMERS_BENCH_WORKLOAD_H_
