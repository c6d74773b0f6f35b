# libFuzzer targets, one per workload binary: fuzz/node_fuzzer.cc built with
# GLOMERS_WORKLOAD set. Included by the top-level CMakeLists.txt when
# GLOMERS_FUZZ is on (clang only); scripts/fuzz.sh builds and runs them.
#
# The node and workload libraries get coverage instrumentation and the
# sanitizers; whatever links them links the sanitizer runtimes.
set(GLOMERS_FUZZ_SANITIZERS -fsanitize=address,undefined -fno-sanitize-recover=undefined)
foreach(lib glomers_node glomers_workloads)
  target_compile_options(${lib} PRIVATE -g1 -fno-omit-frame-pointer
                         -fsanitize=fuzzer-no-link ${GLOMERS_FUZZ_SANITIZERS})
  target_link_options(${lib} INTERFACE ${GLOMERS_FUZZ_SANITIZERS})
endforeach()

set(GLOMERS_FUZZ_TARGETS "")
foreach(workload IN LISTS GLOMERS_WORKLOAD_BINARIES)
  set(target fuzz_${workload})
  add_executable(${target} fuzz/node_fuzzer.cc)
  target_compile_definitions(${target} PRIVATE GLOMERS_WORKLOAD="${workload}")
  target_compile_options(${target} PRIVATE -g1 -fno-omit-frame-pointer
                         -fsanitize=fuzzer ${GLOMERS_FUZZ_SANITIZERS})
  target_link_options(${target} PRIVATE -fsanitize=fuzzer)
  target_link_libraries(${target} PRIVATE glomers_workloads)
  list(APPEND GLOMERS_FUZZ_TARGETS ${target})
endforeach()
add_custom_target(fuzzers DEPENDS ${GLOMERS_FUZZ_TARGETS})
