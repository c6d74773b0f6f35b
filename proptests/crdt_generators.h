// Rapidcheck support for the crdt/ types: a spec per type for the lattice
// laws (see lattice_laws.h), rc::Arbitrary generators that build states
// through the public mutators, and printers for counterexamples.
//
// Elements and replica ids come mostly from a handful of values, so that
// independently generated states share elements and replicas and merges have
// overlaps to resolve; the rest are arbitrary. Amounts are mostly small, with
// arbitrary and extreme values mixed in to reach saturation and INT64_MIN.
#ifndef GLOMERS_PROPTESTS_CRDT_GENERATORS_H_
#define GLOMERS_PROPTESTS_CRDT_GENERATORS_H_

#include <rapidcheck.h>

#include <cstdint>
#include <limits>
#include <nlohmann/json.hpp>
#include <ostream>
#include <string>
#include <type_traits>
#include <tuple>
#include <utility>
#include <variant>
#include <vector>

#include "glomers/crdt/append_log.h"
#include "glomers/crdt/gcounter.h"
#include "glomers/crdt/gset.h"
#include "glomers/crdt/json.h"
#include "glomers/crdt/lww_map.h"
#include "glomers/crdt/max_map.h"
#include "glomers/crdt/pncounter.h"
#include "glomers/crdt/product.h"
#include "proptests/lattice_laws.h"

namespace glomers::proptests {

// A weighted choice among generators, like rc::gen::weightedOneOf, except
// that a failing case also shrinks towards the first alternative: list the
// small, common values first and counterexamples end with them rather than
// with the extremes. The pick ignores the size, so extremes appear at every
// size.
template <class T>
rc::Gen<T> weighted_choice(std::vector<std::pair<int, rc::Gen<T>>> alternatives) {
  int total = 0;
  for (const auto& alternative : alternatives) total += alternative.first;
  return rc::gen::mapcat(rc::gen::resize(rc::kNominalSize, rc::gen::inRange(0, total)),
                         [alternatives](int pick) {
                           for (const auto& [weight, gen] : alternatives) {
                             if (pick < weight) return gen;
                             pick -= weight;
                           }
                           return alternatives.back().second;
                         });
}

// 0, 1, ..., n-1, uniformly at every size; shrinks towards 0.
inline rc::Gen<int> index_below(int n) {
  return rc::gen::resize(rc::kNominalSize, rc::gen::inRange(0, n));
}

// Valid UTF-8 (so that JSON text can carry it) that needs escaping: control
// characters including NUL, quotes, backslashes and multi-byte sequences.
inline rc::Gen<std::string> json_text() {
  const rc::Gen<std::string> piece = weighted_choice<std::string>({
      {6, rc::gen::map(rc::gen::inRange(0, 128),
                       [](int c) { return std::string(1, static_cast<char>(c)); })},
      {1,
       rc::gen::element<std::string>("\"", "\\", "\xc3\xa9", "\xe2\x82\xac", "\xf0\x9d\x84\x9e")},
  });
  return rc::gen::map(rc::gen::container<std::vector<std::string>>(piece),
                      [](const std::vector<std::string>& pieces) {
                        std::string text;
                        for (const std::string& p : pieces) text += p;
                        return text;
                      });
}

// Set elements and replica ids.
template <class T>
rc::Gen<T> names() {
  if constexpr (std::is_same_v<T, std::string>) {
    return weighted_choice<std::string>({
        {4, rc::gen::map(index_below(5), [](int i) { return "n" + std::to_string(i); })},
        {1, json_text()},
    });
  } else if constexpr (std::is_same_v<T, int>) {
    return weighted_choice<int>({
        {4, index_below(6)},
        {1, rc::gen::arbitrary<int>()},
    });
  } else {
    return rc::gen::arbitrary<T>();
  }
}

inline rc::Gen<std::uint64_t> increment_amounts() {
  return weighted_choice<std::uint64_t>({
      {16, rc::gen::inRange<std::uint64_t>(0, 10)},
      {2, rc::gen::arbitrary<std::uint64_t>()},
      {1, rc::gen::just(std::numeric_limits<std::uint64_t>::max())},
  });
}

inline rc::Gen<std::int64_t> add_amounts() {
  return weighted_choice<std::int64_t>({
      {16, rc::gen::inRange<std::int64_t>(-9, 10)},
      {2, rc::gen::arbitrary<std::int64_t>()},
      {1, rc::gen::element(std::numeric_limits<std::int64_t>::min(),
                           std::numeric_limits<std::int64_t>::max())},
  });
}

template <class T>
struct GSetSpec {
  using Lattice = crdt::GSet<T>;
  using Mutation = T;
  static rc::Gen<Mutation> mutation() { return names<T>(); }
  static Lattice apply(Lattice& x, const Mutation& element) { return x.insert(element); }
};

template <class ReplicaId>
struct GCounterSpec {
  using Lattice = crdt::BasicGCounter<ReplicaId>;
  using Mutation = std::pair<ReplicaId, std::uint64_t>;
  static rc::Gen<Mutation> mutation() {
    return rc::gen::pair(names<ReplicaId>(), increment_amounts());
  }
  static Lattice apply(Lattice& x, const Mutation& m) { return x.increment(m.first, m.second); }
};

template <class ReplicaId>
struct PNCounterSpec {
  using Lattice = crdt::BasicPNCounter<ReplicaId>;
  using Mutation = std::pair<ReplicaId, std::int64_t>;
  static rc::Gen<Mutation> mutation() { return rc::gen::pair(names<ReplicaId>(), add_amounts()); }
  static Lattice apply(Lattice& x, const Mutation& m) { return x.add(m.first, m.second); }
};

// Committed offsets: keys from a small pool, values mostly small.
struct MaxMapSpec {
  using Lattice = crdt::MaxMap<std::string, std::int64_t>;
  using Mutation = std::pair<std::string, std::int64_t>;
  static rc::Gen<Mutation> mutation() { return rc::gen::pair(names<std::string>(), add_amounts()); }
  static Lattice apply(Lattice& x, const Mutation& m) { return x.raise(m.first, m.second); }
};

// Transactions: a few keys written under one stamp. Stamps come from a small
// range so that independent states collide on them (and the tie-break is
// exercised), as replicas with broken clocks would.
struct LwwMapSpec {
  using Lattice = crdt::LwwMap<std::string, int>;
  using Mutation = std::tuple<std::vector<std::pair<std::string, int>>, std::int64_t, std::int64_t>;
  static rc::Gen<Mutation> mutation() {
    // One to four writes, as transactions of --max-txn-length 4.
    auto writes = rc::gen::mapcat(rc::gen::inRange(1, 5), [](int n) {
      return rc::gen::container<std::vector<std::pair<std::string, int>>>(
          static_cast<std::size_t>(n), rc::gen::pair(names<std::string>(), names<int>()));
    });
    return rc::gen::tuple(writes, rc::gen::inRange<std::int64_t>(0, 20),
                          rc::gen::inRange<std::int64_t>(0, 3));
  }
  static Lattice apply(Lattice& x, const Mutation& m) {
    return x.assign(std::get<0>(m), crdt::Stamp{std::get<1>(m), std::get<2>(m)});
  }
};

// Appends and acknowledgements by replicas 0..2 of a 3-replica cluster. One
// state taking appends as several replicas stands for a replica that merged
// theirs; two independent states may even disagree on an offset, which
// correct replicas never do, so the laws hold beyond what they need.
struct AppendLogSpec {
  using Lattice = crdt::AppendLog<std::int64_t>;
  using Mutation = std::tuple<bool, std::string, int, std::int64_t>;
  static rc::Gen<Mutation> mutation() {
    return rc::gen::tuple(
        rc::gen::map(index_below(4), [](int i) { return i == 0; }),
        rc::gen::map(index_below(3), [](int i) { return "k" + std::to_string(i); }),
        index_below(3), rc::gen::inRange<std::int64_t>(0, 100));
  }
  static Lattice apply(Lattice& x, const Mutation& m) {
    const auto& [ack, key, replica, msg] = m;
    if (ack) return x.acknowledge(key, replica);
    return x.append(key, replica, 3, msg).first;
  }
};

// Kafka's replicated state: the log beside its committed offsets.
struct KafkaStateSpec {
  using Lattice = crdt::Product<crdt::AppendLog<std::int64_t>, crdt::MaxMap<std::string, std::int64_t>>;
  using Mutation = std::variant<AppendLogSpec::Mutation, MaxMapSpec::Mutation>;
  static rc::Gen<Mutation> mutation() {
    return rc::gen::oneOf(rc::gen::cast<Mutation>(AppendLogSpec::mutation()),
                          rc::gen::cast<Mutation>(MaxMapSpec::mutation()));
  }
  static Lattice apply(Lattice& x, const Mutation& m) {
    Lattice delta;
    if (auto* log = std::get_if<AppendLogSpec::Mutation>(&m)) {
      delta.first = AppendLogSpec::apply(x.first, *log);
    } else {
      delta.second = MaxMapSpec::apply(x.second, std::get<MaxMapSpec::Mutation>(m));
    }
    return delta;
  }
};

// A value as its JSON text; invalid UTF-8 shows as U+FFFD rather than
// throwing in the middle of a failure report.
template <class T>
void show_as_json(const T& value, std::ostream& os) {
  os << nlohmann::json(value).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace glomers::proptests

// Rapidcheck finds printers by argument-dependent lookup, so they must live
// in the types' namespace.
namespace glomers::crdt {

template <class T>
void showValue(const GSet<T>& x, std::ostream& os) {
  proptests::show_as_json(x, os);
}
template <class ReplicaId>
void showValue(const BasicGCounter<ReplicaId>& x, std::ostream& os) {
  proptests::show_as_json(x, os);
}
template <class ReplicaId>
void showValue(const BasicPNCounter<ReplicaId>& x, std::ostream& os) {
  proptests::show_as_json(x, os);
}
template <class K, class V>
void showValue(const MaxMap<K, V>& x, std::ostream& os) {
  proptests::show_as_json(x, os);
}
template <class K, class V>
void showValue(const LwwMap<K, V>& x, std::ostream& os) {
  proptests::show_as_json(x, os);
}
template <class Msg>
void showValue(const AppendLog<Msg>& x, std::ostream& os) {
  proptests::show_as_json(x, os);
}
template <class A, class B>
void showValue(const Product<A, B>& x, std::ostream& os) {
  proptests::show_as_json(x, os);
}

}  // namespace glomers::crdt

namespace rc {

template <class T>
struct Arbitrary<glomers::crdt::GSet<T>> {
  static Gen<glomers::crdt::GSet<T>> arbitrary() {
    return glomers::proptests::states_by_mutation<glomers::proptests::GSetSpec<T>>();
  }
};

template <class ReplicaId>
struct Arbitrary<glomers::crdt::BasicGCounter<ReplicaId>> {
  static Gen<glomers::crdt::BasicGCounter<ReplicaId>> arbitrary() {
    return glomers::proptests::states_by_mutation<glomers::proptests::GCounterSpec<ReplicaId>>();
  }
};

template <class ReplicaId>
struct Arbitrary<glomers::crdt::BasicPNCounter<ReplicaId>> {
  static Gen<glomers::crdt::BasicPNCounter<ReplicaId>> arbitrary() {
    return glomers::proptests::states_by_mutation<glomers::proptests::PNCounterSpec<ReplicaId>>();
  }
};

template <>
struct Arbitrary<glomers::crdt::MaxMap<std::string, std::int64_t>> {
  static auto arbitrary() {
    return glomers::proptests::states_by_mutation<glomers::proptests::MaxMapSpec>();
  }
};

template <>
struct Arbitrary<glomers::crdt::LwwMap<std::string, int>> {
  static auto arbitrary() {
    return glomers::proptests::states_by_mutation<glomers::proptests::LwwMapSpec>();
  }
};

template <>
struct Arbitrary<glomers::crdt::AppendLog<std::int64_t>> {
  static auto arbitrary() {
    return glomers::proptests::states_by_mutation<glomers::proptests::AppendLogSpec>();
  }
};

template <>
struct Arbitrary<glomers::proptests::KafkaStateSpec::Lattice> {
  static auto arbitrary() {
    return glomers::proptests::states_by_mutation<glomers::proptests::KafkaStateSpec>();
  }
};

}  // namespace rc

#endif  // GLOMERS_PROPTESTS_CRDT_GENERATORS_H_
