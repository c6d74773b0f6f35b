// Where the workload binaries under test are, as CMake passes them to the
// process tests (workloads/process_tests.cmake).
#ifndef GLOMERS_WORKLOADS_TESTING_BINARIES_H_
#define GLOMERS_WORKLOADS_TESTING_BINARIES_H_

#include <string>
#include <vector>

namespace glomers::testing {

struct Binary {
  std::string name;  // the Maelstrom workload, e.g. "g-counter"
  std::string path;
};

inline const std::vector<Binary>& AllBinaries() {
  static const std::vector<Binary> all = {
      {"echo", GLOMERS_BIN_ECHO},           {"unique-ids", GLOMERS_BIN_UNIQUE_IDS},
      {"broadcast", GLOMERS_BIN_BROADCAST}, {"g-set", GLOMERS_BIN_G_SET},
      {"g-counter", GLOMERS_BIN_G_COUNTER}, {"pn-counter", GLOMERS_BIN_PN_COUNTER},
      {"kafka", GLOMERS_BIN_KAFKA},         {"txn-rw-register", GLOMERS_BIN_TXN_RW_REGISTER},
  };
  return all;
}

inline std::string BinaryPath(const std::string& name) {
  for (const Binary& b : AllBinaries()) {
    if (b.name == name) return b.path;
  }
  return "";
}

}  // namespace glomers::testing

#endif  // GLOMERS_WORKLOADS_TESTING_BINARIES_H_
