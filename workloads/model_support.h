// What the workload models share: turning one RPC into the completion of a
// client operation, random draws, and the final phase's one-op-per-thread
// rule. Also the per-workload constructors that MakeWorkload dispatches to.
#ifndef GLOMERS_WORKLOADS_MODEL_SUPPORT_H_
#define GLOMERS_WORKLOADS_MODEL_SUPPORT_H_

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <memory>
#include <set>
#include <string_view>
#include <vector>

#include "bench/options.h"
#include "bench/workload.h"

namespace glomers::workloads {

// How an RPC error becomes a completion: Maelstrom's client (client.clj)
// either catches errors with `with-errors` for a set of idempotent
// functions, or lets them escape as an exception, which Jepsen records as
// info.
enum class OnError {
  kInfo,             // no with-errors: every error and timeout is info
  kFailIfDefinite,   // with-errors, f not idempotent: definite codes fail, others info
  kFail,             // with-errors, f idempotent: every error and timeout fails
};

// Sends `body` to the process's node for `op` and completes `op` from the
// outcome:
//   error reply or timeout   fail or info, as `on_error` says
//   reply that Maelstrom's   info: the client would throw (a malformed
//   schema rejects           response). The reply must be of type
//                            `ok_type`, may carry msg_id (an integer) and
//                            only the body fields `fields` (Maelstrom's
//                            response schemas are closed maps)
//   otherwise                on_ok(reply body), which checks the fields'
//                            types and presence and must complete the op
// The callbacks hold no reference to the Client, which may be gone by then.
void CallAndComplete(bench::ClientIO& io, const bench::Invocation& op, Json body,
                     std::string_view ok_type, std::initializer_list<std::string_view> fields,
                     OnError on_error, std::function<void(const Json& reply)> on_ok);

// Completes `op` as info because `reply` broke the protocol (`why`).
// Maelstrom's client would throw here, which Jepsen records as info.
void CompleteMalformed(bench::ClientIO& io, const bench::Invocation& op, const Json& reply,
                       std::string_view why);

// One kind of anomaly a checker found: how often, and the first few
// examples (kMaxExamples), which is all a report needs to show.
struct Finding {
  static constexpr std::size_t kMaxExamples = 8;
  std::int64_t count = 0;
  Json examples = Json::array();

  void Add(Json example) {
    ++count;
    if (!full()) examples.push_back(std::move(example));
  }
  // Whether a further example would only be counted.
  bool full() const { return examples.size() >= kMaxExamples; }
};

// Jepsen's frequency distribution of `xs` at 0, 0.5, 0.95, 0.99 and 1
// (keys "0" ... "1"): sorted, the value at index min(n - 1, floor(n * q)).
// `xs` must not be empty.
Json IntQuantiles(std::vector<std::int64_t> xs);

// Uniform in [0, n), like Clojure's rand-int.
std::int64_t RandInt(bench::Rng& rng, std::int64_t n);

// Jepsen's gen/each-thread for the final phase: one op for each client
// thread. A thread is a process modulo the number of clients, since a
// crashed process comes back as process + clients.
class OncePerThread {
 public:
  explicit OncePerThread(int threads) : threads_(threads > 0 ? threads : 1) {}
  // True the first time any process of `process`'s thread asks.
  bool First(std::int64_t process) { return done_.insert(process % threads_).second; }

 private:
  int threads_;
  std::set<std::int64_t> done_;
};

// The models, one per file; MakeWorkload picks among them.
std::unique_ptr<bench::Workload> NewEchoWorkload();
std::unique_ptr<bench::Workload> NewUniqueIdsWorkload();
std::unique_ptr<bench::Workload> NewBroadcastWorkload(const bench::TestOptions& options);
std::unique_ptr<bench::Workload> NewGSetWorkload(const bench::TestOptions& options);
std::unique_ptr<bench::Workload> NewGCounterWorkload(const bench::TestOptions& options);
std::unique_ptr<bench::Workload> NewPNCounterWorkload(const bench::TestOptions& options);
std::unique_ptr<bench::Workload> NewKafkaWorkload(const bench::TestOptions& options);
std::unique_ptr<bench::Workload> NewTxnWorkload(const bench::TestOptions& options);

}  // namespace glomers::workloads

#endif  // GLOMERS_WORKLOADS_MODEL_SUPPORT_H_
