# Process-level tests of every workload binary: each test starts the real
# executables as child processes and speaks Maelstrom's protocol over their
# pipes. Included by the top-level CMakeLists.txt when GLOMERS_TESTS is on.

add_library(glomers_workloads_testing STATIC
  workloads/testing/child_process.cc
  workloads/testing/node_process.cc
)
target_link_libraries(glomers_workloads_testing PUBLIC glomers_node)

add_executable(workloads_process_test
  workloads/bad_input_test.cc
  workloads/process_test.cc
)
target_link_libraries(workloads_process_test PRIVATE glomers_workloads_testing GTest::gtest_main)
glomers_test_driver(workloads_process_test)
add_dependencies(workloads_process_test ${GLOMERS_WORKLOAD_BINARIES})
target_compile_definitions(workloads_process_test PRIVATE
  GLOMERS_BIN_ECHO="$<TARGET_FILE:echo>"
  GLOMERS_BIN_UNIQUE_IDS="$<TARGET_FILE:unique-ids>"
  GLOMERS_BIN_BROADCAST="$<TARGET_FILE:broadcast>"
  GLOMERS_BIN_G_SET="$<TARGET_FILE:g-set>"
  GLOMERS_BIN_G_COUNTER="$<TARGET_FILE:g-counter>"
  GLOMERS_BIN_PN_COUNTER="$<TARGET_FILE:pn-counter>"
  GLOMERS_BIN_KAFKA="$<TARGET_FILE:kafka>"
  GLOMERS_BIN_TXN_RW_REGISTER="$<TARGET_FILE:txn-rw-register>"
)
gtest_discover_tests(workloads_process_test TEST_PREFIX "process." DISCOVERY_MODE PRE_TEST
                     PROPERTIES TIMEOUT 60)
