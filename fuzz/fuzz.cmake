# The libFuzzer target: fuzz/node_fuzzer.cc, one binary for every workload,
# which it takes from GLOMERS_FUZZ_WORKLOAD. Included by the top-level
# CMakeLists.txt when GLOMERS_FUZZ is on (clang only); scripts/fuzz.sh builds
# and runs it, and so does scripts/test.sh, briefly, through the tests below.
#
# The node and workload libraries get coverage instrumentation and the
# sanitizers; whatever links them links the sanitizer runtimes.
set(GLOMERS_FUZZ_SANITIZERS -fsanitize=address,undefined -fno-sanitize-recover=undefined)
foreach(lib glomers_node glomers_workloads)
  target_compile_options(${lib} PRIVATE -g1 -fno-omit-frame-pointer
                         -fsanitize=fuzzer-no-link ${GLOMERS_FUZZ_SANITIZERS})
  target_link_options(${lib} INTERFACE ${GLOMERS_FUZZ_SANITIZERS})
endforeach()

add_executable(fuzz_node fuzz/node_fuzzer.cc)
target_compile_options(fuzz_node PRIVATE -g1 -fno-omit-frame-pointer
                       -fsanitize=fuzzer ${GLOMERS_FUZZ_SANITIZERS})
target_link_options(fuzz_node PRIVATE -fsanitize=fuzzer)
target_link_libraries(fuzz_node PRIVATE glomers_workloads)
add_custom_target(fuzzers DEPENDS fuzz_node)

# fuzz.run.<workload>: GLOMERS_FUZZ_SECONDS of fuzzing each, from the seeds;
# what it learns goes to corpus/<workload> in the build directory, crash
# inputs to artifacts/<workload>. A crash, leak, UB report or hang fails it.
set(GLOMERS_FUZZ_SECONDS 8 CACHE STRING "Seconds of fuzzing per workload in fuzz.run.* tests")
enable_testing()
foreach(workload IN LISTS GLOMERS_WORKLOAD_BINARIES)
  set(learned ${CMAKE_BINARY_DIR}/corpus/${workload})
  set(artifacts ${CMAKE_BINARY_DIR}/artifacts/${workload})
  file(MAKE_DIRECTORY ${learned} ${artifacts})
  add_test(NAME fuzz.run.${workload}
    COMMAND fuzz_node ${learned} ${CMAKE_CURRENT_SOURCE_DIR}/fuzz/corpus/${workload}
            -dict=${CMAKE_CURRENT_SOURCE_DIR}/fuzz/maelstrom.dict
            -max_total_time=${GLOMERS_FUZZ_SECONDS} -timeout=10 -rss_limit_mb=2048
            -max_len=4096 -print_final_stats=1 -artifact_prefix=${artifacts}/)
  set_tests_properties(fuzz.run.${workload} PROPERTIES
    ENVIRONMENT "GLOMERS_FUZZ_WORKLOAD=${workload};ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1;UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1"
    TIMEOUT 120)
endforeach()
