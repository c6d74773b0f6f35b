#include "workloads/echo_checker.h"

namespace glomers::workloads {

using bench::Op;

namespace {
constexpr std::size_t kErrorsShown = 64;
}  // namespace

bench::CheckResult CheckEcho(const bench::History& history) {
  const std::vector<std::int64_t> pairs = history.Pairs();
  std::int64_t echoes = 0;
  std::int64_t error_count = 0;
  Json errors = Json::array();
  for (const Op& invoke : history) {
    if (!invoke.is_invoke() || invoke.f != "echo") continue;
    ++echoes;
    const std::int64_t c = pairs[static_cast<std::size_t>(invoke.index)];
    const Op* completion = c < 0 ? nullptr : &history[static_cast<std::size_t>(c)];
    if (completion != nullptr && completion->is_ok() && completion->value.is_object()) {
      auto echo = completion->value.find("echo");
      if (echo != completion->value.end() && *echo == invoke.value) continue;
    }
    ++error_count;
    if (errors.size() < kErrorsShown) {
      Json e = {{"index", invoke.index},
                {"process", invoke.process},
                {"node", invoke.node},
                {"expected", invoke.value},
                {"received", completion == nullptr ? Json() : completion->value},
                {"type", completion == nullptr ? "none" : bench::OpTypeName(completion->type)}};
      if (completion != nullptr && !completion->error.empty()) e["error"] = completion->error;
      errors.push_back(std::move(e));
    }
  }
  bench::CheckResult result;
  result.valid = error_count == 0 ? bench::Validity::kValid : bench::Validity::kInvalid;
  result.detail = {{"echo_count", echoes}, {"error_count", error_count}, {"errors", errors}};
  return result;
}

}  // namespace glomers::workloads
