// Run identity: which test run a node process belongs to, so that a node
// restarted within one run finds its data directory and a node of a new run
// never recovers an earlier run's data.
//
// Maelstrom starts every node of a test in one shared working directory and
// its init message carries no run id, but it spawns all of a test's nodes
// (and their restarts) from one JVM. So the parent's pid plus the parent's
// start time (field 22 of /proc/<ppid>/stat, in clock ticks since boot)
// names the run: a pid alone may be reused, the pair is not. An explicit id
// wins: the --run-id flag, else the GLOMERS_RUN_ID environment variable
// (our bench sets it per test, since one bench process runs many tests).
//
// The node's directory is <data-dir>/run-<id>/<node-id>; <data-dir> is the
// --data-dir flag, else GLOMERS_DATA_DIR, else "glomers-data" under the
// working directory.
#ifndef GLOMERS_NODE_RUN_IDENTITY_H_
#define GLOMERS_NODE_RUN_IDENTITY_H_

#include <string>
#include <string_view>

namespace glomers {

// `flag` is the --run-id value, empty if not given.
std::string RunIdentity(std::string_view flag);

// `flag` is the --data-dir value, empty if not given.
std::string NodeDataDir(std::string_view flag, std::string_view run_id, std::string_view node_id);

// "<pid>-<start ticks>" of process `pid`, empty if /proc does not say.
std::string ProcessIdentity(long pid);

}  // namespace glomers

#endif  // GLOMERS_NODE_RUN_IDENTITY_H_
