# The bench engine and the `glomers` command.
find_package(CLI11 REQUIRED)

add_library(glomers_bench STATIC
  bench/cli.cc
  bench/nemesis.cc
  bench/process_host.cc
  bench/report.cc
  bench/runner.cc
  bench/serve.cc
  bench/sim_host.cc
  bench/suite.cc
  bench/summary.cc
)
target_link_libraries(glomers_bench PUBLIC
  glomers_bench_core glomers_bench_services glomers_workload_models glomers_workloads
  glomers_fixtures
  CLI11::CLI11)

add_executable(glomers bench/main.cc)
target_link_libraries(glomers PRIVATE glomers_bench)
