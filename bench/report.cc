#include "bench/report.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <set>
#include <sstream>
#include <unordered_map>

#include "bench/history.h"
#include "workloads/set_full_checker.h"

namespace glomers::bench {
namespace {
namespace report_impl {

using Json = nlohmann::json;

constexpr double kNsPerS = 1e9;
constexpr double kNsPerMs = 1e6;
constexpr std::int64_t kNsPerUs = 1000;
constexpr std::size_t kMaxCdfPoints = 500;
constexpr std::size_t kMaxFindingChars = 400;

// Rounded so that the JSON stays short: nlohmann prints the shortest text
// that reads back as the same double.
double Round(double v, double unit) { return std::round(v / unit) * unit; }

std::string Verdict(const Json& v) {
  if (v.is_boolean()) return v.get<bool>() ? "valid" : "invalid";
  return "unknown";
}

std::string VerdictCell(const Json& v) {
  const std::string word = Verdict(v);
  return "<span class=\"verdict " + word + "\">" + word + "</span>";
}

// Cuts `text` to at most `max` bytes without splitting a UTF-8 sequence.
std::string Cut(std::string text, std::size_t max) {
  if (text.size() <= max) return text;
  std::size_t end = max;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  text.resize(end);
  return text + "...";
}

std::string Dump(const Json& j) { return j.dump(-1, ' ', false, Json::error_handler_t::replace); }

std::string Number(double v, const char* format = "%.4g") {
  char buf[64];
  std::snprintf(buf, sizeof buf, format, v);
  return buf;
}

double Num(const Json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_number() ? it->get<double>() : 0.0;
}

bool ReadJsonLines(const std::string& path, const std::function<void(const std::string&)>& each) {
  std::ifstream in(path);
  if (!in) return false;
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) each(line);
  }
  return true;
}

// --- What the page plots -------------------------------------------------------

struct Fault {
  std::string kind;  // partition, kill, pause
  double start = 0, end = 0;
  std::string label;
};

// Pairs the nemesis log's starts and ends; a fault still on at the end of the
// log lasts until `end_of_run`.
std::vector<Fault> Faults(const Json& nemesis, double end_of_run) {
  std::vector<Fault> out;
  std::map<std::string, std::size_t> open;  // kind -> index in out
  auto begin = [&](const std::string& kind, double t, std::string label) {
    if (open.contains(kind)) return;
    open[kind] = out.size();
    out.push_back({kind, t, end_of_run, std::move(label)});
  };
  auto finish = [&](const std::string& kind, double t) {
    if (auto it = open.find(kind); it != open.end()) {
      out[it->second].end = t;
      open.erase(it);
    }
  };
  for (const Json& e : nemesis) {
    const std::string f = e.value("f", "");
    const double t = Num(e, "time");
    const Json& v = e.contains("value") ? e["value"] : Json();
    if (f == "start-partition") {
      std::string label = v.is_object() ? v.value("spec", "") : "";
      if (v.is_object() && v.contains("parts")) label += " " + Dump(v["parts"]);
      begin("partition", t, Cut(label, 200));
    } else if (f == "stop-partition") {
      finish("partition", t);
    } else if (f == "kill" || f == "pause") {
      begin(f, t, v.is_object() && v.contains("nodes") ? Cut(Dump(v["nodes"]), 200) : "");
    } else if (f == "start") {
      finish("kill", t);
    } else if (f == "resume") {
      finish("pause", t);
    }
  }
  return out;
}

// Latency points [invoked at s, latency ms, f index, outcome 0 ok 1 fail 2 info].
Json LatencyPoints(const History& history, const std::vector<std::string>& fs) {
  const std::vector<std::int64_t> pairs = history.Pairs();
  struct Point { double t, ms; };
  std::map<std::pair<std::size_t, int>, std::vector<Point>> series;
  std::size_t total = 0;
  for (const Op& op : history) {
    if (op.is_invoke()) continue;
    const std::int64_t inv = pairs[static_cast<std::size_t>(op.index)];
    if (inv < 0) continue;
    const Op& invocation = history[static_cast<std::size_t>(inv)];
    const std::size_t f = static_cast<std::size_t>(std::find(fs.begin(), fs.end(), op.f) - fs.begin());
    const int outcome = op.is_ok() ? 0 : op.is_fail() ? 1 : 2;
    series[{f, outcome}].push_back({static_cast<double>(invocation.time) / kNsPerS,
                                    static_cast<double>(op.time - invocation.time) / kNsPerMs});
    ++total;
  }
  Json out = Json::array();
  for (auto& [key, points] : series) {
    std::sort(points.begin(), points.end(), [](const Point& a, const Point& b) { return a.t < b.t; });
    // Each series gets its share of the budget, and at least its extremes.
    const std::size_t cap = std::max<std::size_t>(2, kMaxLatencyPoints * points.size() / total);
    std::vector<double> ms;
    for (const Point& p : points) ms.push_back(p.ms);
    for (std::size_t i : Subsample(ms, cap)) {
      out.push_back({Round(points[i].t, 1e-4), Round(points[i].ms, 1e-3), key.first, key.second});
    }
  }
  return out;
}

// Completions per second in bins of about a sixtieth of the run.
Json Throughput(const History& history, const std::vector<std::string>& fs, double duration) {
  double bin = 10;
  for (double b : {0.1, 0.2, 0.25, 0.5, 1.0, 2.0, 5.0}) {
    if (duration / b <= 80) {
      bin = b;
      break;
    }
  }
  const std::size_t bins = static_cast<std::size_t>(std::ceil(std::max(duration, bin) / bin));
  std::map<std::pair<std::size_t, int>, std::vector<double>> counts;
  for (const Op& op : history) {
    if (op.is_invoke()) continue;
    const double t = static_cast<double>(op.time) / kNsPerS;
    const std::size_t b = std::min(bins - 1, static_cast<std::size_t>(std::max(0.0, t / bin)));
    const std::size_t f = static_cast<std::size_t>(std::find(fs.begin(), fs.end(), op.f) - fs.begin());
    auto& c = counts[{f, op.is_ok() ? 0 : op.is_fail() ? 1 : 2}];
    c.resize(bins);
    c[b] += 1;
  }
  Json series = Json::array();
  for (const auto& [key, c] : counts) {
    Json rates = Json::array();
    for (double n : c) rates.push_back(Round(n / bin, 0.01));
    series.push_back({{"f", key.first}, {"outcome", key.second}, {"rates", rates}});
  }
  return {{"bin", bin}, {"series", series}};
}

// The stable latencies' CDF as [ms, fraction] points, or null when the
// workload has none.
Json StableCdf(const History& history, const std::string& workload) {
  if (workload != "broadcast" && workload != "g-set") return nullptr;
  std::vector<std::int64_t> ms;
  workloads::CheckSetFull(history, workload == "broadcast" ? "broadcast" : "add", &ms);
  if (ms.empty()) return nullptr;
  std::sort(ms.begin(), ms.end());
  Json out = Json::array();
  const std::size_t n = ms.size();
  const std::size_t steps = std::min(n, kMaxCdfPoints);
  for (std::size_t k = 0; k < steps; ++k) {
    const std::size_t i = steps == 1 ? n - 1 : k * (n - 1) / (steps - 1);
    out.push_back({ms[i], Round(static_cast<double>(i + 1) / static_cast<double>(n), 1e-4)});
  }
  return out;
}

// The Lamport diagram's messages: up to kMaxDiagramMessages sent from
// `from_ns` on, as [id, src, dest, sent us, ended us or null, end kind
// (0 delivered, 1 dropped, 2 never arrived), drop reason, body type, body].
Json DiagramMessages(const std::string& journal_path, std::int64_t from_ns, std::int64_t* total,
                     bool* readable) {
  Json msgs = Json::array();
  std::unordered_map<std::int64_t, std::size_t> by_id;
  *total = 0;
  *readable = ReadJsonLines(journal_path, [&](const std::string& line) {
    // Sends are the only events with a body; once the diagram is full only
    // their count matters, and once its messages have all ended, nothing
    // else does: neither is parsed.
    const bool send = line.starts_with("{\"body\"");
    if (send) ++*total;
    const bool full = msgs.size() >= kMaxDiagramMessages;
    if (full && (send || by_id.empty())) return;
    Json e = Json::parse(line, nullptr, false);
    if (e.is_discarded() || !e.is_object()) return;
    const std::int64_t id = e.value("id", std::int64_t{-1});
    const std::int64_t time = e.value("time", std::int64_t{0});
    const std::string type = e.value("type", "");
    if (type == "send") {
      if (time < from_ns) return;
      const Json& body = e.contains("body") ? e["body"] : Json();
      by_id[id] = msgs.size();
      msgs.push_back({id, e.value("src", ""), e.value("dest", ""), time / kNsPerUs, nullptr, 2, "",
                      body.is_object() ? body.value("type", "") : "", Cut(Dump(body), kMaxBodyChars)});
    } else if (type == "recv" || type == "drop") {
      auto it = by_id.find(id);
      if (it == by_id.end()) return;
      Json& m = msgs[it->second];
      m[4] = time / kNsPerUs;
      m[5] = type == "recv" ? 0 : 1;
      m[6] = e.value("why", "");
      by_id.erase(it);
    }
  });
  // The journal is in time order, but the diagram must not rely on it.
  std::stable_sort(msgs.begin(), msgs.end(),
                   [](const Json& a, const Json& b) { return a[3].get<double>() < b[3].get<double>(); });
  return msgs;
}

// --- The page -----------------------------------------------------------------

// The checkers' counts that tally what happened rather than count anomalies;
// any other count above zero is shown as an alarm.
const std::set<std::string> kTallies = {
    "acknowledged_count", "attempt_count", "attempted_count", "echo_count", "final_read_count",
    "indefinite_add_count", "never_read_count", "stable_count", "stale_count"};

void Findings(const Json& results, std::string& out) {
  const Json& w = results.value("workload", Json::object());
  out += "<h2>Checker findings</h2>\n<table class=\"findings\">\n";
  for (const auto& [key, value] : w.items()) {
    if (key == "valid" || ((value.is_array() || value.is_object()) && value.empty())) continue;
    std::string text = Cut(Dump(value), kMaxFindingChars);
    if (value.is_array() && value.size() > 1) text += " (" + std::to_string(value.size()) + " in all)";
    const bool alarm = key.ends_with("_count") && value.is_number() && value.get<double>() > 0 &&
                       !kTallies.contains(key);
    out += "<tr" + std::string(alarm ? " class=\"alarm\"" : "") + "><th>" + HtmlEscape(key) +
           "</th><td><code>" + HtmlEscape(text) + "</code></td></tr>\n";
  }
  out += "</table>\n";
  const Json& problems = results.value("nodes", Json::object()).value("problems", Json::array());
  if (!problems.empty()) {
    out += "<h3>Node problems</h3>\n<ul class=\"problems\">\n";
    for (const Json& p : problems) {
      out += "<li><b>" + HtmlEscape(p.value("node", "?")) + "</b> at " + Number(Num(p, "time"), "%.3f") +
             " s: " + HtmlEscape(p.value("problem", ""));
      if (p.contains("detail")) out += " — <code>" + HtmlEscape(Cut(Dump(p["detail"]), kMaxFindingChars)) + "</code>";
      out += "</li>\n";
    }
    out += "</ul>\n";
  }
}

void Tables(const Json& results, std::string& out) {
  out += "<h2>Operations</h2>\n<table class=\"numbers\">\n<tr><th>operation</th><th>count</th>"
         "<th>ok</th><th>fail</th><th>info</th><th>p0 ms</th><th>p50 ms</th><th>p95 ms</th>"
         "<th>p99 ms</th><th>max ms</th></tr>\n";
  const Json& by_f = results.value("stats", Json::object()).value("by_f", Json::object());
  const Json& latency = results.value("latency", Json::object());
  for (const auto& [f, c] : by_f.items()) {
    const Json& lat = latency.value(f, Json::object());
    out += "<tr><th>" + HtmlEscape(f) + "</th>";
    for (const char* k : {"count", "ok_count", "fail_count", "info_count"}) {
      out += "<td>" + Number(Num(c, k), "%.0f") + "</td>";
    }
    for (const char* q : {"0", "0.5", "0.95", "0.99", "1"}) {
      out += "<td>" + (lat.contains(q) ? Number(Num(lat, q), "%.1f") : "-") + "</td>";
    }
    out += "</tr>\n";
  }
  out += "</table>\n";

  const Json& net = results.value("net", Json::object());
  out += "<h2>Network</h2>\n<table class=\"numbers\">\n<tr><th></th><th>msgs</th><th>sent</th>"
         "<th>received</th><th>msgs/op</th><th>bytes</th><th>bytes/op</th></tr>\n";
  for (const char* part : {"servers", "clients", "all"}) {
    const Json& n = net.value(part, Json::object());
    out += std::string("<tr") + (std::string(part) == "servers" ? " class=\"key\"" : "") + "><th>" +
           part + "</th><td>" + Number(Num(n, "msg_count"), "%.0f") + "</td><td>" +
           Number(Num(n, "send_count"), "%.0f") + "</td><td>" + Number(Num(n, "recv_count"), "%.0f") +
           "</td><td>" + Number(Num(n, "msgs_per_op"), "%.2f") + "</td><td>" +
           (n.contains("bytes") ? Number(Num(n, "bytes"), "%.0f") : "-") + "</td><td>" +
           (n.contains("bytes_per_op") ? Number(Num(n, "bytes_per_op"), "%.0f") : "-") + "</td></tr>\n";
  }
  out += "</table>\n<p class=\"note\">msgs/op counts messages between server nodes (clients' "
         "excluded) per client operation, as Maelstrom's <code>:net :servers :msgs-per-op</code>.";
  const Json& delay = net.value("servers", Json::object()).value("delay_ms", Json::object());
  if (!delay.empty()) {
    out += " Server message delay, send to delivery: p50 " + Number(Num(delay, "0.5"), "%.1f") +
           " ms, p99 " + Number(Num(delay, "0.99"), "%.1f") + " ms, max " +
           Number(Num(delay, "1"), "%.1f") + " ms.";
  }
  out += "</p>\n";
}

void Parameters(const Json& test, std::string& out) {
  out += "<details><summary>Run parameters</summary>\n<table class=\"params\">\n";
  for (const auto& [key, value] : test.items()) {
    out += "<tr><th>" + HtmlEscape(key) + "</th><td><code>" +
           HtmlEscape(Cut(value.is_string() ? value.get<std::string>() : Dump(value), 600)) +
           "</code></td></tr>\n";
  }
  out += "</table></details>\n";
}

void Files(const std::string& store_dir, const Json& results, std::string& out) {
  namespace fs = std::filesystem;
  out += "<h2>Files</h2>\n<ul class=\"files\">\n";
  for (const char* name : {"results.json", "history.jsonl", "journal.jsonl"}) {
    if (fs::exists(fs::path(store_dir) / name)) {
      out += std::string("<li><a href=\"") + name + "\">" + name + "</a></li>\n";
    }
  }
  const Json& logs = results.value("nodes", Json::object()).value("logs", Json::object());
  if (!logs.empty()) {
    out += "<li>node logs:";
    for (const auto& [node, path] : logs.items()) {
      if (!path.is_string()) continue;
      out += " <a href=\"" + HtmlEscape(path.get<std::string>()) + "\">" + HtmlEscape(node) + "</a>";
    }
    out += "</li>\n";
  }
  out += "</ul>\n";
}

const char kStyle[] = R"css(
body{font:14px/1.4 system-ui,sans-serif;margin:0 auto;max-width:1200px;padding:16px;color:#222}
h1{font-size:20px;margin:0 0 4px}h2{font-size:16px;margin:24px 0 8px;border-bottom:1px solid #ddd}
.banner{padding:12px 16px;border-radius:6px;margin:8px 0 12px;font-size:18px;font-weight:600}
.banner.valid{background:#e3f5e1;color:#1b6e1b}.banner.invalid{background:#fbe3e3;color:#a11}
.banner.unknown{background:#eee;color:#555}
.verdict.valid{color:#1b6e1b}.verdict.invalid{color:#a11;font-weight:600}.verdict.unknown{color:#777}
table{border-collapse:collapse;margin:4px 0}th,td{padding:2px 8px;text-align:left;vertical-align:top}
table.numbers td{text-align:right;font-variant-numeric:tabular-nums}
table.numbers tr.key{background:#f3f6fb}tr.alarm th,tr.alarm td{color:#a11;font-weight:600}
td code{white-space:pre-wrap;word-break:break-all}
.note{color:#666;font-size:12px}.legend{font-size:12px;margin:2px 0 0 64px}
.legend span{margin-right:14px;white-space:nowrap}.legend svg{vertical-align:middle}
svg.plot text,svg.lamport text{font:11px system-ui,sans-serif;fill:#333}
.grid{stroke:#eee}.axes{fill:none;stroke:#999}
.shade.partition{fill:#f4a3a3;opacity:.28}.shade.kill{fill:#999;opacity:.25}
.shade.pause{fill:#a3b8f4;opacity:.28}
.controls{margin:6px 0}.controls input[type=number]{width:6em}
svg.lamport .lane{stroke:#bbb}svg.lamport .lane.node{stroke:#666}
.msg line.arrow{stroke:#3a6ea5;stroke-width:1.2}.msg.client line.arrow{stroke:#999}
.msg.drop line.arrow{stroke:#d22;stroke-dasharray:5 3}.msg.drop path.x{stroke:#d22;stroke-width:2}
.msg.pending line.arrow{stroke:#aaa;stroke-dasharray:1 3}
.msg line.hit{stroke:transparent;stroke-width:7;cursor:pointer}
.msg:hover line.arrow,.msg.chosen line.arrow{stroke-width:3}
pre#msg-detail{background:#f6f6f6;padding:8px;min-height:2em;white-space:pre-wrap;word-break:break-all}
#errors{color:#a11}
)css";

// Draws everything from the JSON in #report-data. Only textContent and
// attributes carry the run's strings into the page.
const char kScript[] = R"js(
(function () {
'use strict';
const NS = 'http://www.w3.org/2000/svg';
const D = JSON.parse(document.getElementById('report-data').textContent);
const OUT = ['ok', 'fail', 'info'];
const PALETTE = ['#1f77b4', '#ff7f0e', '#2ca02c', '#9467bd', '#8c564b', '#e377c2', '#17becf', '#bcbd22'];
const color = i => PALETTE[i % PALETTE.length];

function el(tag, attrs, parent, text) {
  const e = document.createElementNS(NS, tag);
  for (const k in attrs) e.setAttribute(k, attrs[k]);
  if (text !== undefined) e.textContent = text;
  if (parent) parent.appendChild(e);
  return e;
}
function hel(tag, parent, text, cls) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  if (parent) parent.appendChild(e);
  return e;
}
function step(span, n) {
  const raw = span / n, p = Math.pow(10, Math.floor(Math.log10(raw))), m = raw / p;
  return (m < 1.5 ? 1 : m < 3 ? 2 : m < 7 ? 5 : 10) * p;
}
function ticks(a, b, n) {
  if (!(b > a)) return [a];
  const s = step(b - a, n), out = [];
  for (let v = Math.ceil(a / s) * s; v <= b + s * 1e-9; v += s) out.push(+v.toFixed(9));
  return out;
}
const fmt = v => Math.abs(v) >= 1000 ? v.toFixed(0) : String(+v.toPrecision(3));

// A plot's frame: axes, grid, shaded fault intervals; returns the scales.
function frame(host, o) {
  const W = 1150, H = o.height || 300, L = 64, R = 12, T = 10, B = 38;
  const svg = el('svg', {width: W, height: H, viewBox: '0 0 ' + W + ' ' + H, class: 'plot'}, host);
  const pw = W - L - R, ph = H - T - B;
  const X = v => L + (v - o.x0) / ((o.x1 - o.x0) || 1) * pw;
  const la = o.ylog ? Math.log10(o.y0) : 0, lb = o.ylog ? Math.log10(o.y1) : 0;
  const Y = o.ylog ? v => T + ph - (Math.log10(Math.max(v, o.y0)) - la) / ((lb - la) || 1) * ph
                   : v => T + ph - (v - o.y0) / ((o.y1 - o.y0) || 1) * ph;
  for (const s of o.shades || []) {
    const a = Math.max(o.x0, s.start), b = Math.min(o.x1, s.end);
    if (!(b > a)) continue;
    const r = el('rect', {x: X(a), y: T, width: X(b) - X(a), height: ph, class: 'shade ' + s.kind}, svg);
    el('title', {}, r, s.kind + ' ' + fmt(s.start) + '-' + fmt(s.end) + ' s ' + s.label);
  }
  for (const t of ticks(o.x0, o.x1, 12)) {
    el('line', {x1: X(t), x2: X(t), y1: T, y2: T + ph, class: 'grid'}, svg);
    el('text', {x: X(t), y: T + ph + 14, 'text-anchor': 'middle'}, svg, fmt(t));
  }
  let yt = [];
  if (o.ylog) {
    for (let e = Math.floor(la); e <= Math.ceil(lb); e++) {
      for (const m of [1, 2, 5]) {
        const v = m * Math.pow(10, e);
        if (v >= o.y0 * 0.999 && v <= o.y1 * 1.001) yt.push(v);
      }
    }
  } else {
    yt = ticks(o.y0, o.y1, 6);
  }
  for (const t of yt) {
    el('line', {x1: L, x2: L + pw, y1: Y(t), y2: Y(t), class: 'grid'}, svg);
    el('text', {x: L - 6, y: Y(t) + 4, 'text-anchor': 'end'}, svg, fmt(t));
  }
  el('rect', {x: L, y: T, width: pw, height: ph, class: 'axes'}, svg);
  el('text', {x: L + pw / 2, y: H - 4, 'text-anchor': 'middle'}, svg, o.xlabel);
  el('text', {x: 12, y: T + ph / 2, 'text-anchor': 'middle',
              transform: 'rotate(-90 12 ' + (T + ph / 2) + ')'}, svg, o.ylabel);
  return {svg, X, Y};
}
function mark(g, outcome, x, y, c) {
  if (outcome === 0) return el('circle', {cx: x, cy: y, r: 2.2, fill: c}, g);
  if (outcome === 1) {
    return el('path', {d: 'M' + (x - 3) + ',' + (y - 3) + 'L' + (x + 3) + ',' + (y + 3) + 'M' + (x - 3) + ',' +
                       (y + 3) + 'L' + (x + 3) + ',' + (y - 3), stroke: c, 'stroke-width': 1.5}, g);
  }
  return el('path', {d: 'M' + x + ',' + (y - 4) + 'L' + (x + 4) + ',' + (y + 3) + 'L' + (x - 4) + ',' + (y + 3) + 'Z',
                     stroke: c, fill: 'none', 'stroke-width': 1.2}, g);
}
const DASH = ['', '6 3', '2 3'];
function legend(host, items) {
  const d = hel('div', host, undefined, 'legend');
  for (const it of items) {
    const s = hel('span', d);
    it.swatch(el('svg', {width: 24, height: 12}, s));
    s.appendChild(document.createTextNode(' ' + it.name));
  }
  for (const kind of new Set(D.faults.map(f => f.kind))) {
    const s = hel('span', d);
    el('rect', {x: 2, y: 1, width: 20, height: 10, class: 'shade ' + kind}, el('svg', {width: 24, height: 12}, s));
    s.appendChild(document.createTextNode(' ' + kind + ' (hover for details)'));
  }
}

function latencyPlot() {
  const host = document.getElementById('latency-plot');
  const P = D.points;
  if (!P.length) { hel('p', host, 'No completed operations.'); return; }
  let lo = Infinity, hi = 0;
  for (const p of P) { if (p[1] > 0) lo = Math.min(lo, p[1]); hi = Math.max(hi, p[1]); }
  const ylog = hi > 0 && lo < Infinity && hi / lo > 20;
  const y0 = ylog ? Math.pow(10, Math.floor(Math.log10(lo))) : 0;
  const y1 = ylog ? Math.pow(10, Math.ceil(Math.log10(hi))) : (hi > 0 ? hi * 1.05 : 1);
  const f = frame(host, {x0: 0, x1: D.duration, y0, y1, ylog, xlabel: 'time of invocation (s)',
                         ylabel: ylog ? 'latency (ms, log)' : 'latency (ms)', shades: D.faults});
  const g = el('g', {class: 'points'}, f.svg);
  const seen = {};
  for (const p of P) {
    mark(g, p[3], f.X(p[0]), f.Y(p[1]), color(p[2]));
    seen[p[2] + ' ' + p[3]] = [p[2], p[3]];
  }
  legend(host, Object.values(seen).map(([fi, o]) => ({
    name: D.fs[fi] + ' ' + OUT[o], swatch: s => mark(s, o, 12, 6, color(fi))})));
  if (D.points_total > P.length) {
    hel('p', host, P.length + ' of ' + D.points_total +
        ' operations shown (each stretch of time keeps its fastest and slowest).', 'note');
  }
}

function throughputPlot() {
  const host = document.getElementById('throughput-plot');
  const T = D.throughput;
  let hi = 1;
  for (const s of T.series) for (const r of s.rates) hi = Math.max(hi, r);
  const f = frame(host, {x0: 0, x1: D.duration, y0: 0, y1: hi * 1.05, xlabel: 'time of completion (s)',
                         ylabel: 'operations / s', shades: D.faults, height: 260});
  for (const s of T.series) {
    const pts = s.rates.map((r, i) => f.X((i + 0.5) * T.bin) + ',' + f.Y(r)).join(' ');
    el('polyline', {points: pts, fill: 'none', stroke: color(s.f), 'stroke-width': 1.6,
                    'stroke-dasharray': DASH[s.outcome], class: 'series'}, f.svg);
  }
  legend(host, T.series.map(s => ({name: D.fs[s.f] + ' ' + OUT[s.outcome], swatch: sv =>
    el('line', {x1: 1, x2: 23, y1: 6, y2: 6, stroke: color(s.f), 'stroke-width': 2,
                'stroke-dasharray': DASH[s.outcome]}, sv)})));
}

function stablePlot() {
  const host = document.getElementById('stable-plot');
  if (!host || !D.stable) return;
  const C = D.stable, hi = Math.max(1, C[C.length - 1][0]);
  const f = frame(host, {x0: 0, x1: hi * 1.02, y0: 0, y1: 1, xlabel: 'stable latency (ms)',
                         ylabel: 'fraction of elements', height: 260});
  let prev = 0, d = 'M' + f.X(C[0][0]) + ',' + f.Y(0);
  for (const [ms, q] of C) { d += 'L' + f.X(ms) + ',' + f.Y(prev) + 'L' + f.X(ms) + ',' + f.Y(q); prev = q; }
  el('path', {d, fill: 'none', stroke: color(0), 'stroke-width': 1.8, class: 'cdf'}, f.svg);
}

// --- The Lamport diagram ---
const MAX_DRAWN = 1500;
function laneOrder(a, b) {
  const rank = s => /^n\d+$/.test(s) ? 0 : /^c\d+$/.test(s) ? 2 : 1;
  const num = s => { const m = /\d+$/.exec(s); return m ? +m[0] : -1; };
  return rank(a) - rank(b) || num(a) - num(b) || (a < b ? -1 : a > b ? 1 : 0);
}
function lamport() {
  const L = D.lamport, host = document.getElementById('lamport');
  const from = document.getElementById('win-from'), len = document.getElementById('win-len');
  const info = document.getElementById('lamport-info'), detail = document.getElementById('msg-detail');
  const M = L.msgs;
  if (!M.length) { hel('p', host, 'No messages recorded.'); return; }
  const first = M[0][3] / 1e6, last = M[M.length - 1][3] / 1e6;
  const start = Math.max(L.window[0], first);
  from.value = start.toFixed(3);
  // A readable default: at most 300 messages.
  let length = L.window[1] - L.window[0];
  const inWindow = M.filter(m => m[3] / 1e6 >= start);
  if (inWindow.length > 300) length = Math.min(length, inWindow[299][3] / 1e6 - start);
  len.value = Math.max(length, 0.001).toPrecision(3);
  let chosen = null;
  function show(m, g) {
    if (chosen) chosen.classList.remove('chosen');
    chosen = g;
    g.classList.add('chosen');
    let body = m[8];
    try { body = JSON.stringify(JSON.parse(m[8]), null, 2); } catch (e) { /* cut short: shown as is */ }
    const end = m[5] === 0 ? 'delivered at ' + (m[4] / 1e6).toFixed(6) + ' s'
              : m[5] === 1 ? 'DROPPED at ' + (m[4] / 1e6).toFixed(6) + ' s (' + m[6] + ')'
              : 'never arrived';
    detail.textContent = 'message ' + m[0] + ': ' + m[1] + ' -> ' + m[2] + ', sent at ' +
                         (m[3] / 1e6).toFixed(6) + ' s, ' + end + '\n\n' + body;
  }
  function draw() {
    host.textContent = '';
    const a = parseFloat(from.value), b = a + parseFloat(len.value);
    if (!(b > a)) { hel('p', host, 'Choose a window: a start and a positive length.'); return; }
    const sel = [];
    let more = 0;
    const clients = document.getElementById('win-clients').checked;
    for (const m of M) {
      const t = m[3] / 1e6;
      if (t < a || t > b) continue;
      if (!clients && (/^c\d+$/.test(m[1]) || /^c\d+$/.test(m[2]))) continue;
      if (sel.length < MAX_DRAWN) sel.push(m); else more++;
    }
    const names = new Set();
    for (const m of sel) { names.add(m[1]); names.add(m[2]); }
    const lanes = [...names].sort(laneOrder);
    const lx = {};
    const laneW = Math.max(28, Math.min(110, 1080 / Math.max(1, lanes.length)));
    const W = 70 + lanes.length * laneW, top = 34;
    let end = b;
    for (const m of sel) if (m[4] !== null) end = Math.max(end, Math.min(m[4] / 1e6, b + (b - a)));
    const Ht = Math.max(400, Math.min(3200, sel.length * 7));
    const H = top + Ht + 20;
    const Y = t => top + (t - a) / ((end - a) || 1) * Ht;
    const svg = el('svg', {width: W, height: H, viewBox: '0 0 ' + W + ' ' + H, class: 'lamport'}, host);
    const defs = el('defs', {}, svg);
    for (const [id, c] of [['arrow', '#3a6ea5'], ['arrow-client', '#999']]) {
      const mk = el('marker', {id, viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7,
                               orient: 'auto-start-reverse'}, defs);
      el('path', {d: 'M0,0L10,5L0,10Z', fill: c}, mk);
    }
    lanes.forEach((n, i) => {
      const x = 70 + i * laneW + laneW / 2;
      lx[n] = x;
      el('text', {x, y: 14, 'text-anchor': 'middle'}, svg, n);
      el('line', {x1: x, x2: x, y1: top - 12, y2: top + Ht, class: 'lane' + (/^c\d+$/.test(n) ? '' : ' node')}, svg);
    });
    for (const t of ticks(a, end, 10)) {
      el('text', {x: 4, y: Y(t) + 4}, svg, fmt(t) + ' s');
      el('line', {x1: 56, x2: 66, y1: Y(t), y2: Y(t), class: 'lane'}, svg);
    }
    const labels = sel.length <= 150;
    for (const m of sel) {
      const kind = m[5] === 0 ? 'recv' : m[5] === 1 ? 'drop' : 'pending';
      const client = /^c\d+$/.test(m[1]) || /^c\d+$/.test(m[2]);
      const g = el('g', {class: 'msg ' + kind + (client ? ' client' : ''), 'data-id': m[0]}, svg);
      const x1 = lx[m[1]], y1 = Y(m[3] / 1e6), x2 = lx[m[2]];
      const y2 = m[4] === null ? Y(end) : Y(Math.min(m[4] / 1e6, end));
      const line = el('line', {x1, y1, x2, y2, class: 'arrow'}, g);
      if (kind === 'recv') line.setAttribute('marker-end', client ? 'url(#arrow-client)' : 'url(#arrow)');
      if (kind === 'drop') {
        el('path', {d: 'M' + (x2 - 5) + ',' + (y2 - 5) + 'L' + (x2 + 5) + ',' + (y2 + 5) + 'M' + (x2 - 5) + ',' +
                       (y2 + 5) + 'L' + (x2 + 5) + ',' + (y2 - 5), class: 'x'}, g);
      }
      el('line', {x1, y1, x2, y2, class: 'hit'}, g);
      el('title', {}, g, m[1] + ' -> ' + m[2] + ' ' + m[7] + (kind === 'drop' ? ' (dropped: ' + m[6] + ')' : ''));
      if (labels && m[7]) {
        el('text', {x: (x1 + x2) / 2, y: (y1 + y2) / 2 - 3, 'text-anchor': 'middle', class: 'type'}, g, m[7]);
      }
      g.addEventListener('click', () => show(m, g));
    }
    info.textContent = sel.length + ' messages drawn' + (more ? ' (' + more + ' more in this window not drawn)' : '') +
      '; ' + M.length + ' of the run\'s ' + L.total + ' messages are embedded, sent from ' + first.toFixed(3) +
      ' s to ' + last.toFixed(3) + ' s (all of them are in journal.jsonl). Click a message for its body.';
  }
  document.getElementById('win-draw').addEventListener('click', draw);
  document.getElementById('win-clients').addEventListener('change', draw);
  document.getElementById('win-back').addEventListener('click', () => {
    from.value = (parseFloat(from.value) - parseFloat(len.value)).toFixed(3); draw(); });
  document.getElementById('win-next').addEventListener('click', () => {
    from.value = (parseFloat(from.value) + parseFloat(len.value)).toFixed(3); draw(); });
  draw();
}

latencyPlot();
throughputPlot();
stablePlot();
lamport();
document.body.setAttribute('data-report', 'drawn');
})();
)js";

// Runs first, so that the page records any error of the drawing script.
const char kErrorScript[] = R"js(
window.addEventListener('error', function (e) {
  var li = document.createElement('li');
  li.textContent = 'script error: ' + e.message + ' (line ' + e.lineno + ')';
  document.getElementById('errors').appendChild(li);
  document.body.setAttribute('data-errors', document.getElementById('errors').children.length);
});
)js";

}  // namespace report_impl
}  // namespace

std::string HtmlEscape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string ScriptJson(const nlohmann::json& value) {
  const std::string text = report_impl::Dump(value);
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '<') {
      out += "\\u003c";
    } else if (c == '>') {
      out += "\\u003e";
    } else if (c == '&') {
      out += "\\u0026";
    } else if (c == '\xE2' && i + 2 < text.size() && text[i + 1] == '\x80' &&
               (text[i + 2] == '\xA8' || text[i + 2] == '\xA9')) {
      out += text[i + 2] == '\xA8' ? "\\u2028" : "\\u2029";
      i += 2;
    } else {
      out += c;
    }
  }
  return out;
}

std::vector<std::size_t> Subsample(const std::vector<double>& values, std::size_t cap) {
  const std::size_t n = values.size();
  std::vector<std::size_t> keep;
  if (n <= cap) {
    for (std::size_t i = 0; i < n; ++i) keep.push_back(i);
    return keep;
  }
  const std::size_t stretches = std::max<std::size_t>(1, cap / 2);
  for (std::size_t s = 0; s < stretches; ++s) {
    const std::size_t begin = s * n / stretches, end = (s + 1) * n / stretches;
    if (begin == end) continue;
    std::size_t lo = begin, hi = begin;
    for (std::size_t i = begin; i < end; ++i) {
      if (values[i] < values[lo]) lo = i;
      if (values[i] > values[hi]) hi = i;
    }
    keep.push_back(std::min(lo, hi));
    if (lo != hi) keep.push_back(std::max(lo, hi));
  }
  return keep;
}

bool WriteReport(const std::string& store_dir, std::string* error) {
  using namespace report_impl;
  Json results;
  {
    std::ifstream in(store_dir + "/results.json");
    results = Json::parse(in, nullptr, false);
    if (!in || results.is_discarded() || !results.is_object()) {
      *error = "cannot read " + store_dir + "/results.json";
      return false;
    }
  }
  History history;
  bool history_ok = ReadJsonLines(store_dir + "/history.jsonl", [&](const std::string& line) {
    Json j = Json::parse(line, nullptr, false);
    if (j.is_object()) {
      try {
        history.Add(History::OpFromJson(j));
      } catch (const Json::exception&) {
        // A malformed line is left out; the rest still plots.
      }
    }
  });
  if (!history_ok) {
    *error = "cannot read " + store_dir + "/history.jsonl";
    return false;
  }

  const Json& test = results.value("test", Json::object());
  const std::string workload = test.value("workload", "?");
  double duration = std::max(1.0, Num(test, "run_seconds"));
  if (history.size() > 0) {
    duration = std::max(duration, static_cast<double>(history.ops().back().time) / kNsPerS);
  }
  std::vector<std::string> fs;
  for (const Op& op : history) {
    if (std::find(fs.begin(), fs.end(), op.f) == fs.end()) fs.push_back(op.f);
  }
  const std::vector<Fault> faults = Faults(results.value("nemesis", Json::array()), duration);

  // The diagram opens on the first partition, or else on the first 2 s.
  double window_from = 0;
  for (const Fault& f : faults) {
    if (f.kind == "partition") {
      window_from = std::max(-0.5, f.start - 0.5);
      break;
    }
  }
  std::int64_t total_msgs = 0;
  bool journal_ok = false;
  Json msgs = DiagramMessages(store_dir + "/journal.jsonl",
                              static_cast<std::int64_t>(window_from * kNsPerS), &total_msgs, &journal_ok);

  Json data;
  data["duration"] = duration;
  data["fs"] = fs;
  data["faults"] = Json::array();
  for (const Fault& f : faults) {
    data["faults"].push_back({{"kind", f.kind}, {"start", f.start}, {"end", f.end}, {"label", f.label}});
  }
  data["points"] = LatencyPoints(history, fs);
  std::int64_t completions = 0;
  for (const Op& op : history) completions += !op.is_invoke();
  data["points_total"] = completions;
  data["throughput"] = Throughput(history, fs, duration);
  data["stable"] = StableCdf(history, workload);
  data["lamport"] = {{"msgs", msgs}, {"total", total_msgs}, {"window", {window_from, window_from + 2}}};

  const std::string verdict = Verdict(results.value("valid", Json()));
  std::error_code ec;  // named by its own directory, even when reached through `latest`
  const std::string run = std::filesystem::weakly_canonical(store_dir, ec).filename().string();
  std::string out;
  out.reserve(1 << 20);
  out += "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>" +
         HtmlEscape(workload + " " + run + ": " + verdict) + "</title>\n<style>" + kStyle +
         "</style>\n</head>\n<body>\n<script>" + kErrorScript + "</script>\n";
  out += "<h1>" + HtmlEscape(test.value("mode", "test") + " " + workload) + " <small>" + HtmlEscape(run) +
         "</small></h1>\n";
  out += "<p>" + Number(Num(test, "node_count"), "%.0f") + " nodes, " + Number(Num(test, "time_limit")) +
         " s, rate " + Number(Num(test, "rate")) + ", concurrency " + Number(Num(test, "concurrency"), "%.0f") +
         ", latency " + Number(Num(test, "latency")) + " ms (" + HtmlEscape(test.value("latency_dist", "")) +
         ")";
  if (test.contains("nemesis") && !test["nemesis"].empty()) out += ", nemesis " + HtmlEscape(Dump(test["nemesis"]));
  out += ", seed " + HtmlEscape(Dump(test.value("seed", Json()))) + "</p>\n";
  out += "<div class=\"banner " + verdict + "\" id=\"verdict\">" +
         (verdict == "valid" ? "VALID" : verdict == "invalid" ? "INVALID" : "UNKNOWN") + "</div>\n";
  out += "<table class=\"checks\">\n";
  for (const char* part : {"workload", "stats", "availability", "nodes", "net"}) {
    const Json& p = results.value(part, Json::object());
    if (p.contains("valid")) out += std::string("<tr><th>") + part + "</th><td>" + VerdictCell(p["valid"]) + "</td></tr>\n";
  }
  out += "</table>\n";
  if (test.value("interrupted", false)) out += "<p><b>Interrupted before the end.</b></p>\n";
  Findings(results, out);
  Parameters(test, out);

  out += "<h2>Latency</h2>\n<div id=\"latency-plot\"></div>\n"
         "<p class=\"note\">Each completed operation at its invocation: ok &#9679;, fail &#10005;, "
         "indefinite (info) &#9651;. Shaded: faults in force.</p>\n";
  out += "<h2>Throughput</h2>\n<div id=\"throughput-plot\"></div>\n"
         "<p class=\"note\">Completions per second: ok solid, fail dashed, info dotted.</p>\n";
  if (!data["stable"].is_null()) {
    out += "<h2>Stable latency</h2>\n<div id=\"stable-plot\"></div>\n<p class=\"note\">Cumulative "
           "distribution of each element's stable latency: from its add until every later read has "
           "it.</p>\n";
  }
  Tables(results, out);

  out += "<h2>Messages</h2>\n<div class=\"controls\">window from <input id=\"win-from\" type=\"number\" "
         "step=\"any\"> s, length <input id=\"win-len\" type=\"number\" step=\"any\" min=\"0\"> s "
         "<button id=\"win-draw\">draw</button> <button id=\"win-back\">&#9664; earlier</button> "
         "<button id=\"win-next\">later &#9654;</button> <label><input id=\"win-clients\" "
         "type=\"checkbox\" checked> client messages</label></div>\n<p class=\"note\" id=\"lamport-info\"></p>\n"
         "<p class=\"note\">Time runs down; arrows go from send to delivery. Red dashed arrows ending in "
         "&#10005; were dropped; dotted ones never arrived.</p>\n";
  if (!journal_ok) out += "<p>No journal.jsonl in this run.</p>\n";
  out += "<div id=\"lamport\"></div>\n<pre id=\"msg-detail\"></pre>\n";
  Files(store_dir, results, out);
  out += "<ul id=\"errors\"></ul>\n";
  out += "<script type=\"application/json\" id=\"report-data\">" + ScriptJson(data) + "</script>\n";
  out += std::string("<script>") + kScript + "</script>\n</body></html>\n";

  const std::string path = store_dir + "/report.html";
  std::ofstream file(path, std::ios::binary);
  file << out;
  if (!file) {
    *error = "cannot write " + path;
    return false;
  }
  return true;
}

}  // namespace glomers::bench
