# Maelstrom's services (lin-kv, seq-kv, lww-kv, lin-tso), hosted by the bench
# as nodes of its network.
add_library(glomers_bench_services STATIC bench/services.cc)
target_link_libraries(glomers_bench_services PUBLIC glomers_bench_core)

if(GLOMERS_TESTS)
  add_executable(glomers_services_test bench/services_test.cc)
  target_link_libraries(glomers_services_test PRIVATE glomers_bench_services GTest::gtest_main)
  glomers_test_driver(glomers_services_test)
  gtest_discover_tests(glomers_services_test)
endif()
