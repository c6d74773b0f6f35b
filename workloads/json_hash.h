// JsonHash: a hash of JSON values that agrees with nlohmann's operator==, for
// unordered containers keyed by JSON. std::hash<nlohmann::json> does not:
// it hashes 5 parsed from a message (stored unsigned) and Json(5) built in
// code (stored signed) differently, though they compare equal.
//
// Numbers hash by value: integers, and floats holding an integer, as int64.
// Stateless; thread-safe.
#ifndef GLOMERS_WORKLOADS_JSON_HASH_H_
#define GLOMERS_WORKLOADS_JSON_HASH_H_

#include <cstddef>

#include <nlohmann/json.hpp>

namespace glomers::workloads {

struct JsonHash {
  std::size_t operator()(const nlohmann::json& j) const;
};

}  // namespace glomers::workloads

#endif  // GLOMERS_WORKLOADS_JSON_HASH_H_
