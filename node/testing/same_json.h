// SameJson: equal values of equal JSON kinds all the way down. nlohmann's ==
// counts unsigned 5 and signed 5 as equal; a decoder that must produce what
// nlohmann's parser produces is held to this stricter test.
#ifndef GLOMERS_NODE_TESTING_SAME_JSON_H_
#define GLOMERS_NODE_TESTING_SAME_JSON_H_

#include <cstddef>

#include "node/errors.h"

namespace glomers::testing {

inline bool SameJson(const Json& a, const Json& b) {
  if (a.type() != b.type()) return false;
  switch (a.type()) {
    case Json::value_t::object: {
      if (a.size() != b.size()) return false;
      auto i = a.begin();
      auto j = b.begin();
      for (; i != a.end(); ++i, ++j) {
        if (i.key() != j.key() || !SameJson(*i, *j)) return false;
      }
      return true;
    }
    case Json::value_t::array: {
      if (a.size() != b.size()) return false;
      for (std::size_t k = 0; k < a.size(); ++k) {
        if (!SameJson(a[k], b[k])) return false;
      }
      return true;
    }
    default:
      return a == b;
  }
}

}  // namespace glomers::testing

#endif  // GLOMERS_NODE_TESTING_SAME_JSON_H_
