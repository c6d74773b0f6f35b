// NodeHost: how the bench runs the nodes under test and how time passes.
//
// Two implementations: ProcessHost (bench/process_host.h) starts node
// programs as child processes and runs on the real clock; SimHost
// (bench/sim_host.h) builds our own node programs in-process and runs on a
// virtual clock. Everything else in the bench (network, services, clients,
// nemesis, checkers, reports) is shared and talks to nodes only through
// this interface.
//
// Nodes report what they print through a HostSink, only from within
// WaitUntil() or Deliver(), on the bench's single thread.
#ifndef GLOMERS_BENCH_HOST_H_
#define GLOMERS_BENCH_HOST_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "node/message.h"

namespace glomers::bench {

class HostSink {
 public:
  virtual ~HostSink() = default;
  // A well-formed message a node printed.
  virtual void OnNodeMessage(const std::string& node, Message msg) = 0;
  // A line on a node's stdout that is not a protocol message.
  virtual void OnNodeGarbage(const std::string& node, std::string_view line,
                             std::string_view why) = 0;
  // A node ended without being asked to (not killed by the nemesis, not
  // shut down). `how` says how ("exit status 1", "signal 11", ...).
  virtual void OnNodeExit(const std::string& node, std::string_view how) = 0;
};

class NodeHost {
 public:
  virtual ~NodeHost() = default;
  void set_sink(HostSink* sink) { sink_ = sink; }

  // Starts a fresh instance of node `id` (its memory empty). False, with a
  // reason in *error, when it cannot be started.
  virtual bool Start(const std::string& id, std::string* error) = 0;
  // Hands `msg` to node `id`; dropped when the node is not running. A
  // paused node receives it when resumed.
  virtual void Deliver(const std::string& id, const Message& msg) = 0;
  // Ends node `id` abruptly; its memory is lost.
  virtual void Kill(const std::string& id) = 0;
  virtual void Pause(const std::string& id) = 0;
  virtual void Resume(const std::string& id) = 0;
  virtual bool Running(const std::string& id) const = 0;

  // Nanoseconds since the host was created.
  virtual std::int64_t Now() = 0;
  // Lets time pass until `deadline` (ns) or until a node produces output,
  // whichever comes first. May return early; never blocks past deadline.
  virtual void WaitUntil(std::int64_t deadline) = 0;
  // Stops every node; no node outlives this call.
  virtual void Shutdown() = 0;

  // Where each node's log (stderr) went, for the report.
  virtual std::string LogPath(const std::string& id) const = 0;
  // True when time is virtual (no wall-clock waits, reproducible).
  virtual bool virtual_time() const = 0;

 protected:
  HostSink* sink_ = nullptr;
};

}  // namespace glomers::bench

#endif  // GLOMERS_BENCH_HOST_H_
