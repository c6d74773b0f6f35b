// What a node binary's main() calls: run the named program (a workload, or a
// fixture) on stdin and stdout. Kept free of the heavy headers, so that each
// of the many binaries compiles its one-line main() in a moment.
#ifndef GLOMERS_NODE_MAIN_ENTRY_H_
#define GLOMERS_NODE_MAIN_ENTRY_H_

namespace glomers {

// Exit status of the run; 2, with a line on stderr, when no program has
// that name. RunWorkload is in workloads/programs.cc, RunFixture in
// fixtures/fixtures.cc.
int RunWorkload(const char* name, int argc, char** argv);
int RunFixture(const char* name, int argc, char** argv);

}  // namespace glomers

#endif  // GLOMERS_NODE_MAIN_ENTRY_H_
