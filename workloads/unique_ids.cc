// unique-ids: globally unique, roughly time-ordered 63-bit integers with no
// coordination, so generation stays available under any partition.
//
// Layout (most significant first): 41 bits of milliseconds since
// 2024-01-01 UTC, 10 bits of node index (position in init's node_ids), 12
// bits of sequence within the millisecond. Distinct nodes differ in the
// index bits; one node never repeats a (millisecond, sequence) pair because
// the millisecond it stamps never goes backwards, even if the wall clock
// does, and when 4096 ids were taken in one millisecond it borrows the next.
// A restarted node resumes at the wall clock, which is past anything its
// earlier life stamped unless that life borrowed ahead of the clock.
// Clusters of more than 1024 nodes get string ids "<node>-<ms>-<seq>".
#include <algorithm>
#include <cstdint>
#include <string>

#include "node/flags.h"
#include "workloads/programs.h"

namespace glomers::workloads {
namespace {

constexpr std::int64_t kEpochMs = 1704067200000;  // 2024-01-01T00:00:00Z
constexpr int kSeqBits = 12;
constexpr int kNodeBits = 10;

class UniqueIds : public Program {
 public:
  explicit UniqueIds(Node& node) : node_(node) {
    node.Handle("generate", [this](const Message& req) {
      node_.Reply(req, {{"type", "generate_ok"}, {"id", Next()}});
    });
  }

 private:
  Json Next() {
    const std::int64_t wall_ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(node_.env().WallNow()).count() -
        kEpochMs;
    if (wall_ms > ms_) {
      ms_ = wall_ms;
      seq_ = 0;
    } else if (++seq_ >= (1 << kSeqBits)) {
      ++ms_;
      seq_ = 0;
    }
    if (node_.index() >= (std::size_t{1} << kNodeBits)) {
      return node_.id() + "-" + std::to_string(ms_) + "-" + std::to_string(seq_);
    }
    const std::int64_t ms = std::max<std::int64_t>(ms_, 0);
    return (ms << (kNodeBits + kSeqBits)) |
           (static_cast<std::int64_t>(node_.index()) << kSeqBits) | seq_;
  }

  Node& node_;
  std::int64_t ms_ = -1;
  std::int64_t seq_ = 0;
};

std::unique_ptr<Program> MakeUniqueIds(Node& node, const ProgramArgs& args) {
  Flags(args).Finish();
  return std::make_unique<UniqueIds>(node);
}

}  // namespace

const ProgramSpec kUniqueIds = {"unique-ids", "", &MakeUniqueIds};

}  // namespace glomers::workloads
