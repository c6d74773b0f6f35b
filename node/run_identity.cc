#include "node/run_identity.h"

#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

namespace glomers {

std::string ProcessIdentity(long pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  // The command name (field 2) is in parentheses and may hold spaces; the
  // fields after the last ')' are plain.
  std::size_t close = stat.rfind(')');
  if (close == std::string::npos) return "";
  std::istringstream rest(stat.substr(close + 1));
  std::string field;
  // After ')' come fields 3.. ; start time is field 22, the 20th of them.
  for (int i = 3; i <= 22; ++i) {
    if (!(rest >> field)) return "";
  }
  return std::to_string(pid) + "-" + field;
}

std::string RunIdentity(std::string_view flag) {
  if (!flag.empty()) return std::string(flag);
  if (const char* env = std::getenv("GLOMERS_RUN_ID"); env != nullptr && *env != '\0') return env;
  std::string parent = ProcessIdentity(static_cast<long>(::getppid()));
  return parent.empty() ? "ppid-" + std::to_string(::getppid()) : parent;
}

std::string NodeDataDir(std::string_view flag, std::string_view run_id, std::string_view node_id) {
  std::string base(flag);
  if (base.empty()) {
    const char* env = std::getenv("GLOMERS_DATA_DIR");
    base = env != nullptr && *env != '\0' ? env : "glomers-data";
  }
  return base + "/run-" + std::string(run_id) + "/" + std::string(node_id);
}

}  // namespace glomers
