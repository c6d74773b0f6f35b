// The configuration the broadcast benchmarks measure: challenge 3d's
// command line (25 nodes, 20 s, rate 100, latency 100 ms) with a seed.
#ifndef GLOMERS_BENCHMARKS_CHALLENGE_3D_H_
#define GLOMERS_BENCHMARKS_CHALLENGE_3D_H_

#include <cstdint>
#include <string>

#include "bench/options.h"

namespace glomers::benchmarks {

inline bench::TestOptions Challenge3d(std::uint64_t seed) {
  bench::TestOptions o;
  o.workload = "broadcast";
  for (int i = 0; i < 25; ++i) o.nodes.push_back("n" + std::to_string(i));
  o.time_limit = 20;
  o.rate = 100;
  o.latency = 100;
  o.seed = seed;
  return o;
}

}  // namespace glomers::benchmarks

#endif  // GLOMERS_BENCHMARKS_CHALLENGE_3D_H_
