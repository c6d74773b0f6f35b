#include "node/node.h"

#include <algorithm>
#include <utility>

#include "node/fields.h"

namespace glomers {

Node::Node(Env& env) : env_(env), rng_(env.Seed()) {}

void Node::Handle(std::string type, Handler handler) {
  handlers_[std::move(type)] = std::move(handler);
}

Handler Node::handler(std::string_view type) const {
  auto it = handlers_.find(type);
  return it == handlers_.end() ? Handler() : it->second;
}

void Node::OnInit(std::function<void()> callback) { on_init_.push_back(std::move(callback)); }

void Node::Reply(const Message& req, Json body) {
  auto msg_id = req.msg_id();
  if (!msg_id) return;
  body["in_reply_to"] = *msg_id;
  Emit(Message{initialized() ? id_ : req.dest, req.src, std::move(body)});
}

void Node::ReplyError(const Message& req, const Error& error) { Reply(req, error.ToBody()); }

void Node::Send(std::string_view dest, Json body) {
  Emit(Message{id_, std::string(dest), std::move(body)});
}

void Node::Rpc(std::string_view dest, Json body, RpcCallback callback, Micros timeout) {
  const std::int64_t msg_id = next_msg_id_++;
  body["msg_id"] = msg_id;
  TimerId timer = After(timeout, [this, msg_id] {
    auto it = pending_.find(msg_id);
    if (it == pending_.end()) return;
    RpcCallback cb = std::move(it->second.callback);
    pending_.erase(it);
    cb(Error(ErrorCode::kTimeout, "no reply in time"));
  });
  pending_.emplace(msg_id, PendingRpc{std::move(callback), timer});
  Send(dest, std::move(body));
}

TimerId Node::After(Micros delay, std::function<void()> fn) {
  return Schedule(delay, Micros{0}, std::move(fn));
}

TimerId Node::Every(Micros period, std::function<void()> fn) {
  return Schedule(period, std::max(period, Micros{1}), std::move(fn));
}

void Node::Cancel(TimerId id) { timers_.erase(id); }

TimerId Node::Schedule(Micros delay, Micros period, std::function<void()> fn) {
  const TimerId id = next_timer_id_++;
  timers_.emplace(id, Timer{std::move(fn), period});
  deadlines_.push(Deadline{env_.Now() + std::max(delay, Micros{0}), next_deadline_seq_++, id});
  return id;
}

std::optional<Micros> Node::NextDeadline() const {
  if (deadlines_.empty()) return std::nullopt;
  return deadlines_.top().at;
}

void Node::RunTimers() {
  const Micros now = env_.Now();
  while (!deadlines_.empty() && deadlines_.top().at <= now) {
    const Deadline due = deadlines_.top();
    deadlines_.pop();
    auto it = timers_.find(due.id);
    if (it == timers_.end()) continue;  // cancelled
    std::function<void()> fn = std::move(it->second.fn);
    const Micros period = it->second.period;
    if (period.count() > 0) {
      // Keep the phase; if we fell behind, resume one period from now.
      Micros next = due.at + period;
      if (next <= now) next = now + period;
      deadlines_.push(Deadline{next, next_deadline_seq_++, due.id});
    } else {
      timers_.erase(it);
    }
    try {
      fn();
    } catch (const std::exception& e) {
      Log(std::string("timer callback failed: ") + e.what());
    }
    if (period.count() > 0) {
      auto again = timers_.find(due.id);
      if (again != timers_.end()) again->second.fn = std::move(fn);
    }
  }
}

void Node::ReceiveLine(std::string_view line) {
  Message partial;
  Result<Message> parsed = ParseMessage(line, &partial);
  if (!parsed.ok()) {
    ++stats_.rejected;
    constexpr std::size_t kShown = 200;
    Log("dropping bad input line (" + parsed.error().text + "): " +
        std::string(line.substr(0, kShown)) + (line.size() > kShown ? "..." : ""));
    if (!partial.src.empty() && partial.msg_id()) ReplyError(partial, parsed.error());
    return;
  }
  Receive(std::move(parsed.value()));
}

void Node::Receive(Message msg) {
  ++stats_.received;
  if (auto in_reply_to = msg.in_reply_to()) {
    HandleReply(msg, *in_reply_to);
    return;
  }
  if (msg.type() == "init") {
    HandleInit(msg);
    return;
  }
  if (!initialized()) {
    ++stats_.rejected;
    Log("request before init: " + msg.body.dump());
    ReplyError(msg, Error(ErrorCode::kTemporarilyUnavailable, "node not initialized yet"));
    return;
  }
  Dispatch(msg);
}

void Node::Dispatch(const Message& msg) {
  auto handler = handlers_.find(msg.type());
  if (handler == handlers_.end()) {
    ++stats_.rejected;
    Log("unsupported message type \"" + std::string(msg.type()) + "\" from " + msg.src);
    ReplyError(msg, Error(ErrorCode::kNotSupported,
                          "message type \"" + std::string(msg.type()) + "\" is not supported"));
    return;
  }
  try {
    handler->second(msg);
  } catch (const RpcError& e) {
    ++stats_.rejected;
    Log("request failed (" + std::string(ErrorName(e.error().code)) + ": " + e.what() +
        "): " + msg.body.dump());
    ReplyError(msg, e.error());
  } catch (const Json::exception& e) {
    ++stats_.rejected;
    Log(std::string("malformed request (") + e.what() + "): " + msg.body.dump());
    ReplyError(msg, Error(ErrorCode::kMalformedRequest, e.what()));
  } catch (const std::exception& e) {
    ++stats_.rejected;
    Log(std::string("handler failed: ") + e.what());
    ReplyError(msg, Error(ErrorCode::kCrash, e.what()));
  }
}

void Node::HandleInit(const Message& msg) {
  std::string id;
  std::vector<std::string> ids;
  try {
    id = fields::String(msg.body, "node_id");
    for (const Json& n : fields::Array(msg.body, "node_ids")) {
      if (!n.is_string()) throw RpcError(ErrorCode::kMalformedRequest, "node_ids must be strings");
      ids.push_back(n.get<std::string>());
    }
  } catch (const RpcError& e) {
    ++stats_.rejected;
    Log(std::string("bad init: ") + e.what());
    ReplyError(msg, e.error());
    return;
  }
  if (initialized()) {
    if (id == id_ && ids == node_ids_) {
      Reply(msg, {{"type", "init_ok"}});
    } else {
      ++stats_.rejected;
      Log("init for a different identity ignored; this node is " + id_);
      ReplyError(msg, Error(ErrorCode::kPreconditionFailed, "already initialized as " + id_));
    }
    return;
  }
  id_ = std::move(id);
  node_ids_ = std::move(ids);
  index_ = static_cast<std::size_t>(std::find(node_ids_.begin(), node_ids_.end(), id_) -
                                    node_ids_.begin());
  if (index_ == node_ids_.size()) Log("warning: init's node_ids does not list " + id_);
  Reply(msg, {{"type", "init_ok"}});
  for (auto& callback : on_init_) callback();
}

void Node::HandleReply(const Message& msg, std::int64_t in_reply_to) {
  auto it = pending_.find(in_reply_to);
  if (it == pending_.end()) {
    // A late reply after a timeout, or a reply to nothing we sent.
    Log("ignoring reply to unknown request " + std::to_string(in_reply_to) + " from " + msg.src);
    return;
  }
  PendingRpc pending = std::move(it->second);
  pending_.erase(it);
  Cancel(pending.timeout);
  try {
    if (auto error = Error::FromBody(msg.body)) {
      pending.callback(*error);
    } else {
      pending.callback(msg);
    }
  } catch (const std::exception& e) {
    Log(std::string("rpc callback failed: ") + e.what());
  }
}

void Node::Emit(Message msg) {
  ++stats_.sent;
  env_.Emit(msg);
}

}  // namespace glomers
