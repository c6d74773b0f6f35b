#include "bench/report.h"

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

namespace glomers::bench {
namespace {

using Json = nlohmann::json;

std::size_t Occurrences(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

TEST(HtmlEscape, EscapesMarkupAndQuotes) {
  EXPECT_EQ(HtmlEscape("<img src=x onerror=\"alert('1')\">&amp;"),
            "&lt;img src=x onerror=&quot;alert(&#39;1&#39;)&quot;&gt;&amp;amp;");
  EXPECT_EQ(HtmlEscape("plain text, ü"), "plain text, ü");
}

TEST(ScriptJson, NoMarkupSurvivesAndTheValueReadsBack) {
  const Json value = {{"body", "</script><!-- <img onerror=x> & \u2028\u2029"}, {"n", 1}};
  const std::string text = ScriptJson(value);
  for (const char* bad : {"<", ">", "&", "\u2028", "\u2029"}) {
    EXPECT_EQ(text.find(bad), std::string::npos) << bad << " in " << text;
  }
  EXPECT_EQ(Json::parse(text), value);
}

TEST(ScriptJson, InvalidUtf8IsReplacedNotThrown) {
  const std::string text = ScriptJson(Json(std::string("a\xff") + "b"));
  EXPECT_TRUE(Json::parse(text).is_string());
}

TEST(Subsample, KeepsEverythingThatFits) {
  const std::vector<double> v = {3, 1, 2};
  EXPECT_EQ(Subsample(v, 3), (std::vector<std::size_t>{0, 1, 2}));
  EXPECT_EQ(Subsample({}, 10), std::vector<std::size_t>{});
}

TEST(Subsample, CapsAndKeepsTheExtremes) {
  std::vector<double> v;
  for (int i = 0; i < 10000; ++i) v.push_back((i * 7919) % 1000);
  v[4321] = 1e6;   // a spike
  v[8765] = -1e6;  // a dip
  const std::vector<std::size_t> keep = Subsample(v, 400);
  EXPECT_LE(keep.size(), 400u);
  EXPECT_GE(keep.size(), 200u);
  EXPECT_TRUE(std::is_sorted(keep.begin(), keep.end()));
  EXPECT_EQ(std::adjacent_find(keep.begin(), keep.end()), keep.end());
  EXPECT_NE(std::find(keep.begin(), keep.end(), 4321u), keep.end());
  EXPECT_NE(std::find(keep.begin(), keep.end(), 8765u), keep.end());
}

TEST(Subsample, EachStretchKeepsItsExtremes) {
  // Two stretches of four: each keeps its own minimum and maximum.
  const std::vector<double> v = {5, 9, 1, 5, 7, 7, 0, 8};
  EXPECT_EQ(Subsample(v, 4), (std::vector<std::size_t>{1, 2, 6, 7}));
}

class ReportFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("glomers-report-test-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  void Write(const char* name, const std::string& text) { std::ofstream(dir_ / name) << text; }
  std::string Report() {
    std::ifstream in(dir_ / "report.html");
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }
  std::filesystem::path dir_;
};

TEST_F(ReportFiles, HostileStringsStayInert) {
  const std::string hostile = "</script><img src=x onerror=alert(1)><!--";
  Json results = {{"valid", false},
                  {"test", {{"workload", "broadcast"}, {"mode", "sim"}, {"run_seconds", 2}}},
                  {"workload", {{"valid", false}, {"lost", Json::array({hostile})}, {"lost_count", 1}}},
                  {"nemesis", Json::array({{{"f", "start-partition"}, {"time", 0.5},
                                            {"value", {{"spec", hostile}, {"parts", Json::array()}}}}})}};
  Write("results.json", results.dump());
  Write("history.jsonl",
        R"({"f":"broadcast","index":0,"node":"n0","process":0,"time":1000000,"type":"invoke","value":1})" "\n"
        R"({"f":"broadcast","index":1,"node":"n0","process":0,"time":3000000,"type":"ok","value":1})" "\n"
        R"({"f":"read","index":2,"node":"n1","process":1,"time":4000000,"type":"invoke","value":null})" "\n"
        R"({"f":"read","index":3,"node":"n1","process":1,"time":9000000,"type":"ok","value":[1]})" "\n");
  Json send = {{"type", "send"}, {"id", 0}, {"time", 100}, {"src", "n0"}, {"dest", "n1"},
               {"body", {{"type", hostile}, {"text", hostile}}}};
  Write("journal.jsonl", send.dump() + "\n" + R"({"id":0,"time":5000,"type":"drop","why":"partition"})" "\n");

  std::string error;
  ASSERT_TRUE(WriteReport(dir_.string(), &error)) << error;
  const std::string html = Report();
  // Only the page's own three scripts end; nothing from the run opens a tag.
  EXPECT_EQ(Occurrences(html, "</script>"), 3u);
  EXPECT_EQ(html.find("<img"), std::string::npos);
  EXPECT_EQ(html.find("<!--"), std::string::npos);
  EXPECT_NE(html.find("&lt;/script&gt;&lt;img"), std::string::npos);  // the finding, as text
  EXPECT_NE(html.find("class=\"banner invalid\""), std::string::npos);

  // The data element parses back to the run's strings.
  const std::string open = "<script type=\"application/json\" id=\"report-data\">";
  const std::size_t begin = html.find(open) + open.size();
  const Json data = Json::parse(html.substr(begin, html.find("</script>", begin) - begin));
  ASSERT_EQ(data["lamport"]["msgs"].size(), 1u);
  EXPECT_EQ(data["lamport"]["msgs"][0][7], hostile);
  EXPECT_EQ(data["lamport"]["msgs"][0][5], 1);  // dropped
  EXPECT_EQ(data["faults"][0]["kind"], "partition");
  EXPECT_EQ(data["points"].size(), 2u);
  EXPECT_FALSE(data["stable"].is_null());
}

TEST_F(ReportFiles, MissingResultsIsAnError) {
  std::string error;
  EXPECT_FALSE(WriteReport(dir_.string(), &error));
  EXPECT_NE(error.find("results.json"), std::string::npos);
}

}  // namespace
}  // namespace glomers::bench
