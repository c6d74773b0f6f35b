# Tests of the node runtime (node/) and of the delta replicator. Included by
# the top-level CMakeLists.txt when GLOMERS_TESTS is on.

# Test helpers: a fake Env and an in-process test network.
add_library(glomers_node_testing STATIC
  node/testing/test_network.cc
)
target_link_libraries(glomers_node_testing PUBLIC glomers_node)

add_executable(node_test
  node/fields_test.cc
  node/flags_test.cc
  node/kv_client_test.cc
  node/message_fast_test.cc
  node/message_test.cc
  node/node_test.cc
  node/topology_test.cc
)
target_link_libraries(node_test PRIVATE glomers_node_testing GTest::gtest_main)
glomers_test_driver(node_test)
gtest_discover_tests(node_test TEST_PREFIX "node." DISCOVERY_MODE PRE_TEST)

add_executable(replicator_test
  node/replicator_test.cc
)
target_link_libraries(replicator_test PRIVATE glomers_node_testing GTest::gtest_main)
# Randomized histories: GLOMERS_SEEDS seeds each (50 unless set), fewer under
# the sanitizers (scripts/test.sh).
gtest_discover_tests(replicator_test TEST_PREFIX "replicator." DISCOVERY_MODE PRE_TEST
                     PROPERTIES TIMEOUT 120 LABELS randomized)
glomers_optimised_test_needs(replicator_test)

add_executable(wal_test
  node/durable_test.cc
  node/wal_test.cc
)
target_link_libraries(wal_test PRIVATE glomers_node_testing GTest::gtest_main)
# The kill-semantics test runs GLOMERS_SEEDS seeds (200 unless set); a few
# hundred take well under a second.
gtest_discover_tests(wal_test TEST_PREFIX "wal." DISCOVERY_MODE PRE_TEST)

# Storage in a real process: recovery across restarts of one run, a new run
# starting empty, an unwritable data directory refusing writes.
add_executable(durable_set_node node/testing/durable_set_main.cc)
target_link_libraries(durable_set_node PRIVATE glomers_node)
add_test(NAME node.durable_process
  COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/node/testing/durable_process_test.sh
          $<TARGET_FILE:durable_set_node>)
