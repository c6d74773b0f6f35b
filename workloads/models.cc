#include "workloads/models.h"

#include "workloads/model_support.h"

namespace glomers::workloads {

const std::vector<std::string>& ModelNames() {
  static const std::vector<std::string> names = {"broadcast", "echo",       "g-counter", "g-set",
                                                 "kafka",     "pn-counter", "txn-rw-register",
                                                 "unique-ids"};
  return names;
}

std::unique_ptr<bench::Workload> MakeWorkload(std::string_view name,
                                              const bench::TestOptions& options) {
  if (name == "echo") return NewEchoWorkload();
  if (name == "unique-ids") return NewUniqueIdsWorkload();
  if (name == "broadcast") return NewBroadcastWorkload(options);
  if (name == "g-set") return NewGSetWorkload(options);
  if (name == "g-counter") return NewGCounterWorkload(options);
  if (name == "pn-counter") return NewPNCounterWorkload(options);
  if (name == "kafka") return NewKafkaWorkload(options);
  if (name == "txn-rw-register") return NewTxnWorkload(options);
  return nullptr;
}

}  // namespace glomers::workloads
