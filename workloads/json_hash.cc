#include "workloads/json_hash.h"

#include <cmath>
#include <cstdint>
#include <functional>
#include <string>

namespace glomers::workloads {
namespace {

std::size_t Mix(std::size_t seed, std::size_t h) {
  return seed ^ (h + 0x9e3779b97f4a7c15ULL + (seed << 6) + (seed >> 2));
}

enum Kind : std::size_t { kNull, kBool, kNumber, kString, kArray, kObject, kOther };

std::size_t HashNumber(const nlohmann::json& j) {
  if (j.is_number_unsigned()) {
    const auto u = j.get<std::uint64_t>();
    if (u <= static_cast<std::uint64_t>(INT64_MAX)) {
      return std::hash<std::int64_t>{}(static_cast<std::int64_t>(u));
    }
    return std::hash<std::uint64_t>{}(u);
  }
  if (j.is_number_integer()) return std::hash<std::int64_t>{}(j.get<std::int64_t>());
  const double d = j.get<double>();
  // 2^63 bounds the doubles that convert to int64 exactly.
  if (std::trunc(d) == d && std::fabs(d) < 9.2233720368547758e18) {
    return std::hash<std::int64_t>{}(static_cast<std::int64_t>(d));
  }
  return std::hash<double>{}(d);
}

}  // namespace

std::size_t JsonHash::operator()(const nlohmann::json& j) const {
  switch (j.type()) {
    case nlohmann::json::value_t::null:
      return Mix(kNull, 0);
    case nlohmann::json::value_t::boolean:
      return Mix(kBool, j.get<bool>());
    case nlohmann::json::value_t::number_integer:
    case nlohmann::json::value_t::number_unsigned:
    case nlohmann::json::value_t::number_float:
      return Mix(kNumber, HashNumber(j));
    case nlohmann::json::value_t::string:
      return Mix(kString, std::hash<std::string>{}(j.get_ref<const std::string&>()));
    case nlohmann::json::value_t::array: {
      std::size_t seed = Mix(kArray, j.size());
      for (const auto& element : j) seed = Mix(seed, (*this)(element));
      return seed;
    }
    case nlohmann::json::value_t::object: {
      std::size_t seed = Mix(kObject, j.size());
      for (const auto& [key, value] : j.items()) {
        seed = Mix(seed, std::hash<std::string>{}(key));
        seed = Mix(seed, (*this)(value));
      }
      return seed;
    }
    default:
      return Mix(kOther, std::hash<nlohmann::json>{}(j));
  }
}

}  // namespace glomers::workloads
