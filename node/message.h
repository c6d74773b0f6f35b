// The Maelstrom message: {"src", "dest", "body"}, one JSON object per line.
//
// The body is a JSON object with a string "type" and optional integer
// "msg_id" and "in_reply_to". Decoding checks the envelope only; each
// handler checks the fields it reads (see node/fields.h).
#ifndef GLOMERS_NODE_MESSAGE_H_
#define GLOMERS_NODE_MESSAGE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "node/errors.h"

namespace glomers {

struct Message {
  std::string src;
  std::string dest;
  Json body;

  // The body's "type", or "" when absent or not a string.
  std::string_view type() const;
  // The body's "msg_id" / "in_reply_to", when present and integral.
  std::optional<std::int64_t> msg_id() const;
  std::optional<std::int64_t> in_reply_to() const;
};

// Parses one line. On failure returns the reason; `partial`, when given,
// receives what could be recovered (src and body.msg_id) so that the caller
// can answer a malformed request with an error.
Result<Message> ParseMessage(std::string_view line, Message* partial = nullptr);

// Appends the message's JSON and a '\n' to *out.
void AppendMessageLine(const Message& msg, std::string* out);
std::string MessageLine(const Message& msg);

}  // namespace glomers

#endif  // GLOMERS_NODE_MESSAGE_H_
