// NodeProcess: one of our node binaries run as a child process, spoken to
// as Maelstrom does: JSON lines in, JSON lines out.
//
// It plays client "c1": Call() sends a request with a fresh msg_id and
// waits for the reply. Messages the node addresses to other nodes (or
// services) are kept in `outbox` for a test to route; anything on stdout
// that is not a protocol message is kept in `garbage`.
#ifndef GLOMERS_WORKLOADS_TESTING_NODE_PROCESS_H_
#define GLOMERS_WORKLOADS_TESTING_NODE_PROCESS_H_

#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "node/message.h"
#include "workloads/testing/child_process.h"

namespace glomers::testing {

class NodeProcess {
 public:
  using Duration = ChildProcess::Duration;
  static constexpr Duration kReplyTimeout{5000};

  NodeProcess(const std::string& path, std::string id, const std::vector<std::string>& args = {})
      : child_(path, args), id_(std::move(id)) {}

  const std::string& id() const { return id_; }
  ChildProcess& child() { return child_; }

  // Sends init naming this node and `node_ids`; returns the reply body.
  std::optional<Json> Init(const std::vector<std::string>& node_ids);
  // Sends `body` (msg_id added unless present) and returns the reply body;
  // nullopt on timeout.
  std::optional<Json> Call(Json body, Duration timeout = kReplyTimeout);
  // Sends `body` (msg_id added unless present) without waiting; returns the
  // msg_id.
  std::int64_t SendRequest(Json body);
  // The reply to `msg_id`, waiting up to `timeout`.
  std::optional<Json> AwaitReply(std::int64_t msg_id, Duration timeout = kReplyTimeout);
  // Writes one raw line (a '\n' is appended).
  bool SendLine(std::string_view line) { return child_.WriteLine(line); }
  // Hands over a message from another node.
  bool Deliver(const Message& msg) { return child_.Write(MessageLine(msg)); }

  // Reads what the node printed within `timeout` (stops at the first quiet
  // moment after something arrived), sorting it into replies, outbox and
  // garbage. Returns how many lines were read.
  //
  // A line counts as garbage unless it parses as a message whose src is
  // this node.
  int Poll(Duration timeout);

  // Replies to c1 that arrived but were not awaited.
  std::size_t unclaimed_replies() const { return replies_.size(); }

  std::deque<Message> outbox;          // to other nodes and services
  std::vector<std::string> garbage;    // stdout lines that are not messages from it

 private:
  void Sort(const std::string& line);

  ChildProcess child_;
  std::string id_;
  std::int64_t next_msg_id_ = 1;
  std::vector<Message> replies_;  // to c1, not yet taken
};

}  // namespace glomers::testing

#endif  // GLOMERS_WORKLOADS_TESTING_NODE_PROCESS_H_
