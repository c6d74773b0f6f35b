// A libFuzzer target: arbitrary bytes, line by line, through message decoding
// and dispatch of one workload's node, named by the environment's
// GLOMERS_FUZZ_WORKLOAD (set by scripts/fuzz.sh, the fuzz.run.* tests, and
// the corpus replay, fuzz/replay_main.cc).
//
// The first byte picks the program's flags (see kFlagSets) and how far the
// fake clock moves after each line; the rest is input lines, as the stdio
// runtime would hand them to Node::ReceiveLine. Time advances between lines
// and for a while after the last one, so that ticks, retransmits and RPC
// timeouts all fire. Everything the node emits is encoded as the runtime
// would write it.
//
// Both fast paths of node/message.h are checked against nlohmann on the way:
// a line the common-shape decoder takes must decode exactly as the full
// parser decodes it, and every emitted body must be written byte for byte
// as dump() writes it; a difference aborts.
//
// With GLOMERS_FUZZ_PRINT set in the environment, emitted messages and log
// lines go to stderr: run the binary on one input to see what it did.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "node/message.h"
#include "node/node.h"
#include "node/program.h"
#include "node/testing/fake_env.h"
#include "node/testing/same_json.h"
#include "workloads/programs.h"

namespace {

using glomers::Micros;
using namespace std::chrono_literals;

// Flag sets tried for every workload; a set the program rejects leaves the
// input unused (each program reads only its own flags).
const std::vector<glomers::ProgramArgs> kFlagSets = {
    {},
    {"--preset", "latency"},
    {"--preset", "messages"},
    {"--topology", "maelstrom"},
    {"--topology", "tree", "--full-state", "true"},
    {"--store", "lin-kv"},
    {"--eager", "true", "--forward", "10ms", "--align", "true"},
    {"--sync-interval", "1ms", "--retransmit", "5ms", "--ack-delay", "2ms"},
};

// How far the clock moves after each line, by the first byte's high bits.
constexpr Micros kSteps[] = {0ms, 1ms, 30ms, 200ms};

// After the last line: long enough for every RPC timeout (1 s) and
// retransmit (4 s) to fire at least once.
constexpr Micros kDrainStep = 250ms;
constexpr int kDrainSteps = 40;

const bool kPrint = std::getenv("GLOMERS_FUZZ_PRINT") != nullptr;

class FuzzEnv : public glomers::testing::FakeEnv {
 public:
  void Emit(const glomers::Message& msg) override {
    // Everything the node sends must be a message the runtime can write.
    if (!msg.body.is_object() || msg.body.find("type") == msg.body.end()) std::abort();
    out_.clear();
    glomers::AppendJson(msg.body, &out_);
    if (out_ != msg.body.dump(-1, ' ', false, glomers::Json::error_handler_t::replace)) std::abort();
    out_.clear();
    glomers::AppendMessageLine(msg, &out_);
    if (kPrint) std::fprintf(stderr, "out: %s", out_.c_str());
  }
  void Log(std::string_view line) override {
    if (kPrint) std::fprintf(stderr, "log: %.*s\n", static_cast<int>(line.size()), line.data());
  }

 private:
  std::string out_;
};

const char* WorkloadName() {
  const char* name = std::getenv("GLOMERS_FUZZ_WORKLOAD");
  return name != nullptr ? name : "";
}

// The common-shape decoder either leaves the line to the full parser or
// decodes it as the full parser does.
void CheckFastDecoder(std::string_view line) {
  glomers::Message fast;
  if (!glomers::ParseCommonMessage(line, &fast)) return;
  glomers::Result<glomers::Message> full = glomers::ParseMessageFull(line);
  if (!full.ok() || fast.src != full.value().src || fast.dest != full.value().dest ||
      !glomers::testing::SameJson(fast.body, full.value().body)) {
    std::abort();
  }
}

void Step(FuzzEnv& env, glomers::Node& node, Micros by) {
  env.Advance(by);
  node.RunTimers();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const glomers::ProgramSpec* spec = glomers::workloads::FindProgram(WorkloadName());
  if (spec == nullptr) std::abort();  // no such workload: nothing would be tested
  if (size == 0) return 0;
  const std::uint8_t selector = data[0];
  std::string_view input(reinterpret_cast<const char*>(data) + 1, size - 1);

  FuzzEnv env;
  glomers::Node node(env);
  std::unique_ptr<glomers::Program> program;
  try {
    program = spec->make(node, kFlagSets[selector % kFlagSets.size()]);
  } catch (const std::invalid_argument&) {
    return -1;  // flags this program does not take: not worth keeping
  }
  const Micros step = kSteps[(selector >> 6) & 3];

  while (!input.empty()) {
    const std::size_t nl = input.find('\n');
    const std::string_view line = input.substr(0, nl);
    if (!line.empty()) {
      CheckFastDecoder(line);
      node.ReceiveLine(line);
    }
    Step(env, node, step);
    if (nl == std::string_view::npos) break;
    input.remove_prefix(nl + 1);
  }
  for (int i = 0; i < kDrainSteps; ++i) Step(env, node, kDrainStep);
  return 0;
}
