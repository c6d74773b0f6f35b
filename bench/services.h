// Maelstrom's built-in services, hosted by the bench as nodes of the
// network: each takes a request body and returns the reply body (the bench
// adds in_reply_to and routes it back through the network).
//
//   lin-kv   linearizable key-value store: read, write, cas
//            (create_if_not_exists); errors 20 (missing key), 22 (cas
//            mismatch)
//   seq-kv   sequentially consistent: a read may see any of the last 32
//            states at or after the last one this client saw; updates
//            apply to the newest state
//   lww-kv   two replicas with Lamport-stamped last-write-wins values,
//            merged at random: reads may be stale and writes may be lost
//   lin-tso  timestamp oracle: ts -> ts_ok {ts} counting up from 0
// Unknown request types get error 10; malformed requests error 12.
//
// Random choices come from the seed, so the simulator stays deterministic.
#ifndef GLOMERS_BENCH_SERVICES_H_
#define GLOMERS_BENCH_SERVICES_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "node/message.h"

namespace glomers::bench {

class Service {
 public:
  virtual ~Service() = default;
  virtual Json Handle(const Message& request) = 0;
};

// The service names the bench hosts.
const std::vector<std::string>& ServiceNames();
// nullptr for an unknown name.
std::unique_ptr<Service> MakeService(std::string_view name, std::uint64_t seed);

}  // namespace glomers::bench

#endif  // GLOMERS_BENCH_SERVICES_H_
