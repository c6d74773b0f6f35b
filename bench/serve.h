// `glomers serve`: a small HTTP server for browsing a store directory. It
// listens on 127.0.0.1 only, serves one request at a time (each connection
// closes after its answer), and answers GET and HEAD:
//
//   /                the runs, newest first: workload, verdict, time, and
//                    links to each run's report.html (or a suite's
//                    scoreboard.html)
//   /<path>          a file under the store; a directory gets a listing
//
// A path with a ".." segment, or one that resolves (through symlinks)
// outside the store, is refused with 403.
#ifndef GLOMERS_BENCH_SERVE_H_
#define GLOMERS_BENCH_SERVE_H_

#include <string>

namespace glomers::bench {

// Serves `store` on 127.0.0.1:`port` (0: any free port) until the process is
// stopped, printing the URL it listens on to stdout first. Returns 2 if it
// cannot listen.
int Serve(const std::string& store, int port);

}  // namespace glomers::bench

#endif  // GLOMERS_BENCH_SERVE_H_
