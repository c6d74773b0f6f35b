// The durable set test program as a stdio node, for process-level storage
// tests (node/testing/durable_process_test.sh).
#include "node/stdio_runtime.h"
#include "node/testing/durable_set.h"

int main(int argc, char** argv) {
  return glomers::RunStdio(argc, argv, glomers::testing::kDurableSetSpec);
}
