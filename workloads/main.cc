// The entry point of every workload binary: GLOMERS_WORKLOAD names the
// program this binary runs (set per target in CMakeLists.txt).
#include <cstdio>

#include "node/stdio_runtime.h"
#include "workloads/programs.h"

int main(int argc, char** argv) {
  const glomers::ProgramSpec* spec = glomers::workloads::FindProgram(GLOMERS_WORKLOAD);
  if (spec == nullptr) {
    std::fprintf(stderr, "no program for workload %s\n", GLOMERS_WORKLOAD);
    return 2;
  }
  return glomers::RunStdio(argc, argv, *spec);
}
