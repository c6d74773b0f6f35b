// Uses the installed library with its JSON encodings: two replicas diverge,
// exchange deltas through JSON text, and must agree. Exits non-zero (and says
// why) on any wrong result.
#include <glomers/crdt/gcounter.h>
#include <glomers/crdt/gset.h>
#include <glomers/crdt/json.h>
#include <glomers/crdt/pncounter.h>

#include <cstdint>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>

namespace crdt = glomers::crdt;
using nlohmann::json;

namespace {

int failures = 0;

void Expect(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "consumer: FAILED: %s\n", what);
    ++failures;
  }
}

// Sends a value as text and decodes it on the other side.
template <class T>
T OverTheWire(const T& value) {
  return json::parse(json(value).dump()).get<T>();
}

}  // namespace

int main() {
  crdt::GSet<std::string> set_a;
  crdt::GSet<std::string> set_b;
  const crdt::GSet<std::string> set_delta = set_a.insert("x");
  set_b.insert("y");
  set_b.merge(OverTheWire(set_delta));
  set_a.merge(OverTheWire(set_b.difference(set_a)));
  Expect(set_a == set_b && set_a.size() == 2, "GSet replicas converge");
  Expect(json(set_a).dump() == R"(["x","y"])", "GSet encodes as a sorted array");

  crdt::GCounter count_a;
  crdt::GCounter count_b;
  const crdt::GCounter count_delta = count_a.increment("a", 3);
  count_b.increment("b", 4);
  count_b.merge(OverTheWire(count_delta));
  count_b.merge(OverTheWire(count_delta));  // Redelivery must not double count.
  Expect(count_b.value() == 7, "GCounter counts each delta once");
  Expect(json(count_b).dump() == R"({"a":3,"b":4})", "GCounter encodes as an object");

  crdt::PNCounter pn;
  pn.add("a", 10);
  const crdt::PNCounter pn_delta = pn.add("b", -15);
  crdt::PNCounter pn_copy = OverTheWire(pn);
  pn_copy.merge(OverTheWire(pn_delta));
  Expect(pn_copy == pn && pn_copy.value() == -5, "PNCounter round trip");

  bool rejected = false;
  try {
    json::parse(R"({"inc": {"a": -1}, "dec": {}})").get<crdt::PNCounter>();
  } catch (const crdt::DecodeError&) {
    rejected = true;
  }
  Expect(rejected, "a negative count is a DecodeError");

  if (failures == 0) std::printf("consumer: ok\n");
  return failures == 0 ? 0 : 1;
}
