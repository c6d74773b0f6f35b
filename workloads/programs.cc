#include "workloads/programs.h"

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
