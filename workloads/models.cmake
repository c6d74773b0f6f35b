# The bench's workload models: generators, clients and checkers for echo,
# unique-ids, broadcast, g-set, g-counter, pn-counter, kafka and
# txn-rw-register.
add_library(glomers_workload_models STATIC
  workloads/counter_checker.cc
  workloads/counter_model.cc
  workloads/echo_checker.cc
  workloads/echo_model.cc
  workloads/interval_set.cc
  workloads/json_hash.cc
  workloads/kafka_checker.cc
  workloads/kafka_model.cc
  workloads/model_support.cc
  workloads/models.cc
  workloads/set_full_checker.cc
  workloads/set_model.cc
  workloads/txn_checker.cc
  workloads/txn_model.cc
  workloads/unique_ids_checker.cc
  workloads/unique_ids_model.cc
)
target_link_libraries(glomers_workload_models PUBLIC glomers_bench_core)

if(GLOMERS_TESTS)
  add_executable(glomers_models_test
    workloads/counter_checker_test.cc
    workloads/echo_checker_test.cc
    workloads/interval_set_test.cc
    workloads/json_hash_test.cc
    workloads/kafka_checker_test.cc
    workloads/models_test.cc
    workloads/set_full_checker_test.cc
    workloads/txn_checker_test.cc
    workloads/unique_ids_checker_test.cc
  )
  target_link_libraries(glomers_models_test PRIVATE glomers_workload_models GTest::gtest_main)
  glomers_test_driver(glomers_models_test)
  gtest_discover_tests(glomers_models_test)
endif()
