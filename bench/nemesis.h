// Nemesis: the faults a run injects, chosen the way Jepsen's combined
// nemesis package chooses them.
//
//  partition  alternates start (one of: isolate one node, split off a third
//             minus one, bisect into majority and minority, overlapping
//             majorities in a ring) and heal.
//  kill       alternates killing a target set of nodes (one, a random subset,
//             a minority, a third, a majority, or all) and restarting every
//             killed node, which then gets a fresh init.
//  pause      alternates pausing a target set (SIGSTOP) and resuming all.
// Each fault kind runs its own schedule: the first action at the start of
// the run, then one every U[0, 2 * interval) seconds, as Jepsen's stagger.
// Every fault is healed before the final phase.
#ifndef GLOMERS_BENCH_NEMESIS_H_
#define GLOMERS_BENCH_NEMESIS_H_

#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace glomers::bench {

// receiver -> the sources whose messages it drops
using Grudge = std::map<std::string, std::set<std::string>>;

struct PartitionChoice {
  std::string spec;                             // "one", "minority-third", ...
  std::vector<std::vector<std::string>> parts;  // components, for reports
  Grudge grudge;
};

PartitionChoice ChoosePartition(const std::vector<std::string>& nodes, std::mt19937_64& rng);
// A random target set for kill or pause, and the spec that chose it.
std::vector<std::string> ChooseTargets(const std::vector<std::string>& nodes, std::mt19937_64& rng,
                                       std::string* spec);
// "n0 n1 | n2 n3 n4": the components, for people.
std::string DescribeParts(const std::vector<std::vector<std::string>>& parts);

}  // namespace glomers::bench

#endif  // GLOMERS_BENCH_NEMESIS_H_
