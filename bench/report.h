// The run report: one self-contained report.html per stored run, built from
// the files the run left in its store directory (results.json,
// history.jsonl, journal.jsonl). It needs no network: styles, scripts and
// data are inline, and the plots are drawn by inline script into SVG.
//
// It shows the verdict and the checker's findings first; then latency over
// time per operation (ok, fail and indefinite in distinct marks, faults
// shaded), throughput over time, the net and latency tables, the stable
// latency distribution (broadcast, g-set), and a Lamport diagram of the
// messages in a window the reader can move.
//
// Size stays bounded for long runs: at most kMaxLatencyPoints latency points
// (subsampled, keeping each stretch's extremes) and kMaxDiagramMessages
// messages, each body cut to kMaxBodyChars.
//
// Every string from the run reaches the page escaped: HTML text through
// HtmlEscape, data through ScriptJson inside a JSON script element, which the
// page parses and renders with textContent only.
#ifndef GLOMERS_BENCH_REPORT_H_
#define GLOMERS_BENCH_REPORT_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace glomers::bench {

inline constexpr std::size_t kMaxLatencyPoints = 4000;
inline constexpr std::size_t kMaxDiagramMessages = 2000;
inline constexpr std::size_t kMaxBodyChars = 400;

// Writes <store_dir>/report.html. Returns false, with `error` set, if the
// run's files cannot be read.
bool WriteReport(const std::string& store_dir, std::string* error);

// Text safe in HTML element content and in quoted attribute values.
std::string HtmlEscape(std::string_view text);

// `value` as JSON that is safe inside a <script> element: '<', '>', '&' and
// U+2028/U+2029 are written as \u escapes, so no "</script>" or "<!--" can
// appear.
std::string ScriptJson(const nlohmann::json& value);

// Which of `values` to keep so that at most `cap` remain (cap >= 2): all of
// them if they fit; otherwise the values are cut into cap / 2 consecutive
// stretches and each stretch keeps its smallest and its largest. Returns
// ascending indices; the overall minimum and maximum are always kept.
std::vector<std::size_t> Subsample(const std::vector<double>& values, std::size_t cap);

}  // namespace glomers::bench

#endif  // GLOMERS_BENCH_REPORT_H_
