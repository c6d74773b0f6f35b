// glomers: the bench's command line (see bench/cli.h).
#include "bench/cli.h"

int main(int argc, char** argv) { return glomers::bench::Main(argc, argv); }
