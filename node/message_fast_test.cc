// The fast paths of node/message.h against nlohmann, over generated input:
// AppendJson must write what dump() writes, byte for byte, and
// ParseCommonMessage must decode what ParseMessageFull decodes, to the same
// JSON kinds, or leave the line to it.
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <iterator>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "node/message.h"
#include "node/testing/same_json.h"

namespace glomers {
namespace {

// How many generated cases a loop runs: `full`, scaled by
// GLOMERS_PROPERTY_CASES / 1000 when that is set (the sanitizer build of
// scripts/test.sh sets 100: a tenth).
int Cases(int full) {
  const char* env = std::getenv("GLOMERS_PROPERTY_CASES");
  if (env == nullptr) return full;
  return std::max(100, static_cast<int>(static_cast<long long>(full) * std::atoi(env) / 1000));
}

using Rng = std::mt19937_64;

int Below(Rng& rng, int n) { return static_cast<int>(rng() % static_cast<std::uint64_t>(n)); }
bool OneIn(Rng& rng, int n) { return Below(rng, n) == 0; }

std::string Dump(const Json& v) { return v.dump(-1, ' ', false, Json::error_handler_t::replace); }

bool Same(const Json& a, const Json& b) { return testing::SameJson(a, b); }

// --- Values, for the writer ------------------------------------------------

// Strings from pieces that each stress one rule of dump(): plain ASCII,
// the short escapes, other control bytes, DEL, valid UTF-8 of every length,
// and bytes that are not UTF-8 at all.
std::string GenString(Rng& rng) {
  static const std::vector<std::string> kPieces = {
      "a", "Z", "0", " ", "/", "~", "\"", "\\", "\b", "\f", "\n", "\r", "\t",
      std::string(1, '\0'), "\x01", "\x1f", "\x7f", "\xc3\xa9", "\xe2\x82\xac",
      "\xf0\x9f\x98\x80", "\xff", "\x80", "\xc3", "\xed\xa0\x80", "\xe2\x82",
      "plain text", "n1", "c22"};
  std::string s;
  const int n = Below(rng, 8);
  const bool ascii_only = OneIn(rng, 2);
  for (int i = 0; i < n; ++i) {
    if (ascii_only) {
      s.push_back(static_cast<char>(Below(rng, 128)));
    } else {
      s += kPieces[static_cast<std::size_t>(Below(rng, static_cast<int>(kPieces.size())))];
    }
  }
  return s;
}

double GenDouble(Rng& rng) {
  static const double kSpecial[] = {0.0,
                                    -0.0,
                                    1.0,
                                    -1.5,
                                    0.1,
                                    1e300,
                                    -1e-300,
                                    5e-324,
                                    1e16,
                                    123456789012345678.0,
                                    std::numeric_limits<double>::max(),
                                    std::numeric_limits<double>::infinity(),
                                    std::numeric_limits<double>::quiet_NaN()};
  if (OneIn(rng, 2)) return kSpecial[Below(rng, std::size(kSpecial))];
  std::uniform_real_distribution<double> d(-1e6, 1e6);
  return d(rng);
}

Json GenValue(Rng& rng, int depth) {
  const int kind = Below(rng, depth > 4 ? 7 : 9);
  switch (kind) {
    case 0:
      return nullptr;
    case 1:
      return OneIn(rng, 2);
    case 2:
      return static_cast<std::int64_t>(rng());  // any int64, negative ones included
    case 3:
      return OneIn(rng, 4) ? std::numeric_limits<std::int64_t>::min()
                           : -static_cast<std::int64_t>(Below(rng, 1000));
    case 4:
      return static_cast<std::uint64_t>(OneIn(rng, 2) ? rng() : rng() % 1000);
    case 5:
      return GenDouble(rng);
    case 6:
      return GenString(rng);
    case 7: {
      Json a = Json::array();
      for (int i = Below(rng, 5); i > 0; --i) a.push_back(GenValue(rng, depth + 1));
      return a;
    }
    default: {
      Json o = Json::object();
      for (int i = Below(rng, 5); i > 0; --i) o[GenString(rng)] = GenValue(rng, depth + 1);
      return o;
    }
  }
}

TEST(AppendJson, WritesWhatDumpWrites) {
  Rng rng(20240601);
  for (int i = 0, n = Cases(20000); i < n; ++i) {
    const Json v = GenValue(rng, 0);
    std::string out = "x";
    AppendJson(v, &out);
    ASSERT_EQ(out.substr(1), Dump(v)) << "case " << i;
  }
}

TEST(AppendJson, EdgeValues) {
  const Json cases[] = {Json::object(),
                        Json::array(),
                        Json(""),
                        Json(std::numeric_limits<std::int64_t>::min()),
                        Json(std::numeric_limits<std::int64_t>::max()),
                        Json(std::numeric_limits<std::uint64_t>::max()),
                        Json(-0.0),
                        Json(2.5),
                        Json(std::string("\x00\x1f\x7f", 3)),
                        Json(std::string("\xc3(", 2)),
                        Json::binary({1, 2, 3}),
                        Json(Json::value_t::discarded),
                        Json{{"k", {{"", nullptr}, {"\x01", {1, -1, 1.25, "s"}}}}}};
  for (const Json& v : cases) {
    std::string out;
    AppendJson(v, &out);
    EXPECT_EQ(out, Dump(v));
  }
}

TEST(AppendMessageLine, EnvelopeIsTheDumpOfEachPart) {
  Rng rng(7);
  for (int i = 0, n = Cases(5000); i < n; ++i) {
    Message m{GenString(rng), GenString(rng), GenValue(rng, 0)};
    const std::string expected = "{\"src\":" + Dump(Json(m.src)) + ",\"dest\":" +
                                 Dump(Json(m.dest)) + ",\"body\":" + Dump(m.body) + "}\n";
    ASSERT_EQ(MessageLine(m), expected) << "case " << i;
  }
}

// --- Lines, for the decoder ------------------------------------------------

// Writes lines of the common shape with random whitespace and key order,
// and, at random, near misses: each a small departure from that shape that
// the fast path must either decode exactly as nlohmann does or leave to it.
class LineWriter {
 public:
  explicit LineWriter(Rng& rng) : rng_(rng) {}

  std::string Line() {
    out_.clear();
    Space();
    out_ += '{';
    std::vector<int> keys = {0, 1, 2};
    if (OneIn(rng_, 4)) keys.push_back(3);      // an extra envelope key
    if (OneIn(rng_, 20)) keys.push_back(Below(rng_, 3));  // a duplicate
    if (OneIn(rng_, 20)) keys.erase(keys.begin() + Below(rng_, 3));  // one missing
    std::shuffle(keys.begin(), keys.end(), rng_);
    for (std::size_t i = 0; i < keys.size(); ++i) {
      if (i > 0) Comma();
      switch (keys[i]) {
        case 0:
          Key("src");
          OneIn(rng_, 30) ? Value(0) : Str(Id());
          break;
        case 1:
          Key("dest");
          OneIn(rng_, 30) ? Value(0) : Str(Id());
          break;
        case 2:
          Key("body");
          OneIn(rng_, 30) ? Value(0) : Body();
          break;
        default:
          Key("id");
          Value(1);
      }
    }
    Space();
    out_ += '}';
    Space();
    if (OneIn(rng_, 40)) out_ += OneIn(rng_, 2) ? "x" : "{}";  // trailing garbage
    if (OneIn(rng_, 40)) out_.resize(static_cast<std::size_t>(Below(rng_, static_cast<int>(out_.size()) + 1)));
    if (!out_.empty() && OneIn(rng_, 40)) {  // one byte changed anywhere
      static const char kBytes[] = "{}[],:\"\\ 0-9.eE+tfnx\x01\x7f\x80\xff";
      out_[static_cast<std::size_t>(Below(rng_, static_cast<int>(out_.size())))] =
          kBytes[Below(rng_, sizeof kBytes - 1)];
    }
    return out_;
  }

 private:
  void Space() {
    static const char* kSpace[] = {" ", "\t", "\n", "\r", "  "};
    if (OneIn(rng_, 6)) out_ += kSpace[Below(rng_, 5)];
  }
  void Comma() {
    Space();
    out_ += ',';
    Space();
  }
  void Key(const std::string& k) {
    Str(k);
    Space();
    out_ += ':';
    Space();
  }
  void Str(const std::string& s) {
    Space();
    out_ += '"';
    out_ += s;
    out_ += '"';
  }
  std::string Id() {
    static const char* kIds[] = {"n0", "c1", "n12", "", "lin-kv", "seq-kv", "a b"};
    return kIds[Below(rng_, 7)];
  }
  // String content as it appears between the quotes: mostly plain, at
  // times with an escape, a raw control byte, DEL or non-ASCII bytes.
  std::string Text() {
    static const char* kPlain[] = {"echo", "Please echo 35", "k1", "", "x y", "~!#$%&'()*+"};
    static const char* kOdd[] = {"\\n", "\\\"", "\\\\", "\\u0041", "\\u00e9", "\\ud83d\\ude00",
                                 "\\x", "\t", "\x01", "\x7f", "\xc3\xa9", "\xff", "\\/"};
    std::string s = kPlain[Below(rng_, 6)];
    if (OneIn(rng_, 8)) s.insert(static_cast<std::size_t>(Below(rng_, static_cast<int>(s.size()) + 1)), kOdd[Below(rng_, 13)]);
    return s;
  }
  void Number() {
    static const char* kOdd[] = {"-0", "0", "00", "01", "-", "1.5", "1e3", "1E+2", "-1.0e-2",
                                 "999999999999999999", "1000000000000000000",
                                 "9223372036854775807", "9223372036854775808",
                                 "-9223372036854775808", "-9223372036854775809",
                                 "18446744073709551615", "18446744073709551616",
                                 "123456789012345678901234567890", "+1", "0x10", ".5", "-.5",
                                 "1.", "NaN", "Infinity"};
    Space();
    if (OneIn(rng_, 6)) {
      out_ += kOdd[Below(rng_, std::size(kOdd))];
    } else if (OneIn(rng_, 3)) {
      out_ += std::to_string(-static_cast<std::int64_t>(rng_() % 1000000));
    } else {
      out_ += std::to_string(rng_() >> Below(rng_, 64));
    }
  }
  void Value(int depth) {
    const int kind = Below(rng_, depth > 3 ? 4 : 6);
    switch (kind) {
      case 0:
        Number();
        break;
      case 1:
        Str(Text());
        break;
      case 2:
        Space();
        out_ += std::vector<const char*>{"true", "false", "null", "nul", "True"}[Below(rng_, OneIn(rng_, 10) ? 5 : 3)];
        break;
      case 3:
        if (OneIn(rng_, 15)) {
          Deep();
        } else {
          Number();
        }
        break;
      case 4: {
        Space();
        out_ += '[';
        const int n = Below(rng_, 4);
        for (int i = 0; i < n; ++i) {
          if (i > 0) Comma();
          Value(depth + 1);
        }
        if (OneIn(rng_, 30)) out_ += ',';
        Space();
        out_ += ']';
        break;
      }
      default:
        Object(depth + 1, {});
    }
  }
  // Nesting around the fast path's depth limit.
  void Deep() {
    const int n = kCommonMaxDepth - 4 + Below(rng_, 8);
    std::string closers;
    for (int i = 0; i < n; ++i) {
      if (OneIn(rng_, 2)) {
        out_ += '[';
        closers.insert(closers.begin(), ']');
      } else {
        out_ += "{\"d\":";
        closers.insert(closers.begin(), '}');
      }
    }
    out_ += '1';
    out_ += closers;
  }
  void Object(int depth, std::vector<std::string> keys) {
    static const char* kKeys[] = {"echo", "key", "msg", "value", "k", "", "node_ids"};
    for (int i = Below(rng_, 4); i > 0; --i) keys.push_back(kKeys[Below(rng_, 7)]);
    if (OneIn(rng_, 10) && !keys.empty()) keys.push_back(keys[static_cast<std::size_t>(Below(rng_, static_cast<int>(keys.size())))]);
    std::shuffle(keys.begin(), keys.end(), rng_);
    Space();
    out_ += '{';
    for (std::size_t i = 0; i < keys.size(); ++i) {
      if (i > 0) Comma();
      Key(keys[i]);
      if (keys[i] == "type") {
        if (OneIn(rng_, 20)) {
          Value(depth);
        } else {
          Str(OneIn(rng_, 20) ? "" : std::vector<const char*>{"echo", "read", "broadcast", "init"}[Below(rng_, 4)]);
        }
      } else if (keys[i] == "msg_id" || keys[i] == "in_reply_to") {
        Number();
      } else {
        Value(depth);
      }
    }
    if (OneIn(rng_, 40)) out_ += ',';
    Space();
    out_ += '}';
  }
  void Body() {
    std::vector<std::string> keys;
    if (!OneIn(rng_, 20)) keys.push_back("type");
    if (OneIn(rng_, 2)) keys.push_back("msg_id");
    if (OneIn(rng_, 5)) keys.push_back("in_reply_to");
    Object(1, keys);
  }

  Rng& rng_;
  std::string out_;
};

void ExpectSameDecoding(const std::string& line, int* fast, int* full) {
  Message quick;
  const bool took = ParseCommonMessage(line, &quick);
  Message partial;
  Result<Message> slow = ParseMessageFull(line, &partial);
  if (took) {
    ++*fast;
    ASSERT_TRUE(slow.ok()) << "fast path accepted a line the full parser rejects ("
                           << slow.error().text << "): " << line;
    EXPECT_EQ(quick.src, slow.value().src) << line;
    EXPECT_EQ(quick.dest, slow.value().dest) << line;
    EXPECT_TRUE(Same(quick.body, slow.value().body))
        << line << "\nfast: " << quick.body.dump() << "\nfull: " << slow.value().body.dump();
  } else {
    ++*full;
  }
  // And ParseMessage, whichever path it takes, answers as the full parser.
  Message partial2;
  Result<Message> both = ParseMessage(line, &partial2);
  ASSERT_EQ(both.ok(), slow.ok()) << line;
  if (slow.ok()) {
    EXPECT_EQ(both.value().src, slow.value().src);
    EXPECT_EQ(both.value().dest, slow.value().dest);
    EXPECT_TRUE(Same(both.value().body, slow.value().body)) << line;
  } else {
    EXPECT_EQ(both.error().text, slow.error().text) << line;
    EXPECT_EQ(partial2.src, partial.src) << line;
    EXPECT_EQ(partial2.dest, partial.dest) << line;
    EXPECT_TRUE(Same(partial2.body, partial.body)) << line;
  }
}

TEST(ParseCommonMessage, DecodesAsTheFullParserOrDefers) {
  Rng rng(31337);
  LineWriter writer(rng);
  int fast = 0, full = 0;
  const int n = Cases(30000);
  for (int i = 0; i < n; ++i) {
    const std::string line = writer.Line();
    ASSERT_NO_FATAL_FAILURE(ExpectSameDecoding(line, &fast, &full)) << "case " << i;
  }
  // The generator must exercise both paths to mean anything.
  EXPECT_GT(fast, n / 6);
  EXPECT_GT(full, n / 6);
}

TEST(ParseCommonMessage, DecodesGeneratedValuesAsTheFullParser) {
  // Values dumped by nlohmann itself, as a body's payload: whatever the
  // fast path takes of them, it must decode as nlohmann does.
  Rng rng(99);
  int fast = 0, full = 0;
  const int n = Cases(10000);
  for (int i = 0; i < n; ++i) {
    const std::string line = R"({"src":"c1","dest":"n1","body":{"type":"echo","msg_id":)" +
                             std::to_string(i) + R"(,"echo":)" + Dump(GenValue(rng, 0)) + "}}";
    ASSERT_NO_FATAL_FAILURE(ExpectSameDecoding(line, &fast, &full)) << "case " << i;
  }
  EXPECT_GT(fast, n / 5);
}

TEST(ParseCommonMessage, Shapes) {
  struct Case {
    const char* line;
    bool fast;
  };
  const Case cases[] = {
      {R"({"src":"c1","dest":"n1","body":{"type":"echo","msg_id":1,"echo":"hi"}})", true},
      {R"( {"id":4, "src" : "c1","dest":"n1","body":{"type":"t","v":[1,-2,true,null,{}]}} )", true},
      {R"({"body":{"type":"t"},"dest":"","src":""})", true},
      {R"({"src":"c1","dest":"n1","body":{"type":"t","v":-0}})", true},
      {R"({"src":"c1","dest":"n1","body":{"type":"t","v":999999999999999999}})", true},
      // Left to nlohmann:
      {R"({"src":"c1","dest":"n1","body":{"type":"t","v":1000000000000000000}})", false},
      {R"({"src":"c1","dest":"n1","body":{"type":"t","v":1.5}})", false},
      {R"({"src":"c1","dest":"n1","body":{"type":"t","v":1e2}})", false},
      {R"({"src":"c1","dest":"n1","body":{"type":"t","v":01}})", false},
      {R"({"src":"c1","dest":"n1","body":{"type":"t","v":"a\nb"}})", false},
      {"{\"src\":\"c1\",\"dest\":\"n1\",\"body\":{\"type\":\"t\",\"v\":\"\xc3\xa9\"}}", false},
      {R"({"src":"c1","dest":"n1","body":{"type":"t","type":"u"}})", false},
      {R"({"src":"c1","src":"c2","dest":"n1","body":{"type":"t"}})", false},
      {R"({"src":"c1","dest":"n1","body":{"type":"t","v":{"a":1,"a":2}}})", false},
      {R"({"src":"c1","dest":"n1","body":{"type":""}})", false},
      {R"({"src":"c1","dest":"n1","body":{"msg_id":1}})", false},
      {R"({"src":1,"dest":"n1","body":{"type":"t"}})", false},
      {R"({"src":"c1","body":{"type":"t"}})", false},
      {R"({"src":"c1","dest":"n1","body":{"type":"t"}} x)", false},
      {R"({"src":"c1","dest":"n1","body":{"type":"t",}})", false},
      {"\xef\xbb\xbf{\"src\":\"c1\",\"dest\":\"n1\",\"body\":{\"type\":\"t\"}}", false},
  };
  for (const Case& c : cases) {
    Message m;
    EXPECT_EQ(ParseCommonMessage(c.line, &m), c.fast) << c.line;
    int fast = 0, full = 0;
    ExpectSameDecoding(c.line, &fast, &full);
  }
}

TEST(ParseCommonMessage, KindsOfNumbersAreNlohmanns) {
  Message m;
  ASSERT_TRUE(ParseCommonMessage(R"({"src":"a","dest":"b","body":{"type":"t","u":5,"s":-5,"z":-0}})", &m));
  EXPECT_TRUE(m.body["u"].is_number_unsigned());
  EXPECT_TRUE(m.body["s"].is_number_integer() && !m.body["s"].is_number_unsigned());
  EXPECT_TRUE(m.body["z"].is_number_integer() && !m.body["z"].is_number_unsigned());
}

TEST(ParseCommonMessage, NestingAtTheLimit) {
  auto line = [](int levels) {
    // The body is level 2 (the envelope is 1); each array adds one.
    std::string v(static_cast<std::size_t>(levels - 2), '[');
    v += std::string(static_cast<std::size_t>(levels - 2), ']');
    return R"({"src":"a","dest":"b","body":{"type":"t","v":)" + v + "}}";
  };
  Message m;
  EXPECT_TRUE(ParseCommonMessage(line(kCommonMaxDepth), &m));
  EXPECT_FALSE(ParseCommonMessage(line(kCommonMaxDepth + 1), &m));
  EXPECT_TRUE(ParseMessage(line(kCommonMaxDepth + 1)).ok());
}

}  // namespace
}  // namespace glomers
