#include "bench/summary.h"

#include <cstdio>

namespace glomers::bench {
namespace {

using Json = nlohmann::json;

std::string Fmt(const char* format, auto... args) {
  char buf[512];
  std::snprintf(buf, sizeof buf, format, args...);
  return buf;
}

std::string Verdict(const Json& v) {
  if (v.is_boolean()) return v.get<bool>() ? "valid" : "INVALID";
  return "unknown";
}

double Num(const Json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_number() ? it->get<double>() : 0.0;
}

// A JSON value as a person reads it: object keys without quotes, ", "
// between items. Strings keep their quotes, so "1" and 1 stay apart.
std::string Readable(const Json& v) {
  if (v.is_object()) {
    std::string out = "{";
    for (const auto& [key, value] : v.items()) {
      out += (out.size() > 1 ? ", " : "") + key + ": " + Readable(value);
    }
    return out + "}";
  }
  if (v.is_array()) {
    std::string out = "[";
    for (const Json& x : v) out += (out.size() > 1 ? ", " : "") + Readable(x);
    return out + "]";
  }
  return v.dump();
}

std::string Cut(std::string text, std::size_t width) {
  if (text.size() > width) text = text.substr(0, width - 3) + "...";
  return text;
}

// The checker's own findings, one line each; long lists are cut short
// (results.json has them whole). A list of objects (lost elements with the
// operations that decided them, the stalest elements...) gets a line per
// item, the first few only.
void WorkloadLines(const Json& w, std::string& out) {
  constexpr std::size_t kWidth = 100;
  constexpr std::size_t kItemsShown = 3;
  for (const auto& [key, value] : w.items()) {
    if (key == "valid" || ((value.is_array() || value.is_object()) && value.empty())) continue;
    const std::string in_all = " (" + std::to_string(value.size()) + " in all)";
    if (value.is_array() && value[0].is_object()) {
      out += Fmt("    %-22s%s\n", key.c_str(), value.size() > kItemsShown ? in_all.c_str() : "");
      for (std::size_t i = 0; i < value.size() && i < kItemsShown; ++i) {
        out += "      - " + Cut(Readable(value[i]), kWidth) + "\n";
      }
      continue;
    }
    std::string text = Readable(value);
    if (text.size() > kWidth && value.is_array()) {
      text = "[";
      for (const Json& x : value) {
        std::string item = Readable(x);
        if (text.size() > 1 && text.size() + item.size() > kWidth - 20) break;
        text += (text.size() > 1 ? ", " : "") + Cut(item, kWidth - 20);
      }
      text += ", ...]" + in_all;
    } else {
      text = Cut(text, kWidth);
    }
    out += Fmt("    %-22s %s\n", key.c_str(), text.c_str());
  }
}

}  // namespace

std::string FormatSummary(const Json& r, const std::string& store_dir, double wall_seconds) {
  std::string out;
  const Json& t = r.value("test", Json::object());
  out += Fmt("%s %s: %d nodes, %.4g s, rate %.4g, concurrency %d, latency %.4g ms (%s)",
             t.value("mode", "test").c_str(), t.value("workload", "?").c_str(),
             t.value("node_count", 0), Num(t, "time_limit"), Num(t, "rate"),
             t.value("concurrency", 0), Num(t, "latency"),
             t.value("latency_dist", "constant").c_str());
  if (t.contains("nemesis") && !t["nemesis"].empty()) out += ", nemesis " + t["nemesis"].dump();
  out += Fmt(", seed %llu\n\n", static_cast<unsigned long long>(t.value("seed", 0ULL)));

  out += Fmt("  %-24s %7s %7s %6s %6s %9s %9s %9s\n", "operation", "count", "ok", "fail", "info",
             "p50 ms", "p99 ms", "max ms");
  const Json& by_f = r["stats"].value("by_f", Json::object());
  for (const auto& [f, c] : by_f.items()) {
    const Json& lat = r["latency"].value(f, Json::object());
    out += Fmt("  %-24s %7lld %7lld %6lld %6lld %9.1f %9.1f %9.1f\n", f.c_str(),
               c.value("count", 0LL), c.value("ok_count", 0LL), c.value("fail_count", 0LL),
               c.value("info_count", 0LL), Num(lat, "0.5"), Num(lat, "0.99"), Num(lat, "1"));
  }
  const Json& avail = r["availability"];
  out += Fmt("\n  availability   %.4f of operations ok", Num(avail, "ok_fraction"));
  if (avail.contains("expected")) {
    out += " (required: " + avail["expected"].dump() + ") " + Verdict(avail["valid"]);
  }
  out += "\n";
  const Json& net = r["net"];
  out += Fmt("  net servers    %.2f msgs/op  (%lld msgs, %.0f bytes/op)\n",
             Num(net["servers"], "msgs_per_op"), net["servers"].value("msg_count", 0LL),
             Num(net["servers"], "bytes_per_op"));
  out += Fmt("  net all        %.2f msgs/op  (%lld msgs, clients %lld)\n",
             Num(net["all"], "msgs_per_op"), net["all"].value("msg_count", 0LL),
             net["clients"].value("msg_count", 0LL));
  const Json& w = r["workload"];
  if (w.contains("stable_latencies")) {
    const Json& s = w["stable_latencies"];
    out += Fmt("  stable latency p0 %.0f  p50 %.0f  p95 %.0f  p99 %.0f  max %.0f ms\n",
               Num(s, "0"), Num(s, "0.5"), Num(s, "0.95"), Num(s, "0.99"), Num(s, "1"));
  }
  if (!r["nemesis"].empty()) out += Fmt("  nemesis        %zu actions\n", r["nemesis"].size());

  out += "\n  workload: " + Verdict(w["valid"]) + "\n";
  WorkloadLines(w, out);
  if (r["stats"].contains("valid") && r["stats"]["valid"] != true) {
    out += "  stats: INVALID (some operation never succeeded)\n";
  }
  const Json& problems = r["nodes"].value("problems", Json::array());
  if (!problems.empty()) {
    out += "  nodes: INVALID\n";
    for (const Json& p : problems) {
      out += Fmt("    %s at %.2f s: %s", p.value("node", "?").c_str(), Num(p, "time"),
                 p.value("problem", "").c_str());
      if (p.contains("detail")) out += " — " + p["detail"].get<std::string>();
      out += "\n";
    }
  }
  if (t.value("interrupted", false)) out += "\n  (interrupted before the end)\n";
  const std::string verdict = Verdict(r["valid"]);
  out += Fmt("\nverdict: %s  (%.1f s wall)", verdict == "valid" ? "VALID" : verdict == "unknown" ? "UNKNOWN" : "INVALID",
             wall_seconds);
  if (!store_dir.empty()) out += "  results in " + store_dir;
  out += "\n";
  return out;
}

}  // namespace glomers::bench
