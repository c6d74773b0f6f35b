#include "workloads/testing/node_process.h"

#include <chrono>

namespace glomers::testing {

namespace {
constexpr const char* kClient = "c1";
}  // namespace

std::optional<Json> NodeProcess::Init(const std::vector<std::string>& node_ids) {
  return Call({{"type", "init"}, {"node_id", id_}, {"node_ids", node_ids}});
}

std::int64_t NodeProcess::SendRequest(Json body) {
  if (!body.contains("msg_id")) body["msg_id"] = next_msg_id_++;
  const std::int64_t msg_id = body["msg_id"].get<std::int64_t>();
  Deliver(Message{kClient, id_, std::move(body)});
  return msg_id;
}

std::optional<Json> NodeProcess::Call(Json body, Duration timeout) {
  return AwaitReply(SendRequest(std::move(body)), timeout);
}

std::optional<Json> NodeProcess::AwaitReply(std::int64_t msg_id, Duration timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    for (auto it = replies_.begin(); it != replies_.end(); ++it) {
      if (it->in_reply_to() == msg_id) {
        Json body = std::move(it->body);
        replies_.erase(it);
        return body;
      }
    }
    auto left = std::chrono::duration_cast<Duration>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return std::nullopt;
    std::optional<std::string> line = child_.ReadLine(left);
    if (!line) return std::nullopt;
    Sort(*line);
  }
}

int NodeProcess::Poll(Duration timeout) {
  int n = 0;
  while (std::optional<std::string> line = child_.ReadLine(n == 0 ? timeout : Duration(0))) {
    Sort(*line);
    ++n;
  }
  return n;
}

void NodeProcess::Sort(const std::string& line) {
  Result<Message> msg = ParseMessage(line);
  if (!msg.ok() || msg.value().src != id_) {
    garbage.push_back(line);
  } else if (msg.value().dest == kClient) {
    replies_.push_back(std::move(msg.value()));
  } else {
    outbox.push_back(std::move(msg.value()));
  }
}

}  // namespace glomers::testing
