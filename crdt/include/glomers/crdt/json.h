// JSON encodings of the lattice types, for nlohmann::json. Kept apart from the
// core types: include this header only where values cross a wire.
//
//   GSet<T>         [x, y, ...]                       (sorted)
//   GCounter        {"n1": 3, "n2": 5}                (string replica ids)
//   BasicGCounter   [[id, 3], [id, 5]]                (other replica ids)
//   PNCounter       {"inc": <GCounter>, "dec": <GCounter>}
//   MaxMap          {"k": v, ...}                     (string keys)
//                   [[k, v], ...]                     (other keys)
//   Product         [<first>, <second>]
//   AppendLog       {"key": {"entries": [[offset, replica, msg], ...],
//                            "claims": [[replica, floor, count], ...]}}
//   LwwMap          [[k, time, replica, v], ...]
//
// Decoding is strict: a value of the wrong shape throws DecodeError (a
// std::runtime_error), never yields a partial value.
#ifndef GLOMERS_CRDT_JSON_H_
#define GLOMERS_CRDT_JSON_H_

#include <cstdint>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>

#include <nlohmann/json.hpp>

#include "glomers/crdt/append_log.h"
#include "glomers/crdt/gcounter.h"
#include "glomers/crdt/gset.h"
#include "glomers/crdt/lww_map.h"
#include "glomers/crdt/max_map.h"
#include "glomers/crdt/pncounter.h"
#include "glomers/crdt/product.h"

namespace glomers::crdt {

class DecodeError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

namespace json_detail {

inline const nlohmann::json& expect(const nlohmann::json& j, bool ok, const char* what) {
  if (!ok) throw DecodeError(std::string("expected ") + what + ", got " + j.dump());
  return j;
}

inline std::uint64_t count_from(const nlohmann::json& j) {
  expect(j, j.is_number_unsigned() || (j.is_number_integer() && j.get<std::int64_t>() >= 0),
         "a non-negative integer count");
  return j.get<std::uint64_t>();
}

template <class T>
T element_from(const nlohmann::json& j) {
  if constexpr (std::is_same_v<T, nlohmann::json>) {
    return j;
  } else if constexpr (std::is_integral_v<T> && !std::is_same_v<T, bool>) {
    // nlohmann's get<T>() would turn 1.5 or true into 1 and wrap values out
    // of T's range; an element or replica id must arrive exactly.
    const bool fits = j.is_number_unsigned()  ? std::in_range<T>(j.get<std::uint64_t>())
                      : j.is_number_integer() ? std::in_range<T>(j.get<std::int64_t>())
                                              : false;
    expect(j, fits, "an integer in the element type's range");
    return j.get<T>();
  } else {
    try {
      return j.get<T>();
    } catch (const nlohmann::json::exception& e) {
      throw DecodeError(std::string("bad element: ") + e.what());
    }
  }
}

}  // namespace json_detail

template <class T>
void to_json(nlohmann::json& j, const GSet<T>& s) {
  j = nlohmann::json::array();
  for (const T& x : s) j.push_back(x);
}

template <class T>
void from_json(const nlohmann::json& j, GSet<T>& s) {
  json_detail::expect(j, j.is_array(), "an array of set elements");
  GSet<T> out;
  for (const auto& x : j) out.insert(json_detail::element_from<T>(x));
  s = std::move(out);
}

template <class ReplicaId>
void to_json(nlohmann::json& j, const BasicGCounter<ReplicaId>& c) {
  if constexpr (std::is_same_v<ReplicaId, std::string>) {
    j = nlohmann::json::object();
    for (const auto& [replica, count] : c.entries()) j[replica] = count;
  } else {
    j = nlohmann::json::array();
    for (const auto& [replica, count] : c.entries()) j.push_back({replica, count});
  }
}

template <class ReplicaId>
void from_json(const nlohmann::json& j, BasicGCounter<ReplicaId>& c) {
  BasicGCounter<ReplicaId> out;
  if constexpr (std::is_same_v<ReplicaId, std::string>) {
    json_detail::expect(j, j.is_object(), "an object of replica counts");
    for (const auto& [replica, count] : j.items()) {
      out.set_entry(replica, json_detail::count_from(count));
    }
  } else {
    json_detail::expect(j, j.is_array(), "an array of [replica, count] pairs");
    for (const auto& pair : j) {
      json_detail::expect(pair, pair.is_array() && pair.size() == 2, "a [replica, count] pair");
      out.set_entry(json_detail::element_from<ReplicaId>(pair[0]),
                    json_detail::count_from(pair[1]));
    }
  }
  c = std::move(out);
}

template <class ReplicaId>
void to_json(nlohmann::json& j, const BasicPNCounter<ReplicaId>& c) {
  j = nlohmann::json{{"inc", c.increments()}, {"dec", c.decrements()}};
}

template <class ReplicaId>
void from_json(const nlohmann::json& j, BasicPNCounter<ReplicaId>& c) {
  json_detail::expect(j, j.is_object() && j.contains("inc") && j.contains("dec"),
                      "an object with \"inc\" and \"dec\"");
  c = BasicPNCounter<ReplicaId>(j.at("inc").get<BasicGCounter<ReplicaId>>(),
                                j.at("dec").get<BasicGCounter<ReplicaId>>());
}

template <class K, class V>
void to_json(nlohmann::json& j, const MaxMap<K, V>& m) {
  if constexpr (std::is_same_v<K, std::string>) {
    j = nlohmann::json::object();
    for (const auto& [k, v] : m.entries()) j[k] = v;
  } else {
    j = nlohmann::json::array();
    for (const auto& [k, v] : m.entries()) j.push_back({k, v});
  }
}

template <class K, class V>
void from_json(const nlohmann::json& j, MaxMap<K, V>& m) {
  MaxMap<K, V> out;
  if constexpr (std::is_same_v<K, std::string>) {
    json_detail::expect(j, j.is_object(), "an object of registers");
    for (const auto& [k, v] : j.items()) out.raise(k, json_detail::element_from<V>(v));
  } else {
    json_detail::expect(j, j.is_array(), "an array of [key, value] pairs");
    for (const auto& pair : j) {
      json_detail::expect(pair, pair.is_array() && pair.size() == 2, "a [key, value] pair");
      out.raise(json_detail::element_from<K>(pair[0]), json_detail::element_from<V>(pair[1]));
    }
  }
  m = std::move(out);
}

template <class A, class B>
void to_json(nlohmann::json& j, const Product<A, B>& p) {
  j = nlohmann::json::array({nlohmann::json(p.first), nlohmann::json(p.second)});
}

template <class A, class B>
void from_json(const nlohmann::json& j, Product<A, B>& p) {
  json_detail::expect(j, j.is_array() && j.size() == 2, "a [first, second] pair");
  p = Product<A, B>{j[0].get<A>(), j[1].get<B>()};
}

template <class Msg>
void to_json(nlohmann::json& j, const AppendLog<Msg>& log) {
  j = nlohmann::json::object();
  for (const auto& [key, s] : log.streams()) {
    nlohmann::json entries = nlohmann::json::array();
    for (const auto& [offset, e] : s.entries) entries.push_back({offset, e.replica, e.msg});
    nlohmann::json claims = nlohmann::json::array();
    for (const auto& [r, c] : s.claims) claims.push_back({r, c.floor, c.count});
    j[key] = {{"entries", std::move(entries)}, {"claims", std::move(claims)}};
  }
}

template <class Msg>
void from_json(const nlohmann::json& j, AppendLog<Msg>& log) {
  using json_detail::element_from;
  using json_detail::expect;
  expect(j, j.is_object(), "an object of streams");
  AppendLog<Msg> out;
  for (const auto& [key, s] : j.items()) {
    expect(s, s.is_object() && s.contains("entries") && s.contains("claims"),
           "a stream with \"entries\" and \"claims\"");
    expect(s["entries"], s["entries"].is_array(), "an array of entries");
    for (const auto& e : s["entries"]) {
      expect(e, e.is_array() && e.size() == 3, "an [offset, replica, msg] entry");
      out.add_entry(key, element_from<std::int64_t>(e[0]),
                    {element_from<int>(e[1]), element_from<Msg>(e[2])});
    }
    expect(s["claims"], s["claims"].is_array(), "an array of claims");
    for (const auto& c : s["claims"]) {
      expect(c, c.is_array() && c.size() == 3, "a [replica, floor, count] claim");
      out.add_claim(key, element_from<int>(c[0]),
                    {element_from<std::int64_t>(c[1]), json_detail::count_from(c[2])});
    }
  }
  log = std::move(out);
}

template <class K, class V>
void to_json(nlohmann::json& j, const LwwMap<K, V>& m) {
  j = nlohmann::json::array();
  for (const auto& [k, v] : m.entries()) j.push_back({k, v.stamp.time, v.stamp.replica, v.value});
}

template <class K, class V>
void from_json(const nlohmann::json& j, LwwMap<K, V>& m) {
  using json_detail::element_from;
  json_detail::expect(j, j.is_array(), "an array of [key, time, replica, value] registers");
  LwwMap<K, V> out;
  for (const auto& r : j) {
    json_detail::expect(r, r.is_array() && r.size() == 4, "a [key, time, replica, value] register");
    out.put(element_from<K>(r[0]),
            {Stamp{element_from<std::int64_t>(r[1]), element_from<std::int64_t>(r[2])},
             element_from<V>(r[3])});
  }
  m = std::move(out);
}

}  // namespace glomers::crdt

#endif  // GLOMERS_CRDT_JSON_H_
