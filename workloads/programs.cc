#include "workloads/programs.h"

#include "node/main_entry.h"
#include "node/stdio_runtime.h"

namespace glomers::workloads {

const std::vector<ProgramSpec>& AllPrograms() {
  static const std::vector<ProgramSpec> all = {kEcho,     kUniqueIds, kBroadcast,
                                               kGSet,     kGCounter,  kPNCounter, kKafka,
                                               kTxnRwRegister};
  return all;
}

const ProgramSpec* FindProgram(std::string_view workload) {
  for (const ProgramSpec& spec : AllPrograms()) {
    if (spec.name == workload) return &spec;
  }
  return nullptr;
}

}  // namespace glomers::workloads

namespace glomers {

int RunWorkload(const char* name, int argc, char** argv) {
  return RunStdioFound(argc, argv, workloads::FindProgram(name), name);
}

}  // namespace glomers
