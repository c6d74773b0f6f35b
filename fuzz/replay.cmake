# The fuzz target replayed over its seed corpus, one ctest test per workload,
# in whatever build the tests run (no libFuzzer needed): the sanitizer build
# of scripts/test.sh runs them once. One executable serves every workload,
# named on its command line. Included when GLOMERS_TESTS is on.
add_executable(fuzz_replay fuzz/node_fuzzer.cc fuzz/replay_main.cc)
target_link_libraries(fuzz_replay PRIVATE glomers_workloads)
foreach(workload IN LISTS GLOMERS_WORKLOAD_BINARIES)
  add_test(NAME fuzz.corpus.${workload}
           COMMAND fuzz_replay ${workload} ${CMAKE_CURRENT_SOURCE_DIR}/fuzz/corpus/${workload})
endforeach()
