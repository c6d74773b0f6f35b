// Env: every contact a node has with the outside world. A node never reads a
// clock, writes a file descriptor or draws entropy except through its Env,
// so the same node code runs under the stdio runtime (real time, pipes) and
// under the deterministic simulator (virtual time, in-process network).
//
// Implementations need not be thread-safe: a node and its Env live on one
// thread.
#ifndef GLOMERS_NODE_ENV_H_
#define GLOMERS_NODE_ENV_H_

#include <chrono>
#include <cstdint>
#include <string_view>

namespace glomers {

struct Message;
class FileSystem;

using Micros = std::chrono::microseconds;
using namespace std::chrono_literals;  // NOLINT: 100ms etc. read best at call sites

class Env {
 public:
  virtual ~Env() = default;
  // Monotonic time since an epoch fixed for the node's life. Timers use it.
  virtual Micros Now() = 0;
  // Time since the Unix epoch, for values people read (roughly time-ordered
  // ids). May jump; never use it for timers.
  virtual Micros WallNow() = 0;
  // Takes one outgoing message. The node is done with `msg` on return.
  virtual void Emit(const Message& msg) = 0;
  // One diagnostic line, without its trailing newline.
  virtual void Log(std::string_view line) = 0;
  // A seed for the node's random choices.
  virtual std::uint64_t Seed() = 0;
  // The node's durable storage (its data directory), or null when the node
  // runs without one; it then keeps state in memory only, as before storage
  // existed. Owned by the Env's host and outlives the node.
  virtual FileSystem* Files() { return nullptr; }
};

}  // namespace glomers

#endif  // GLOMERS_NODE_ENV_H_
