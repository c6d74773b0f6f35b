// Node: a Maelstrom node as a state machine.
//
// Inputs: Receive()/ReceiveLine() when a message arrives, RunTimers() when
// time passes. Outputs: messages handed to Env::Emit and the next timer
// deadline, NextDeadline(). A driver (node/stdio_runtime.h, the simulator)
// owns the loop; the node never blocks and never reads a clock except via
// its Env.
//
// A workload registers handlers by message type:
//
//   node.Handle("echo", [&](const Message& req) {
//     node.Reply(req, {{"type", "echo_ok"}, {"echo", fields::Any(req.body, "echo")}});
//   });
//
// Handlers may throw RpcError (answered with that error), a JSON exception
// (answered with malformed-request) or any std::exception (answered with the
// indefinite crash error); the node logs the failure and keeps serving.
// `init` is handled by the node itself: it records the ids, answers
// init_ok, then runs the OnInit callbacks. Requests before init are answered
// with temporarily-unavailable.
//
// Not thread-safe; everything runs on the driver's thread.
#ifndef GLOMERS_NODE_NODE_H_
#define GLOMERS_NODE_NODE_H_

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <queue>
#include <random>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "node/env.h"
#include "node/errors.h"
#include "node/message.h"

namespace glomers {

using Handler = std::function<void(const Message& req)>;
using RpcCallback = std::function<void(const Result<Message>& reply)>;
using TimerId = std::uint64_t;

class Node {
 public:
  explicit Node(Env& env);
  Node(const Node&) = delete;
  Node& operator=(const Node&) = delete;

  // --- Setup -------------------------------------------------------------
  // Registers the handler for one message type, replacing any earlier one.
  void Handle(std::string type, Handler handler);
  // The handler registered for `type`, or an empty one: lets a wrapper
  // (a test fixture, a tracing layer) decorate what a program registered.
  Handler handler(std::string_view type) const;
  // Runs once the node knows its id and its cluster (after init).
  void OnInit(std::function<void()> callback);

  // --- Messaging ---------------------------------------------------------
  // Answers `req` (no-op when it carries no msg_id).
  void Reply(const Message& req, Json body);
  void ReplyError(const Message& req, const Error& error);
  // Sends a one-way message.
  void Send(std::string_view dest, Json body);
  // Sends a request; `callback` runs once, with the reply (an error reply
  // becomes an Error) or with a timeout error after `timeout`.
  void Rpc(std::string_view dest, Json body, RpcCallback callback, Micros timeout = 1s);

  // --- Timers ------------------------------------------------------------
  TimerId After(Micros delay, std::function<void()> fn);
  // Runs fn every `period`, first after one period.
  TimerId Every(Micros period, std::function<void()> fn);
  void Cancel(TimerId id);

  // --- Identity and context ----------------------------------------------
  bool initialized() const { return !id_.empty(); }
  const std::string& id() const { return id_; }
  const std::vector<std::string>& node_ids() const { return node_ids_; }
  // Position of this node in node_ids().
  std::size_t index() const { return index_; }
  Micros now() const { return env_.Now(); }
  Env& env() { return env_; }
  std::mt19937_64& rng() { return rng_; }
  void Log(std::string_view line) { env_.Log(line); }

  // --- Driver side -------------------------------------------------------
  void Receive(Message msg);
  // Parses one line and receives it; a bad line is logged (and answered with
  // malformed-request when it names a sender and a msg_id).
  void ReceiveLine(std::string_view line);
  // Fires every timer due at env.Now().
  void RunTimers();
  // When RunTimers() next has work, if ever.
  std::optional<Micros> NextDeadline() const;

  struct Stats {
    std::uint64_t received = 0;
    std::uint64_t sent = 0;
    std::uint64_t rejected = 0;  // lines or requests answered or dropped as bad input
  };
  const Stats& stats() const { return stats_; }

 private:
  struct Timer {
    std::function<void()> fn;
    Micros period{0};  // zero for one-shot timers
  };
  struct Deadline {
    Micros at;
    std::uint64_t seq;  // ties fire in creation order
    TimerId id;
    bool operator>(const Deadline& o) const {
      return at != o.at ? at > o.at : seq > o.seq;
    }
  };
  struct PendingRpc {
    RpcCallback callback;
    TimerId timeout;
  };

  void Dispatch(const Message& msg);
  void HandleInit(const Message& msg);
  void HandleReply(const Message& msg, std::int64_t in_reply_to);
  void Emit(Message msg);
  TimerId Schedule(Micros delay, Micros period, std::function<void()> fn);

  Env& env_;
  std::mt19937_64 rng_;
  std::string id_;
  std::vector<std::string> node_ids_;
  std::size_t index_ = 0;
  std::int64_t next_msg_id_ = 1;
  // Looked up by the request's type, a view into its body: no string is built.
  struct TypeHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, Handler, TypeHash, std::equal_to<>> handlers_;
  std::vector<std::function<void()>> on_init_;
  std::unordered_map<std::int64_t, PendingRpc> pending_;
  std::unordered_map<TimerId, Timer> timers_;
  std::priority_queue<Deadline, std::vector<Deadline>, std::greater<>> deadlines_;
  TimerId next_timer_id_ = 1;
  std::uint64_t next_deadline_seq_ = 0;
  Stats stats_;
};

}  // namespace glomers

#endif  // GLOMERS_NODE_NODE_H_
