#include "proptests/lattice_law_test.h"

#include <iostream>

namespace glomers::proptests {
namespace {

TEST_P(LatticeLaw, Holds) {
  const Law& law = GetParam();
  const PropertyOutcome outcome = law.check(Expectation::kHolds);
  // Shows the case count ("OK, passed 1000 tests") in the test's output.
  std::cout << law.name << ": " << outcome.report << "\n";
  EXPECT_TRUE(outcome.held) << outcome.report;
  if (!reproducing()) {
    EXPECT_GE(outcome.cases, min_cases());
  }
}

}  // namespace
}  // namespace glomers::proptests
