// The bench's models of Maelstrom's workloads: for each, the generator of
// client operations, the client that performs them over RPC, and the
// checker of the resulting history, with Maelstrom's semantics (see
// maelstrom/workload/*.clj and jepsen/checker.clj).
//
//   echo        echo {"echo"} -> echo_ok; every reply echoes its request
//   unique-ids  generate -> generate_ok {"id"}; no id returned twice
//   broadcast   broadcast {"message"} / read -> {"messages"}; Jepsen's
//               set-full, with a topology message sent at setup
//   g-set       add {"element"} / read -> {"value"}; set-full
//   g-counter   add {"delta" >= 0} / read -> {"value"}; final reads must be
//               a sum of acknowledged plus possibly-applied adds
//   pn-counter  as g-counter, with negative deltas too
//
// A workload object is used from the bench's one thread.
#ifndef GLOMERS_WORKLOADS_MODELS_H_
#define GLOMERS_WORKLOADS_MODELS_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "bench/options.h"
#include "bench/workload.h"

namespace glomers::workloads {

// The workload names MakeWorkload knows, sorted.
const std::vector<std::string>& ModelNames();

// nullptr for a name not (yet) modelled. Throws std::invalid_argument when
// broadcast is asked for with an unknown options.topology.
std::unique_ptr<bench::Workload> MakeWorkload(std::string_view name,
                                              const bench::TestOptions& options);

}  // namespace glomers::workloads

#endif  // GLOMERS_WORKLOADS_MODELS_H_
