// Cluster properties in the deterministic simulator: for every workload, a
// run of our node program under a random configuration (node count,
// duration, rate, latency and its distribution, partitions) is valid by the
// workload's checker. rapidcheck draws the configuration, so a failure
// shrinks towards the smallest cluster and shortest run that still fail,
// and the report carries the `glomers sim` command that replays it.
//
// The case count is GLOMERS_CLUSTER_CASES (default 200) per workload. A
// mutant broadcast that never retransmits must fail the same property.
// Last, the broadcast presets run on fixed seeds of the 3d configuration
// under partitions.
#include <algorithm>
#include <cstdlib>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <rapidcheck.h>

#include "bench/cli.h"
#include "bench/runner.h"
#include "bench/sim_host.h"
#include "benchmarks/challenge_3d.h"
#include "proptests/property.h"
#include "workloads/models.h"
#include "workloads/programs.h"

namespace glomers::proptests {
namespace {

// A count from the environment variable `name` (at least 1), or `fallback`.
int EnvCount(const char* name, int fallback) {
  const char* env = std::getenv(name);
  return env != nullptr ? std::max(1, std::atoi(env)) : fallback;
}

int Cases() { return EnvCount("GLOMERS_CLUSTER_CASES", 200); }

// Draws a configuration, runs it, and asserts the verdict.
void ClusterRunIsValid(const std::string& workload, const std::vector<std::string>& args) {
  bench::TestOptions o;
  o.workload = workload;
  const int nodes = *rc::gen::inRange(1, 8);
  for (int i = 0; i < nodes; ++i) o.nodes.push_back("n" + std::to_string(i));
  // At least 20 operations expected: a run with none has an unknown verdict.
  o.time_limit = *rc::gen::inRange(2, 9);
  o.rate = *rc::gen::inRange(10, 120);
  o.latency = *rc::gen::inRange(0, 60);
  o.latency_dist = *rc::gen::element(bench::LatencyDist::kConstant, bench::LatencyDist::kUniform,
                                     bench::LatencyDist::kExponential);
  if (*rc::gen::arbitrary<bool>()) {
    o.nemesis.insert("partition");
    o.nemesis_interval = *rc::gen::inRange(1, 5);
  }
  // Transactions: the strongest models the checker knows, fractured reads
  // included, and every request must succeed.
  if (workload == "txn-rw-register") {
    o.consistency_models = {"read-committed", "read-atomic"};
    o.availability = 1.0;
    o.availability_total = true;
  }
  o.seed = *rc::gen::inRange<std::uint64_t>(0, 1'000'000'000);
  o.bin_args = args;

  auto model = workloads::MakeWorkload(workload, o);
  RC_ASSERT(model != nullptr);
  bench::SimHost host({workloads::FindProgram(workload), args, o.seed, "", false});
  bench::RunOutcome outcome = bench::RunTest(o, *model, host, {});
  const std::string replay = bench::ReplayCommand(o, workload);
  RC_LOG() << "replay: " << replay << "\n";
  if (outcome.valid != bench::Validity::kValid) {
    RC_FAIL("invalid run; replay with: " + replay + "\nworkload: " +
            outcome.results["workload"].dump().substr(0, 600) +
            "\nnodes: " + outcome.results["nodes"]["problems"].dump().substr(0, 300));
  }
}

class Cluster : public ::testing::TestWithParam<std::string> {};

TEST_P(Cluster, EveryRunIsValid) {
  const std::string workload = GetParam();
  PropertyOutcome outcome = check_property(
      "cluster/" + workload, [&] { ClusterRunIsValid(workload, {}); }, Expectation::kHolds,
      Cases());
  EXPECT_TRUE(outcome.held) << outcome.report;
  EXPECT_GE(outcome.cases, Cases());
}

INSTANTIATE_TEST_SUITE_P(Workloads, Cluster,
                         ::testing::Values("echo", "unique-ids", "broadcast", "g-set", "g-counter", "kafka",
                                           "pn-counter", "txn-rw-register"),
                         [](const auto& info) {
                           std::string name = info.param;
                           for (char& c : name) c = c == '-' ? '_' : c;
                           return name;
                         });

// A replicator that never resends what a partition dropped: the property
// must catch it.
TEST(ClusterMutant, BroadcastThatNeverRetransmitsIsCaught) {
  PropertyOutcome outcome = check_property(
      "cluster/mutant-no-retransmit",
      [] { ClusterRunIsValid("broadcast", {"--retransmit", "100000s"}); }, Expectation::kFails,
      200);  // stops at the first failure: the count matters only if the mutant survives
  EXPECT_FALSE(outcome.held) << "the mutant passed " << outcome.cases << " cases";
  std::printf("mutant caught after %d passing cases:\n%s\n", outcome.cases, outcome.report.c_str());
}

// The broadcast presets on the 3d configuration (25 nodes, rate 100,
// latency 100 ms) under partitions, with only half a second between the
// final heal and the final reads: a cut that ends there must be repaired
// within an interval and a couple of hops, whatever it swallowed. Fixed
// seeds, each printed with its replay command when it fails. Seeds 3 and
// 10 (latency) and 3, 6 and 10 (messages) lost values before the
// replicator learnt to notice stale acks and silences, and to keep
// suspecting a peer that acked only part of a resend.
class PresetUnderPartitions : public ::testing::TestWithParam<std::string> {};

TEST_P(PresetUnderPartitions, EverySeedIsValid) {
  const std::string preset = GetParam();
  const std::vector<std::string> args = {"--preset", preset};
  // GLOMERS_PRESET_SEEDS runs seeds 1 to N instead (the sanitizer build
  // runs 1).
  const int last = EnvCount("GLOMERS_PRESET_SEEDS", 10);
  for (std::uint64_t seed = 1; seed <= static_cast<std::uint64_t>(last); ++seed) {
    bench::TestOptions o = benchmarks::Challenge3d(seed);
    o.nemesis.insert("partition");
    o.recovery_wait = 0.5;
    o.bin_args = args;
    auto model = workloads::MakeWorkload("broadcast", o);
    ASSERT_NE(model, nullptr);
    bench::SimHost host({workloads::FindProgram("broadcast"), args, o.seed, "", false});
    bench::RunOutcome outcome = bench::RunTest(o, *model, host, {});
    EXPECT_EQ(outcome.valid, bench::Validity::kValid)
        << "seed " << seed << " is invalid; replay with: " << bench::ReplayCommand(o, "broadcast")
        << "\nworkload: " << outcome.results["workload"].dump().substr(0, 600);
  }
}

INSTANTIATE_TEST_SUITE_P(Broadcast, PresetUnderPartitions,
                         ::testing::Values("latency", "messages"));

}  // namespace
}  // namespace glomers::proptests
