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

// Appends `value` exactly as value.dump(-1, ' ', false,
// Json::error_handler_t::replace) would write it, byte for byte, without
// going through nlohmann's serializer for the common kinds of value.
void AppendJson(const Json& value, std::string* out);

// The two decoders behind ParseMessage, exposed for tests.
//
// ParseCommonMessage is tried first. It accepts only a valid message in the
// common shape: JSON whitespace, objects, arrays, true/false/null, integers
// of at most 18 digits, strings of ASCII bytes 0x20-0x7f without escapes,
// nesting at most kCommonMaxDepth deep, no duplicate key in any object, and src,
// dest and a body with a non-empty "type". Then it fills *out with what
// ParseMessageFull would have decoded (the same values, of the same JSON
// kinds) and returns true. Anything else returns false, *out unspecified,
// and ParseMessage hands the line to ParseMessageFull, which decides.
inline constexpr int kCommonMaxDepth = 64;
bool ParseCommonMessage(std::string_view line, Message* out);
Result<Message> ParseMessageFull(std::string_view line, Message* partial = nullptr);

}  // namespace glomers

#endif  // GLOMERS_NODE_MESSAGE_H_
