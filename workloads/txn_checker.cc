#include "workloads/txn_checker.h"

#include <algorithm>
#include <cstdint>
#include <deque>
#include <limits>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "workloads/json_hash.h"
#include "workloads/model_support.h"

namespace glomers::workloads {
namespace {

// Names here are prefixed Txn: unity builds put this file's anonymous
// namespace together with the other checkers'.
constexpr std::size_t kTxnNone = std::numeric_limits<std::size_t>::max();

template <typename V>
using TxnJsonMap = std::unordered_map<Json, V, JsonHash>;

enum class TxnStatus { kOk, kFail, kInfo };

struct TxnRecord {
  std::int64_t id;  // the completion's op index, else the invocation's
  TxnStatus status;
  const Json* mops;
};

struct TxnWriter {
  std::size_t txn;
  bool final;
};

enum class TxnEdgeKind { kWw, kWr };

struct TxnEdge {
  std::size_t to;
  TxnEdgeKind kind;
  Json key;
  Json value;  // wr: the value read; ww: the version overwritten
};

using TxnGraph = std::vector<std::vector<TxnEdge>>;

// An external read that found a committed-looking final write of another txn.
struct TxnGoodRead {
  Json key;
  Json value;
  std::size_t writer;
};

bool TxnIsMop(const Json& m) {
  return m.is_array() && m.size() == 3 && m[0].is_string() && (m[0] == "r" || m[0] == "w");
}

const Json& TxnMops(const Json& value) {
  static const Json kEmpty = Json::array();
  return value.is_array() ? value : kEmpty;
}

// Tarjan's strongly connected components over the edges `use` accepts,
// with an explicit call stack: a serial run is one long path, far deeper
// than the machine stack. Returns each node's component.
template <typename Use>
std::vector<std::size_t> TxnComponents(const TxnGraph& graph, Use use) {
  const std::size_t n = graph.size();
  std::vector<std::size_t> order(n, kTxnNone), low(n, 0), comp(n, kTxnNone);
  std::vector<bool> on_stack(n, false);
  std::vector<std::size_t> stack;
  std::vector<std::pair<std::size_t, std::size_t>> calls;  // node, next edge
  std::size_t next = 0, comps = 0;
  auto visit = [&](std::size_t v) {
    order[v] = low[v] = next++;
    stack.push_back(v);
    on_stack[v] = true;
    calls.emplace_back(v, 0);
  };
  for (std::size_t s = 0; s < n; ++s) {
    if (order[s] != kTxnNone) continue;
    visit(s);
    while (!calls.empty()) {
      const std::size_t v = calls.back().first;
      if (calls.back().second < graph[v].size()) {
        const TxnEdge& e = graph[v][calls.back().second++];
        if (!use(e)) continue;
        if (order[e.to] == kTxnNone) {
          visit(e.to);
        } else if (on_stack[e.to]) {
          low[v] = std::min(low[v], order[e.to]);
        }
        continue;
      }
      if (low[v] == order[v]) {
        std::size_t w;
        do {
          w = stack.back();
          stack.pop_back();
          on_stack[w] = false;
          comp[w] = comps;
        } while (w != v);
        ++comps;
      }
      calls.pop_back();
      if (!calls.empty()) {
        const std::size_t u = calls.back().first;
        low[u] = std::min(low[u], low[v]);
      }
    }
  }
  return comp;
}

const char* TxnEdgeName(TxnEdgeKind kind) { return kind == TxnEdgeKind::kWw ? "ww" : "wr"; }

// The cycle through `first` (u -> v, inside one component): `first`, then
// the shortest path back from v to u over accepted edges of that component.
template <typename Use>
Json TxnCycle(const TxnGraph& graph, const std::vector<std::size_t>& comp,
              const std::vector<TxnRecord>& txns, std::size_t u, const TxnEdge& first, Use use) {
  std::unordered_map<std::size_t, std::pair<std::size_t, const TxnEdge*>> parent;
  parent.emplace(first.to, std::pair<std::size_t, const TxnEdge*>{kTxnNone, nullptr});
  std::deque<std::size_t> queue{first.to};
  while (!queue.empty() && !parent.contains(u)) {
    const std::size_t a = queue.front();
    queue.pop_front();
    for (const TxnEdge& e : graph[a]) {
      if (!use(e) || comp[e.to] != comp[u] || parent.contains(e.to)) continue;
      parent.emplace(e.to, std::pair<std::size_t, const TxnEdge*>{a, &e});
      queue.push_back(e.to);
    }
  }
  std::vector<std::pair<std::size_t, const TxnEdge*>> path;  // from, edge; backwards
  for (std::size_t at = u; at != first.to;) {
    const auto& [from, edge] = parent.at(at);
    path.emplace_back(from, edge);
    at = from;
  }
  path.emplace_back(u, &first);
  std::reverse(path.begin(), path.end());
  Json ids = Json::array({txns[u].id});
  Json steps = Json::array();
  for (const auto& [from, e] : path) {
    ids.push_back(txns[e->to].id);
    steps.push_back({{"from", txns[from].id},
                     {"to", txns[e->to].id},
                     {"type", TxnEdgeName(e->kind)},
                     {"key", e->key},
                     {"value", e->value}});
  }
  return {{"cycle", std::move(ids)}, {"steps", std::move(steps)}};
}

// One finding per component (over `use` edges) holding a `witness` edge
// inside it: that edge lies on a cycle, as there are no self edges.
template <typename Use, typename Witness>
void TxnFindCycles(const TxnGraph& graph, const std::vector<TxnRecord>& txns, Use use,
                   Witness witness, Finding* finding) {
  const std::vector<std::size_t> comp = TxnComponents(graph, use);
  std::vector<bool> reported(graph.size(), false);
  for (std::size_t u = 0; u < graph.size(); ++u) {
    for (const TxnEdge& e : graph[u]) {
      if (!witness(e) || comp[e.to] != comp[u] || reported[comp[u]]) continue;
      reported[comp[u]] = true;
      if (finding->full()) {
        ++finding->count;  // spare the search for a cycle nobody will see
      } else {
        finding->Add(TxnCycle(graph, comp, txns, u, e, use));
      }
    }
  }
}

// What each model forbids, as a level: -1 always, 0 read-uncommitted,
// 1 read-committed, 2 read-atomic.
struct TxnModel {
  const char* name;
  int level;
  bool partial;  // forbids more than this checker searches for
};

constexpr TxnModel kTxnModels[] = {
    {"read-uncommitted", 0, false},
    {"read-committed", 1, false},
    {"read-atomic", 2, false},
    {"cursor-stability", 1, true},
    {"monotonic-view", 1, true},
    {"monotonic-atomic-view", 2, true},
    {"consistent-view", 2, true},
    {"forward-consistent-view", 2, true},
    {"causal-cerone", 2, true},
    {"prefix", 2, true},
    {"parallel-snapshot-isolation", 2, true},
    {"snapshot-isolation", 2, true},
    {"strong-snapshot-isolation", 2, true},
    {"strong-session-snapshot-isolation", 2, true},
    {"repeatable-read", 2, true},
    {"update-serializable", 2, true},
    {"serializable", 2, true},
    {"strong-session-serializable", 2, true},
    {"strict-serializable", 2, true},
};

}  // namespace

bench::CheckResult CheckTxn(const bench::History& history,
                            const std::vector<std::string>& consistency_models) {
  // 1. The transactions, with the micro-ops that tell most: an ok one's
  //    reads are filled in; the others carry what was asked.
  std::vector<TxnRecord> txns;
  std::int64_t ok_txns = 0, failed_txns = 0, indefinite_txns = 0;
  const std::vector<std::int64_t> pairs = history.Pairs();
  for (const bench::Op& op : history) {
    if (!op.is_invoke() || op.f != "txn") continue;
    TxnRecord t{op.index, TxnStatus::kInfo, &op.value};
    if (const std::int64_t c = pairs[static_cast<std::size_t>(op.index)]; c >= 0) {
      const bench::Op& done = history[static_cast<std::size_t>(c)];
      t.id = c;
      if (done.is_ok()) {
        t.status = TxnStatus::kOk;
        t.mops = &done.value;
      } else if (done.is_fail()) {
        t.status = TxnStatus::kFail;
      }
    }
    (t.status == TxnStatus::kOk     ? ok_txns
     : t.status == TxnStatus::kFail ? failed_txns
                                    : indefinite_txns)++;
    txns.push_back(t);
  }
  const std::size_t n = txns.size();

  // 2. Who wrote each (k, v), and whether it was the writer's last write of k.
  TxnJsonMap<TxnJsonMap<TxnWriter>> writers;
  std::vector<std::vector<std::pair<Json, Json>>> finals(n);  // per txn: k, v
  for (std::size_t i = 0; i < n; ++i) {
    TxnJsonMap<Json> last;
    for (const Json& m : TxnMops(*txns[i].mops)) {
      if (!TxnIsMop(m) || m[0] != "w") continue;
      writers[m[1]].try_emplace(m[2], TxnWriter{i, false});
      last.insert_or_assign(m[1], m[2]);
    }
    for (auto& [k, v] : last) {
      TxnWriter& w = writers[k][v];
      if (w.txn == i) w.final = true;
      finals[i].emplace_back(k, std::move(v));
    }
  }

  // 3. Per ok txn: internal consistency, then what its external reads saw.
  Finding internal, garbage, future, g1a, g1b;
  TxnGraph graph(n);
  std::unordered_set<std::uint64_t> edge_seen;
  auto add_edge = [&](std::size_t from, std::size_t to, TxnEdgeKind kind, const Json& key,
                      const Json& value) {
    const std::uint64_t tag = (static_cast<std::uint64_t>(from) * n + to) * 2 +
                              (kind == TxnEdgeKind::kWw ? 1 : 0);
    if (edge_seen.insert(tag).second) graph[from].push_back({to, kind, key, value});
  };
  std::vector<TxnJsonMap<Json>> external(n);   // per txn: k -> its external read
  std::vector<TxnJsonMap<Json>> overwrote(n);  // per txn: k -> the version it read, then wrote
  std::vector<std::vector<TxnGoodRead>> good_reads(n);
  for (std::size_t i = 0; i < n; ++i) {
    if (txns[i].status != TxnStatus::kOk) continue;
    const std::int64_t id = txns[i].id;
    TxnJsonMap<Json> now;  // k -> what the txn must read of k next
    std::vector<std::pair<Json, Json>> ext_order;
    for (const Json& m : TxnMops(*txns[i].mops)) {
      if (!TxnIsMop(m)) continue;
      const Json& k = m[1];
      const Json& v = m[2];
      if (m[0] == "w") {
        // Reading k = v1 then writing it orders v1 before this write: ww.
        if (auto e = external[i].find(k); e != external[i].end()) {
          overwrote[i].try_emplace(k, e->second);
        }
        now.insert_or_assign(k, v);
        continue;
      }
      if (auto it = now.find(k); it != now.end()) {
        if (it->second != v) {
          internal.Add({{"op_index", id}, {"key", k}, {"expected", it->second}, {"read", v}});
        }
        continue;
      }
      now.emplace(k, v);
      external[i].emplace(k, v);
      ext_order.emplace_back(k, v);
    }
    for (const auto& [k, v] : ext_order) {
      if (v.is_null()) continue;
      const TxnWriter* w = nullptr;
      if (auto wk = writers.find(k); wk != writers.end()) {
        if (auto wv = wk->second.find(v); wv != wk->second.end()) w = &wv->second;
      }
      if (w == nullptr) {
        garbage.Add({{"op_index", id}, {"key", k}, {"value", v}});
        continue;
      }
      const TxnWriter& writer = *w;
      const Json example = {
          {"op_index", id}, {"key", k}, {"value", v}, {"writer", txns[writer.txn].id}};
      if (writer.txn == i) {
        // Elle drops self-edges and checks only reads after a txn's own
        // writes: a reply listing reads before writes passes Maelstrom.
        future.Add({{"op_index", id}, {"key", k}, {"value", v}});
      } else if (txns[writer.txn].status == TxnStatus::kFail) {
        g1a.Add(example);
      } else if (!writer.final) {
        g1b.Add(example);
      } else {
        add_edge(writer.txn, i, TxnEdgeKind::kWr, k, v);
        if (overwrote[i].contains(k)) add_edge(writer.txn, i, TxnEdgeKind::kWw, k, v);
        good_reads[i].push_back({k, v, writer.txn});
      }
    }
  }

  // 4. Cycles.
  Finding g0, g1c;
  auto ww_only = [](const TxnEdge& e) { return e.kind == TxnEdgeKind::kWw; };
  auto any_edge = [](const TxnEdge&) { return true; };
  auto wr_only = [](const TxnEdge& e) { return e.kind == TxnEdgeKind::kWr; };
  TxnFindCycles(graph, txns, ww_only, ww_only, &g0);
  TxnFindCycles(graph, txns, any_edge, wr_only, &g1c);

  // 5. Fractured reads: T2 saw T1 on one key but, on another T1 wrote, a
  //    version T1's write provably follows.
  Finding fractured;
  for (std::size_t i = 0; i < n; ++i) {
    std::vector<std::pair<std::size_t, const Json*>> reported;  // T1, k2
    for (const TxnGoodRead& r : good_reads[i]) {
      for (const auto& [k2, w2] : finals[r.writer]) {
        if (k2 == r.key) continue;
        const auto seen = external[i].find(k2);
        if (seen == external[i].end()) continue;
        const Json& v2 = seen->second;
        bool older = v2.is_null();
        if (!older) {
          const auto o = overwrote[r.writer].find(k2);
          older = o != overwrote[r.writer].end() && o->second == v2;
        }
        if (!older) continue;
        const bool again = std::any_of(reported.begin(), reported.end(), [&](const auto& p) {
          return p.first == r.writer && *p.second == k2;
        });
        if (again) continue;
        reported.emplace_back(r.writer, &k2);
        fractured.Add({{"op_index", txns[i].id},
                       {"writer", txns[r.writer].id},
                       {"saw", {{"key", r.key}, {"value", r.value}}},
                       {"key", k2},
                       {"value", v2},
                       {"writer_wrote", w2}});
      }
    }
  }

  // 6. What the models forbid.
  int level = -1;
  Json partial = Json::array(), unknown = Json::array();
  for (const std::string& name : consistency_models) {
    const auto* m = std::find_if(std::begin(kTxnModels), std::end(kTxnModels),
                                 [&](const TxnModel& t) { return name == t.name; });
    if (m == std::end(kTxnModels)) {
      unknown.push_back(name);
      continue;
    }
    level = std::max(level, m->level);
    if (m->partial) partial.push_back(name);
  }
  const std::pair<const char*, std::pair<int, const Finding*>> anomalies[] = {
      {"internal", {-1, &internal}}, {"G0", {0, &g0}},
      {"G1a", {1, &g1a}},           {"G1b", {1, &g1b}},
      {"G1c", {1, &g1c}},           {"fractured_reads", {2, &fractured}},
  };

  bench::CheckResult r;
  r.detail["ok_txns"] = ok_txns;
  r.detail["failed_txns"] = failed_txns;
  r.detail["indefinite_txns"] = indefinite_txns;
  Json occurred = Json::array(), forbidden = Json::array();
  bool bad = false;
  for (const auto& [name, lf] : anomalies) {
    const auto& [forbidding_level, f] = lf;
    r.detail[std::string(name) + "_count"] = f->count;
    if (f->count > 0) {
      r.detail[name] = f->examples;
      occurred.push_back(name);
    }
    if (forbidding_level <= level) {
      forbidden.push_back(name);
      bad = bad || f->count > 0;
    }
  }
  // Elle's rw-register has no anomaly for a read of a version nobody wrote
  // (a node answering 0 for an unwritten key passes Maelstrom), nor for a
  // read of the txn's own later write: findings only, never a verdict.
  r.detail["garbage_reads_count"] = garbage.count;
  Json findings = Json::array();
  r.detail["own_later_write_reads_count"] = future.count;
  if (garbage.count > 0) {
    r.detail["garbage_reads"] = garbage.examples;
    findings.push_back("garbage_reads");
  }
  if (future.count > 0) {
    r.detail["own_later_write_reads"] = future.examples;
    findings.push_back("own_later_write_reads");
  }
  r.detail["findings"] = std::move(findings);
  r.detail["anomalies"] = std::move(occurred);
  r.detail["forbidden"] = std::move(forbidden);
  r.detail["partially_checked_models"] = std::move(partial);
  r.detail["unknown_models"] = std::move(unknown);
  if (bad) {
    r.valid = bench::Validity::kInvalid;
  } else if (ok_txns == 0 || level < 0) {
    r.valid = bench::Validity::kUnknown;
  }
  return r;
}

}  // namespace glomers::workloads
