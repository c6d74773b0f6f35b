// The node programs, one per Maelstrom workload, by workload name. Each
// binary in build/bin runs one of them (workloads/main.cc); the simulator
// builds them in-process.
#ifndef GLOMERS_WORKLOADS_PROGRAMS_H_
#define GLOMERS_WORKLOADS_PROGRAMS_H_

#include <string_view>
#include <vector>

#include "node/program.h"

namespace glomers::workloads {

const std::vector<ProgramSpec>& AllPrograms();
// nullptr when no program serves `workload`.
const ProgramSpec* FindProgram(std::string_view workload);

// One per file in workloads/.
extern const ProgramSpec kEcho;
extern const ProgramSpec kUniqueIds;
extern const ProgramSpec kBroadcast;
extern const ProgramSpec kGSet;
extern const ProgramSpec kGCounter;
extern const ProgramSpec kPNCounter;
extern const ProgramSpec kKafka;
extern const ProgramSpec kTxnRwRegister;

}  // namespace glomers::workloads

#endif  // GLOMERS_WORKLOADS_PROGRAMS_H_
