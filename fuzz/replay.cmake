# The fuzz target replayed over its seed corpus, one ctest test per workload,
# in whatever build the tests run (no libFuzzer needed): the sanitizer build
# of scripts/test.sh runs them once. Included when GLOMERS_TESTS is on.
foreach(workload IN LISTS GLOMERS_WORKLOAD_BINARIES)
  add_executable(fuzz_replay_${workload} fuzz/node_fuzzer.cc fuzz/replay_main.cc)
  target_compile_definitions(fuzz_replay_${workload} PRIVATE GLOMERS_WORKLOAD="${workload}")
  target_link_libraries(fuzz_replay_${workload} PRIVATE glomers_workloads)
  add_test(NAME fuzz.corpus.${workload}
           COMMAND fuzz_replay_${workload} ${CMAKE_CURRENT_SOURCE_DIR}/fuzz/corpus/${workload})
endforeach()
