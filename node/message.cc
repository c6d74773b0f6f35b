#include "node/message.h"

#include <utility>

namespace glomers {
namespace {

std::optional<std::int64_t> IntField(const Json& body, const char* name) {
  if (!body.is_object()) return std::nullopt;
  auto it = body.find(name);
  if (it == body.end() || !it->is_number_integer()) return std::nullopt;
  if (it->is_number_unsigned() && it->get<std::uint64_t>() > INT64_MAX) return std::nullopt;
  return it->get<std::int64_t>();
}

Error Malformed(std::string text) { return Error(ErrorCode::kMalformedRequest, std::move(text)); }

// nlohmann's parser is iterative but dump() recurses once per level, so a
// message nested deeply enough would overflow the stack wherever its body
// is logged or echoed. No protocol message comes near this depth.
constexpr int kMaxDepth = 512;

bool TooDeep(std::string_view line) {
  int depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > kMaxDepth) return true;
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return false;
}

}  // namespace

std::string_view Message::type() const {
  if (!body.is_object()) return {};
  auto it = body.find("type");
  if (it == body.end() || !it->is_string()) return {};
  return it->get_ref<const std::string&>();
}

std::optional<std::int64_t> Message::msg_id() const { return IntField(body, "msg_id"); }
std::optional<std::int64_t> Message::in_reply_to() const { return IntField(body, "in_reply_to"); }

Result<Message> ParseMessage(std::string_view line, Message* partial) {
  Json j = Json::parse(line, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return Malformed("not valid JSON");
  if (!j.is_object()) return Malformed("message is not a JSON object");
  Message m;
  auto src = j.find("src");
  if (src != j.end() && src->is_string()) m.src = std::move(src->get_ref<std::string&>());
  auto body = j.find("body");
  if (body != j.end() && body->is_object()) m.body = std::move(*body);
  auto dest = j.find("dest");
  if (dest != j.end() && dest->is_string()) m.dest = std::move(dest->get_ref<std::string&>());
  // Only a failure needs what could be recovered, so a good line copies nothing.
  auto fail = [&](std::string text) -> Result<Message> {
    if (partial != nullptr) {
      partial->src = m.src;
      partial->dest = m.dest;  // the reply's src before init (see Node::Reply)
      partial->body = Json::object();
      if (auto id = m.msg_id()) partial->body["msg_id"] = *id;
    }
    return Malformed(std::move(text));
  };
  if (TooDeep(line)) return fail("nested more than " + std::to_string(kMaxDepth) + " levels deep");
  if (src == j.end() || !src->is_string()) return fail("\"src\" must be a string");
  if (dest == j.end() || !dest->is_string()) return fail("\"dest\" must be a string");
  if (body == j.end() || !m.body.is_object()) return fail("\"body\" must be an object");
  if (m.type().empty()) return fail("body \"type\" must be a non-empty string");
  return m;
}

namespace {

// Node ids are short plain ASCII: appended as they are, with nothing to escape.
void AppendJsonString(const std::string& s, std::string* out) {
  for (unsigned char c : s) {
    if (c < 0x20 || c >= 0x7f || c == '"' || c == '\\') {
      out->append(Json(s).dump(-1, ' ', false, Json::error_handler_t::replace));
      return;
    }
  }
  out->push_back('"');
  out->append(s);
  out->push_back('"');
}

}  // namespace

void AppendMessageLine(const Message& msg, std::string* out) {
  // Built by hand so that keys keep protocol order and nothing is copied.
  out->append("{\"src\":");
  AppendJsonString(msg.src, out);
  out->append(",\"dest\":");
  AppendJsonString(msg.dest, out);
  out->append(",\"body\":");
  out->append(msg.body.dump(-1, ' ', false, Json::error_handler_t::replace));
  out->append("}\n");
}

std::string MessageLine(const Message& msg) {
  std::string out;
  AppendMessageLine(msg, &out);
  return out;
}

}  // namespace glomers
