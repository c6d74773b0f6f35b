// The entry point of every workload binary: GLOMERS_WORKLOAD names the
// program this binary runs (set per target in CMakeLists.txt).
#include "node/main_entry.h"

int main(int argc, char** argv) { return glomers::RunWorkload(GLOMERS_WORKLOAD, argc, argv); }
