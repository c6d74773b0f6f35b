// Runs the lattice laws against the broken lattices of mutants.h and checks
// that each is caught, by exactly the laws listed: a law that stops catching
// a mutant, or a law set that passes one, fails this test. The output lists,
// per mutant, each law's verdict and rapidcheck's counterexample for every
// law that failed.
#include "proptests/mutants.h"

#include <gtest/gtest.h>

#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "proptests/lattice_laws.h"

namespace glomers::proptests::mutants {
namespace {

static_assert(JsonEncodable<SummingGCounter>);
static_assert(JsonEncodable<AmountDeltaGCounter>);
static_assert(JsonEncodable<SubtractingDifferenceGCounter>);
static_assert(JsonEncodable<ValueOrderedPNCounter>);
static_assert(JsonEncodable<OffByOneMergeGSet>);
static_assert(JsonEncodable<SwappedDifferenceGSet>);

// Runs every law of Spec and returns the names of those that failed.
template <class Spec>
std::vector<std::string> FailingLaws(const std::string& mutant) {
  std::vector<std::string> failed;
  for (const Law& law : lattice_laws<Spec>(mutant)) {
    const PropertyOutcome outcome = law.check(Expectation::kFails);
    if (outcome.held) {
      std::cout << "  held    " << law.name << " (" << outcome.cases << " cases)\n";
      continue;
    }
    failed.push_back(law.name);
    std::cout << "  FAILED  " << law.name << "\n";
    std::istringstream report(outcome.report);
    for (std::string line; std::getline(report, line);) {
      if (!line.empty()) std::cout << "          | " << line << "\n";
    }
  }
  return failed;
}

using Laws = std::vector<std::string>;

TEST(Mutants, SummingGCounter) {
  EXPECT_EQ(
      FailingLaws<CounterSpec<SummingGCounter>>("SummingGCounter"),
      (Laws{"merge_is_idempotent", "join_is_an_upper_bound", "order_agrees_with_join",
            "delta_equals_state", "delta_reaches_other_replicas", "difference_completes_the_join",
            "difference_with_a_state_that_knows_all_is_bottom"}));
}

TEST(Mutants, AmountDeltaGCounter) {
  EXPECT_EQ(FailingLaws<CounterSpec<AmountDeltaGCounter>>("AmountDeltaGCounter"),
            (Laws{"delta_equals_state", "delta_reaches_other_replicas"}));
}

TEST(Mutants, SubtractingDifferenceGCounter) {
  EXPECT_EQ(
      FailingLaws<CounterSpec<SubtractingDifferenceGCounter>>("SubtractingDifferenceGCounter"),
      (Laws{"difference_completes_the_join"}));
}

TEST(Mutants, ValueOrderedPNCounter) {
  EXPECT_EQ(FailingLaws<PNCounterMutantSpec>("ValueOrderedPNCounter"),
            (Laws{"bottom_is_identity", "join_is_an_upper_bound", "order_agrees_with_join",
                  "mutation_is_an_inflation", "delta_equals_state", "delta_reaches_other_replicas",
                  "difference_is_part_of_the_source"}));
}

TEST(Mutants, OffByOneMergeGSet) {
  EXPECT_EQ(FailingLaws<SetSpec<OffByOneMergeGSet>>("OffByOneMergeGSet"),
            (Laws{"merge_is_commutative", "merge_is_associative", "bottom_is_identity",
                  "join_is_an_upper_bound", "order_agrees_with_join", "delta_equals_state",
                  "delta_reaches_other_replicas", "difference_completes_the_join"}));
}

TEST(Mutants, SwappedDifferenceGSet) {
  EXPECT_EQ(FailingLaws<SetSpec<SwappedDifferenceGSet>>("SwappedDifferenceGSet"),
            (Laws{"difference_completes_the_join", "difference_is_part_of_the_source",
                  "difference_with_a_state_that_knows_all_is_bottom"}));
}

}  // namespace
}  // namespace glomers::proptests::mutants
