// check_property(): runs one rapidcheck property and returns the outcome as a
// value, so that the caller decides what it expects. The law tests expect
// every property to hold; the mutant tests expect some to fail.
//
// Every property runs at least kMinCases successful cases. RC_PARAMS is
// honoured (seed, max_size, a larger max_success, reproduce, ...); only a
// max_success below kMinCases is raised. A failure's report carries
// rapidcheck's shrunk counterexample; rerun with RC_PARAMS="seed=<the seed
// rapidcheck printed at start-up>", or with the reproduce string it prints
// at exit, to replay it.
//
// This goes through rc::detail::checkProperty, the entry point rapidcheck's
// own gtest and catch integrations use, because the public rc::check neither
// takes test parameters nor tells how many cases ran.
#ifndef GLOMERS_PROPTESTS_PROPERTY_H_
#define GLOMERS_PROPTESTS_PROPERTY_H_

#include <rapidcheck.h>

#include <algorithm>
#include <cstdlib>
#include <sstream>
#include <string>
#include <utility>

namespace glomers::proptests {

inline constexpr int kMinCases = 1000;

// The case floor for this run: kMinCases, unless GLOMERS_PROPERTY_CASES
// lowers it (the sanitizer build runs every property, with fewer cases).
inline int min_cases() {
  static const int floor = [] {
    const char* env = std::getenv("GLOMERS_PROPERTY_CASES");
    return env != nullptr && std::atoi(env) > 0 ? std::atoi(env) : kMinCases;
  }();
  return floor;
}

// What the caller expects of a property. Rapidcheck lists every failure it
// saw, with a reproduce string, when the program exits; a failure that was
// expected is no news and stays out of that list.
enum class Expectation { kHolds, kFails };

// True when RC_PARAMS asks to replay recorded failures: then only those
// properties run, each for the one recorded case.
inline bool reproducing() { return !rc::detail::configuration().reproduce.empty(); }

struct PropertyOutcome {
  bool held = false;
  int cases = 0;       // Successful cases run (before the failure, if any).
  std::string report;  // Rapidcheck's summary; the counterexample on failure.
};

namespace property_detail {

class SilentListener : public rc::detail::TestListener {
 public:
  void onTestCaseFinished(const rc::detail::CaseDescription&) override {}
  void onShrinkTried(const rc::detail::CaseDescription&, bool) override {}
  void onTestFinished(const rc::detail::TestMetadata&, const rc::detail::TestResult&) override {}
};

}  // namespace property_detail

// `id` names the property for rapidcheck's reproduce strings, so it must be
// unique in the program.
// `cases` lowers the floor for properties whose cases are costly (whole
// simulated cluster runs).
template <class Testable>
PropertyOutcome check_property(const std::string& id, Testable&& property,
                               Expectation expectation = Expectation::kHolds,
                               int cases = min_cases()) {
  namespace rcd = rc::detail;
  rcd::TestParams params = rcd::configuration().testParams;
  params.maxSuccess = std::max(params.maxSuccess, cases);
  rcd::TestMetadata metadata;
  metadata.id = id;
  metadata.description = id;
  const rcd::Property compiled = rcd::toProperty(std::forward<Testable>(property));
  property_detail::SilentListener silent;
  const rcd::TestResult result = expectation == Expectation::kHolds
                                     ? rcd::checkProperty(compiled, metadata, params)
                                     : rcd::checkProperty(compiled, metadata, params, silent);

  PropertyOutcome outcome;
  std::ostringstream report;
  rcd::printResultMessage(result, report);
  outcome.report = report.str();
  rcd::SuccessResult success;
  rcd::FailureResult failure;
  rcd::GaveUpResult gave_up;
  if (result.match(success)) {
    outcome.held = true;
    outcome.cases = success.numSuccess;
  } else if (result.match(failure)) {
    outcome.cases = failure.numSuccess;
  } else if (result.match(gave_up)) {
    outcome.cases = gave_up.numSuccess;
  }
  return outcome;
}

}  // namespace glomers::proptests

#endif  // GLOMERS_PROPTESTS_PROPERTY_H_
