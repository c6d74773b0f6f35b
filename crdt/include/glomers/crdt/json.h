// JSON encodings of the lattice types, for nlohmann::json. Kept apart from the
// core types: include this header only where values cross a wire.
//
//   GSet<T>         [x, y, ...]                       (sorted)
//   GCounter        {"n1": 3, "n2": 5}                (string replica ids)
//   BasicGCounter   [[id, 3], [id, 5]]                (other replica ids)
//   PNCounter       {"inc": <GCounter>, "dec": <GCounter>}
//
// Decoding is strict: a value of the wrong shape throws DecodeError (a
// std::runtime_error), never yields a partial value.
#ifndef GLOMERS_CRDT_JSON_H_
#define GLOMERS_CRDT_JSON_H_

#include <cstdint>
#include <stdexcept>
#include <string>
#include <type_traits>

#include <nlohmann/json.hpp>

#include "glomers/crdt/gcounter.h"
#include "glomers/crdt/gset.h"
#include "glomers/crdt/pncounter.h"

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

}  // namespace glomers::crdt

#endif  // GLOMERS_CRDT_JSON_H_
