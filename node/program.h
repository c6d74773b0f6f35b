// Program: the workload-specific part of a node. A program registers its
// handlers on a Node when constructed and owns whatever state they share.
// The same program runs in a binary (RunStdio) and in the simulator, which
// builds one per simulated node.
#ifndef GLOMERS_NODE_PROGRAM_H_
#define GLOMERS_NODE_PROGRAM_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "node/node.h"

namespace glomers {

class Program {
 public:
  virtual ~Program() = default;
};

using ProgramArgs = std::vector<std::string>;

struct ProgramSpec {
  std::string_view name;   // the Maelstrom workload it serves, e.g. "broadcast"
  std::string_view usage;  // its flags, one per line, for --help
  // Builds the program on `node`. Throws std::invalid_argument for bad args.
  std::unique_ptr<Program> (*make)(Node& node, const ProgramArgs& args);
};

}  // namespace glomers

#endif  // GLOMERS_NODE_PROGRAM_H_
