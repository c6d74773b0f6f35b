// The stdio runtime: runs one program on a Node, reading messages from stdin
// and writing them to stdout, one line each, with timers on the real clock.
//
// Single-threaded. Output is buffered and written whenever the node would
// otherwise wait (input drained, or before sleeping until a timer), so no
// message waits on a flush and a burst of input costs one write. Logs go to
// stderr only. Returns 0 when stdin closes, 2 for bad flags.
#ifndef GLOMERS_NODE_STDIO_RUNTIME_H_
#define GLOMERS_NODE_STDIO_RUNTIME_H_

#include "node/program.h"

namespace glomers {

int RunStdio(int argc, char** argv, const ProgramSpec& spec);

// RunStdio for a program found by name: `spec` may be null (no program of
// that name), which says so on stderr and returns 2.
int RunStdioFound(int argc, char** argv, const ProgramSpec* spec, const char* name);

}  // namespace glomers

#endif  // GLOMERS_NODE_STDIO_RUNTIME_H_
