// The laws every glomers lattice obeys, written once as rapidcheck properties
// and instantiated per type through a *spec*:
//
//   struct MySpec {
//     using Lattice = ...;    // models crdt::Lattice, has an rc::Arbitrary
//     using Mutation = ...;   // the arguments of one mutator call
//     static rc::Gen<Mutation> mutation();
//     // Applies m to x and returns the delta the mutator returned.
//     static Lattice apply(Lattice& x, const Mutation& m);
//   };
//
// lattice_laws<MySpec>("MyType") returns the laws as named, runnable checks. The
// difference laws are included when Lattice models crdt::DeltaLattice, the
// JSON round trip when it has to_json/from_json. A new lattice plugs in with
// a spec, an rc::Arbitrary (usually states_by_mutation<MySpec>()) and one
// INSTANTIATE line in lattice_laws_test.cc.
//
// The laws say nothing about which states are reachable; they hold for any
// value the Arbitrary yields, so the generators should yield the states real
// replicas reach (hence states_by_mutation).
#ifndef GLOMERS_PROPTESTS_LATTICE_LAWS_H_
#define GLOMERS_PROPTESTS_LATTICE_LAWS_H_

#include <rapidcheck.h>

#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "glomers/crdt/lattice.h"
#include "proptests/property.h"

namespace glomers::proptests {

// One law of one lattice type, ready to run.
struct Law {
  std::string name;  // snake_case, so that it can name a test.
  std::function<PropertyOutcome(Expectation)> check;
};

template <class L>
concept JsonEncodable = std::is_constructible_v<nlohmann::json, const L&> &&
    requires(const nlohmann::json& j) {
  j.get<L>();
};

// Bottom with a random sequence of mutations applied: a state some replica
// could reach. Shrinks by dropping mutations.
template <class Spec>
rc::Gen<typename Spec::Lattice> states_by_mutation() {
  using L = typename Spec::Lattice;
  using M = typename Spec::Mutation;
  return rc::gen::map(rc::gen::container<std::vector<M>>(Spec::mutation()),
                      [](const std::vector<M>& mutations) {
                        L x;
                        for (const M& m : mutations) Spec::apply(x, m);
                        return x;
                      });
}

// `type_name` makes the property ids unique across lattice types.
template <class Property>
Law make_law(const std::string& type_name, const std::string& name, Property property) {
  return Law{name, [id = type_name + "/" + name, property](Expectation expectation) {
               return check_property(id, property, expectation);
             }};
}

// The laws of Spec's lattice; `type_name` labels them in rapidcheck's output.
template <class Spec>
std::vector<Law> lattice_laws(const std::string& type_name) {
  using L = typename Spec::Lattice;
  using M = typename Spec::Mutation;
  using crdt::join;
  static_assert(crdt::Lattice<L>);

  std::vector<Law> laws = {
      make_law(type_name, "merge_is_commutative",
               [](const L& x, const L& y) { RC_ASSERT(join(x, y) == join(y, x)); }),

      make_law(type_name, "merge_is_associative",
               [](const L& x, const L& y, const L& z) {
                 RC_ASSERT(join(join(x, y), z) == join(x, join(y, z)));
               }),

      make_law(type_name, "merge_is_idempotent", [](const L& x) { RC_ASSERT(join(x, x) == x); }),

      make_law(type_name, "bottom_is_identity",
               [](const L& x) {
                 RC_ASSERT(L{}.empty());
                 RC_ASSERT(x.empty() == (x == L{}));
                 RC_ASSERT(join(x, L{}) == x);
                 RC_ASSERT(join(L{}, x) == x);
                 RC_ASSERT(L{} <= x);
               }),

      make_law(type_name, "join_is_an_upper_bound",
               [](const L& x, const L& y) {
                 RC_ASSERT(x <= join(x, y));
                 RC_ASSERT(y <= join(x, y));
               }),

      // Random pairs are mostly incomparable, so the law is also checked on
      // a pair known to be ordered: x and a join that includes it.
      make_law(type_name, "order_agrees_with_join",
               [](const L& x, const L& y) {
                 RC_ASSERT((x <= y) == (join(x, y) == y));
                 RC_ASSERT(x <= x);
                 const L above = join(x, y);
                 RC_ASSERT(x <= above);
                 RC_ASSERT(join(x, above) == above);
               }),

      make_law(type_name, "mutation_is_an_inflation",
               [](const L& x) {
                 const M m = *Spec::mutation();
                 L mutated = x;
                 Spec::apply(mutated, m);
                 RC_ASSERT(x <= mutated);
               }),

      make_law(type_name, "delta_equals_state",
               [](const L& x) {
                 const M m = *Spec::mutation();
                 L mutated = x;
                 const L delta = Spec::apply(mutated, m);
                 RC_ASSERT(join(x, delta) == mutated);
                 RC_ASSERT(delta <= mutated);
               }),

      make_law(type_name, "noop_mutation_returns_bottom",
               [](const L& x) {
                 const M m = *Spec::mutation();
                 L mutated = x;
                 const L delta = Spec::apply(mutated, m);
                 if (mutated == x) RC_ASSERT(delta.empty());
               }),

      // A replica y that receives only the delta, not the mutated state:
      // once it has seen x, the delta brings it exactly where the full state
      // would; whatever it has seen, it gains all the mutation added.
      make_law(type_name, "delta_reaches_other_replicas",
               [](const L& x, const L& y) {
                 const M m = *Spec::mutation();
                 L mutated = x;
                 const L delta = Spec::apply(mutated, m);
                 const L seen_x = join(y, x);
                 RC_ASSERT(join(seen_x, delta) == join(seen_x, mutated));
                 if constexpr (crdt::DeltaLattice<L>) {
                   RC_ASSERT(mutated.difference(x) <= join(y, delta));
                 }
               }),
  };

  if constexpr (crdt::DeltaLattice<L>) {
    laws.push_back(make_law(type_name, "difference_completes_the_join", [](const L& x, const L& y) {
      L receiver = y;
      receiver.merge(x.difference(y));
      RC_ASSERT(receiver == join(x, y));
    }));
    laws.push_back(make_law(type_name, "difference_is_part_of_the_source",
                            [](const L& x, const L& y) { RC_ASSERT(x.difference(y) <= x); }));
    laws.push_back(make_law(type_name, "difference_with_a_state_that_knows_all_is_bottom",
                            [](const L& x, const L& y) {
                              RC_ASSERT(x.difference(join(x, y)).empty());
                              RC_ASSERT(x.difference(x).empty());
                            }));
  }

  if constexpr (JsonEncodable<L>) {
    // Through text, as values cross the wire, so that escaping is covered.
    laws.push_back(make_law(type_name, "json_round_trip", [](const L& x) {
      const std::string text = nlohmann::json(x).dump();
      RC_ASSERT(nlohmann::json::parse(text).get<L>() == x);
    }));
  }
  return laws;
}

}  // namespace glomers::proptests

#endif  // GLOMERS_PROPTESTS_LATTICE_LAWS_H_
