// AppendLog<Msg>: per key, an append-only log whose offsets replicas assign
// with no coordination, and whose readers can tell which prefix is final.
//
// Offsets. Replica r of n assigns offsets in its own residue class, r mod n,
// always above every offset it has seen on the key; distinct replicas can
// never pick the same offset, and one replica's offsets on a key increase.
//
// Stability. Each replica publishes, per key, a Claim {floor, count}: "of
// the offsets below `floor`, I have assigned exactly my first `count`
// entries, and I will assign nothing else below it". A reader that holds
// all `count` of that replica's entries knows every offset the replica will
// ever use below `floor`; the minimum of such floors over all n replicas is
// a frontier below which the log will never change (see Reader below).
// Claims only grow (both fields are max-registers), entries are a grow-only
// map, so the whole is a join-semilattice and replicates as any other.
//
// Msg must be regular (copyable, equality-comparable). Keys are strings.
// Not thread-safe.
#ifndef GLOMERS_CRDT_APPEND_LOG_H_
#define GLOMERS_CRDT_APPEND_LOG_H_

#include <algorithm>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "glomers/crdt/lattice.h"

namespace glomers::crdt {

template <class Msg>
class AppendLog {
 public:
  struct Entry {
    int replica = 0;  // who assigned the offset
    Msg msg{};
    friend bool operator==(const Entry&, const Entry&) = default;
  };
  struct Claim {
    std::int64_t floor = 0;
    std::uint64_t count = 0;
    friend bool operator==(const Claim&, const Claim&) = default;
  };
  struct Stream {
    std::map<std::int64_t, Entry> entries;
    std::map<int, Claim> claims;
    std::map<int, std::uint64_t> assigned;  // entries per replica (derived from entries)

    std::int64_t max_offset() const { return entries.empty() ? -1 : entries.rbegin()->first; }
    friend bool operator==(const Stream& a, const Stream& b) {
      return a.entries == b.entries && a.claims == b.claims;
    }
  };
  using Streams = std::map<std::string, Stream>;

  AppendLog() = default;

  // Appends `msg` to `key` as replica r of n; returns the delta and the
  // offset assigned. The delta carries the entry and r's raised claim.
  std::pair<AppendLog, std::int64_t> append(const std::string& key, int r, int n, Msg msg) {
    Stream& s = streams_[key];
    const std::int64_t above = s.max_offset() + 1;
    const std::int64_t mod = ((above % n) + n) % n;
    const std::int64_t offset = above + ((r - mod) % n + n) % n;
    AppendLog delta;
    Stream& d = delta.streams_[key];
    Insert(d, offset, Entry{r, msg});
    Insert(s, offset, Entry{r, std::move(msg)});
    Claim& c = s.claims[r];
    c.floor = std::max(c.floor, offset + 1);
    c.count = s.assigned[r];
    d.claims[r] = c;
    return {delta, offset};
  }

  // Raises replica r's claim on `key` to cover every offset known there
  // (r will assign nothing below them); returns the delta, or bottom.
  AppendLog acknowledge(const std::string& key, int r) {
    AppendLog delta;
    auto it = streams_.find(key);
    if (it == streams_.end()) return delta;
    Stream& s = it->second;
    const std::int64_t floor = s.max_offset() + 1;
    auto held = s.assigned.find(r);
    const std::uint64_t count = held == s.assigned.end() ? 0 : held->second;
    auto existing = s.claims.find(r);
    if (existing != s.claims.end() && existing->second.floor >= floor &&
        existing->second.count >= count) {
      return delta;
    }
    if (floor == 0 && count == 0) return delta;
    Claim& c = s.claims[r];
    c.floor = std::max(c.floor, floor);
    c.count = std::max(c.count, count);
    delta.streams_[key].claims[r] = c;
    return delta;
  }

  void merge(const AppendLog& other) {
    for (const auto& [key, o] : other.streams_) {
      Stream& s = streams_[key];
      for (const auto& [offset, e] : o.entries) Insert(s, offset, e);
      for (const auto& [r, c] : o.claims) Raise(s, r, c);
    }
  }

  // What *this holds that `known` lacks: new entries, raised claims.
  AppendLog difference(const AppendLog& known) const {
    AppendLog out;
    for (const auto& [key, s] : streams_) {
      auto k = known.streams_.find(key);
      const Stream* ks = k == known.streams_.end() ? nullptr : &k->second;
      Stream d;
      for (const auto& [offset, e] : s.entries) {
        if (ks == nullptr) {
          Insert(d, offset, e);
          continue;
        }
        auto other = ks->entries.find(offset);
        if (other == ks->entries.end() || Less(other->second, e)) Insert(d, offset, e);
      }
      for (const auto& [r, c] : s.claims) {
        const Claim* kc = nullptr;
        if (ks != nullptr) {
          auto it = ks->claims.find(r);
          if (it != ks->claims.end()) kc = &it->second;
        }
        if (kc == nullptr || c.floor > kc->floor || c.count > kc->count) d.claims[r] = c;
      }
      if (!d.entries.empty() || !d.claims.empty()) out.streams_.emplace(key, std::move(d));
    }
    return out;
  }

  // Replica r's claim on `key`, if all of the entries it counts are here
  // (then nothing of r's below claim.floor is missing).
  std::optional<std::int64_t> covered_floor(const std::string& key, int r) const {
    auto it = streams_.find(key);
    if (it == streams_.end()) return std::nullopt;
    auto c = it->second.claims.find(r);
    if (c == it->second.claims.end()) return std::nullopt;
    auto a = it->second.assigned.find(r);
    const std::uint64_t held = a == it->second.assigned.end() ? 0 : a->second;
    if (held < c->second.count) return std::nullopt;
    return c->second.floor;
  }

  // Entries of `key` with offsets in [from, until), at most `limit`.
  std::vector<std::pair<std::int64_t, Msg>> read(const std::string& key, std::int64_t from,
                                                 std::int64_t until, std::size_t limit) const {
    std::vector<std::pair<std::int64_t, Msg>> out;
    auto it = streams_.find(key);
    if (it == streams_.end()) return out;
    for (auto e = it->second.entries.lower_bound(from);
         e != it->second.entries.end() && e->first < until && out.size() < limit; ++e) {
      out.emplace_back(e->first, e->second.msg);
    }
    return out;
  }

  const Streams& streams() const { return streams_; }
  bool empty() const { return streams_.empty(); }

  // For decoding: adds an entry or a claim as they appear in an encoding.
  void add_entry(const std::string& key, std::int64_t offset, Entry e) {
    Insert(streams_[key], offset, std::move(e));
  }
  void add_claim(const std::string& key, int r, Claim c) {
    if (c == Claim{}) return;
    Raise(streams_[key], r, c);
  }

  friend bool operator==(const AppendLog&, const AppendLog&) = default;
  friend bool operator<=(const AppendLog& a, const AppendLog& b) {
    for (const auto& [key, s] : a.streams_) {
      auto it = b.streams_.find(key);
      if (it == b.streams_.end()) {
        if (!s.entries.empty() || !s.claims.empty()) return false;
        continue;
      }
      const Stream& t = it->second;
      for (const auto& [offset, e] : s.entries) {
        auto other = t.entries.find(offset);
        if (other == t.entries.end() || Less(other->second, e)) return false;
      }
      for (const auto& [r, c] : s.claims) {
        auto other = t.claims.find(r);
        if (other == t.claims.end() || other->second.floor < c.floor ||
            other->second.count < c.count) {
          return false;
        }
      }
    }
    return true;
  }

 private:
  // Two different entries at one offset never happen between correct
  // replicas; should they, the larger (replica, then message) wins, so that
  // merge stays a join.
  static bool Less(const Entry& a, const Entry& b) {
    if (a.replica != b.replica) return a.replica < b.replica;
    return a.msg < b.msg;
  }

  // A zero claim says nothing and is never stored, so that equal states have
  // equal representations.
  static void Raise(Stream& s, int r, const Claim& c) {
    if (c == Claim{}) return;
    Claim& mine = s.claims[r];
    mine.floor = std::max(mine.floor, c.floor);
    mine.count = std::max(mine.count, c.count);
  }

  static void Insert(Stream& s, std::int64_t offset, Entry e) {
    auto [it, inserted] = s.entries.try_emplace(offset, e);
    if (inserted) {
      ++s.assigned[e.replica];
    } else if (Less(it->second, e)) {
      --s.assigned[it->second.replica];
      ++s.assigned[e.replica];
      it->second = std::move(e);
    }
  }

  Streams streams_;
};

}  // namespace glomers::crdt

#endif  // GLOMERS_CRDT_APPEND_LOG_H_
