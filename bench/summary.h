// The human report of a run: what a person reads at a glance on stdout.
#ifndef GLOMERS_BENCH_SUMMARY_H_
#define GLOMERS_BENCH_SUMMARY_H_

#include <string>

#include <nlohmann/json.hpp>

namespace glomers::bench {

// `results` is what results.json holds; `store_dir` may be empty.
std::string FormatSummary(const nlohmann::json& results, const std::string& store_dir,
                          double wall_seconds);

}  // namespace glomers::bench

#endif  // GLOMERS_BENCH_SUMMARY_H_
