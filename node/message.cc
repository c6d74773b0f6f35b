#include "node/message.h"

#include <array>
#include <charconv>
#include <cstring>
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

namespace {

// The bytes a JSON string holds as they are, in nlohmann's reading and in
// its writing alike: printable ASCII and DEL, but for '"' and '\\'.
constexpr auto kPlainByte = [] {
  std::array<bool, 256> plain{};
  for (int c = 0x20; c < 0x80; ++c) plain[c] = c != '"' && c != '\\';
  return plain;
}();

bool Plain(char c) { return kPlainByte[static_cast<unsigned char>(c)]; }

// The reader of ParseCommonMessage. Each method returns false as soon as the
// input leaves the common shape; the caller then gives up on the line.
class CommonReader {
 public:
  explicit CommonReader(std::string_view line)
      : p_(line.data()), end_(line.data() + line.size()) {}

  // Skips JSON whitespace, the four characters nlohmann's lexer skips.
  void SkipSpace() {
    while (p_ != end_ && (*p_ == ' ' || *p_ == '\n' || *p_ == '\r' || *p_ == '\t')) ++p_;
  }
  bool AtEnd() {
    SkipSpace();
    return p_ == end_;
  }
  bool Consume(char c) {
    SkipSpace();
    if (p_ == end_ || *p_ != c) return false;
    ++p_;
    return true;
  }
  // Looks at the next character after whitespace; '\0' at the end.
  char Peek() {
    SkipSpace();
    return p_ == end_ ? '\0' : *p_;
  }

  // A string of plain bytes, so with no escape: its bytes are its value.
  bool String(std::string_view* out) {
    if (!Consume('"')) return false;
    const char* start = p_;
    while (p_ != end_ && Plain(*p_)) ++p_;
    if (p_ == end_ || *p_ != '"') return false;
    *out = std::string_view(start, static_cast<std::size_t>(p_ - start));
    ++p_;
    return true;
  }

  // Any value; `depth` counts the arrays and objects around it, the
  // envelope included.
  bool Value(Json* out, int depth) {
    switch (Peek()) {
      case '{':
        return Object(out, depth + 1);
      case '[':
        return Array(out, depth + 1);
      case '"': {
        std::string_view s;
        if (!String(&s)) return false;
        *out = std::string(s);
        return true;
      }
      case 't':
        return Literal("true", out, Json(true));
      case 'f':
        return Literal("false", out, Json(false));
      case 'n':
        return Literal("null", out, Json(nullptr));
      default:
        return Number(out);
    }
  }

  // An object or array at `depth`, counting itself.
  bool Object(Json* out, int depth) {
    if (depth > kCommonMaxDepth || !Consume('{')) return false;
    *out = Json::object();
    auto& members = out->get_ref<Json::object_t&>();
    if (Consume('}')) return true;
    do {
      std::string_view key;
      if (!String(&key) || !Consume(':')) return false;
      // nlohmann keeps the last of duplicate keys; leave those to it.
      auto [it, inserted] = members.try_emplace(std::string(key));
      if (!inserted || !Value(&it->second, depth)) return false;
    } while (Consume(','));
    return Consume('}');
  }

  bool Array(Json* out, int depth) {
    if (depth > kCommonMaxDepth || !Consume('[')) return false;
    *out = Json::array();
    auto& elements = out->get_ref<Json::array_t&>();
    if (Consume(']')) return true;
    do {
      elements.emplace_back();
      if (!Value(&elements.back(), depth)) return false;
    } while (Consume(','));
    return Consume(']');
  }

 private:
  bool Literal(const char* word, Json* out, Json value) {
    const std::size_t n = std::strlen(word);
    if (static_cast<std::size_t>(end_ - p_) < n || std::memcmp(p_, word, n) != 0) return false;
    p_ += n;
    *out = std::move(value);
    return true;
  }

  // An integer of at most 18 digits, so that it fits in 63 bits: stored as
  // nlohmann stores it, unsigned when not negative, signed when negative
  // ("-0" included). A fraction or an exponent makes it a float: left to
  // nlohmann, as are leading zeros, which are not JSON.
  bool Number(Json* out) {
    const bool negative = p_ != end_ && *p_ == '-';
    if (negative) ++p_;
    const char* start = p_;
    std::uint64_t v = 0;
    while (p_ != end_ && *p_ >= '0' && *p_ <= '9') {
      v = v * 10 + static_cast<std::uint64_t>(*p_ - '0');
      ++p_;
    }
    const std::size_t digits = static_cast<std::size_t>(p_ - start);
    if (digits == 0 || digits > 18 || (digits > 1 && *start == '0')) return false;
    if (p_ != end_ && (*p_ == '.' || *p_ == 'e' || *p_ == 'E')) return false;
    if (negative) {
      *out = -static_cast<std::int64_t>(v);
    } else {
      *out = v;
    }
    return true;
  }

  const char* p_;
  const char* end_;
};

}  // namespace

bool ParseCommonMessage(std::string_view line, Message* out) {
  CommonReader r(line);
  if (!r.Consume('{')) return false;
  bool have_src = false, have_dest = false, have_body = false;
  if (r.Peek() == '}') return false;  // no src, dest or body
  do {
    std::string_view key;
    if (!r.String(&key) || !r.Consume(':')) return false;
    std::string_view s;
    if (key == "src") {
      if (have_src || !r.String(&s)) return false;
      out->src.assign(s);
      have_src = true;
    } else if (key == "dest") {
      if (have_dest || !r.String(&s)) return false;
      out->dest.assign(s);
      have_dest = true;
    } else if (key == "body") {
      if (have_body || r.Peek() != '{' || !r.Object(&out->body, 2)) return false;
      have_body = true;
    } else {
      // Another envelope key (Maelstrom's "id"): read and dropped, as the
      // full parser drops it.
      Json ignored;
      if (!r.Value(&ignored, 1)) return false;
    }
  } while (r.Consume(','));
  if (!r.Consume('}') || !r.AtEnd()) return false;
  return have_src && have_dest && have_body && !out->type().empty();
}

Result<Message> ParseMessage(std::string_view line, Message* partial) {
  Message m;
  if (ParseCommonMessage(line, &m)) return m;
  return ParseMessageFull(line, partial);
}

Result<Message> ParseMessageFull(std::string_view line, Message* partial) {
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

std::string DumpJson(const Json& v) {
  return v.dump(-1, ' ', false, Json::error_handler_t::replace);
}

// A string as dump() writes it: ASCII by hand (the escapes of nlohmann's
// serializer: the short ones, else \u00xx in lower-case hex); anything with
// a byte above 0x7f goes to nlohmann, which checks the UTF-8 and replaces
// what is invalid.
void AppendJsonString(const std::string& s, std::string* out) {
  std::size_t plain = 0;
  while (plain < s.size() && Plain(s[plain])) ++plain;
  if (plain == s.size()) {
    out->push_back('"');
    out->append(s);
    out->push_back('"');
    return;
  }
  for (std::size_t i = plain; i < s.size(); ++i) {
    if (static_cast<unsigned char>(s[i]) >= 0x80) {
      out->append(DumpJson(Json(s)));
      return;
    }
  }
  static constexpr char kHex[] = "0123456789abcdef";
  out->push_back('"');
  out->append(s, 0, plain);
  for (std::size_t i = plain; i < s.size(); ++i) {
    const char c = s[i];
    switch (c) {
      case '\b': out->append("\\b"); break;
      case '\t': out->append("\\t"); break;
      case '\n': out->append("\\n"); break;
      case '\f': out->append("\\f"); break;
      case '\r': out->append("\\r"); break;
      case '"': out->append("\\\""); break;
      case '\\': out->append("\\\\"); break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          const char esc[] = {'\\', 'u', '0', '0', kHex[(c >> 4) & 0xf], kHex[c & 0xf]};
          out->append(esc, sizeof esc);
        } else {
          out->push_back(c);
        }
    }
  }
  out->push_back('"');
}

template <class Int>
void AppendInt(Int v, std::string* out) {
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  static_cast<void>(ec);  // 24 characters hold any 64-bit integer
  out->append(buf, static_cast<std::size_t>(end - buf));
}

}  // namespace

void AppendJson(const Json& v, std::string* out) {
  switch (v.type()) {
    case Json::value_t::object: {
      const auto& members = v.get_ref<const Json::object_t&>();
      out->push_back('{');
      bool first = true;
      for (const auto& [key, value] : members) {
        if (!first) out->push_back(',');
        first = false;
        AppendJsonString(key, out);
        out->push_back(':');
        AppendJson(value, out);
      }
      out->push_back('}');
      return;
    }
    case Json::value_t::array: {
      const auto& elements = v.get_ref<const Json::array_t&>();
      out->push_back('[');
      bool first = true;
      for (const Json& e : elements) {
        if (!first) out->push_back(',');
        first = false;
        AppendJson(e, out);
      }
      out->push_back(']');
      return;
    }
    case Json::value_t::string:
      AppendJsonString(v.get_ref<const std::string&>(), out);
      return;
    case Json::value_t::boolean:
      out->append(v.get<bool>() ? "true" : "false");
      return;
    case Json::value_t::null:
      out->append("null");
      return;
    case Json::value_t::number_integer:
      AppendInt(v.get<std::int64_t>(), out);
      return;
    case Json::value_t::number_unsigned:
      AppendInt(v.get<std::uint64_t>(), out);
      return;
    default:
      // Floats (nlohmann's shortest round-trip form), binary, discarded.
      out->append(DumpJson(v));
      return;
  }
}

void AppendMessageLine(const Message& msg, std::string* out) {
  // Built by hand so that keys keep protocol order and nothing is copied.
  out->append("{\"src\":");
  AppendJsonString(msg.src, out);
  out->append(",\"dest\":");
  AppendJsonString(msg.dest, out);
  out->append(",\"body\":");
  AppendJson(msg.body, out);
  out->append("}\n");
}

std::string MessageLine(const Message& msg) {
  std::string out;
  AppendMessageLine(msg, &out);
  return out;
}

}  // namespace glomers
