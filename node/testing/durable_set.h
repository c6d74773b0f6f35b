// A small durable grow-only set program for storage tests: "add" merges an
// element and replies add_ok only once it is durable (error 13, with the
// storage error, when it cannot be); "read" returns the set. Snapshots every
// 256 bytes of log, so tests cross snapshots quickly.
#ifndef GLOMERS_NODE_TESTING_DURABLE_SET_H_
#define GLOMERS_NODE_TESTING_DURABLE_SET_H_

#include <cstdint>
#include <optional>
#include <set>
#include <sstream>
#include <string>

#include "node/durable.h"
#include "node/program.h"

namespace glomers::testing {

using IntSet = std::set<std::int64_t>;

class DurableSet : public Program {
 public:
  explicit DurableSet(Node& node)
      : node_(node),
        durable_(node, "set", &state_,
                 {[](const IntSet& s) {
                    std::string out;
                    for (auto v : s) out += std::to_string(v) + " ";
                    return out;
                  },
                  [](std::string_view b) -> std::optional<IntSet> {
                    IntSet s;
                    std::istringstream in{std::string(b)};
                    std::int64_t v;
                    while (in >> v) s.insert(v);
                    return s;
                  },
                  [](IntSet& into, const IntSet& from) { into.insert(from.begin(), from.end()); }},
                 /*snapshot_bytes=*/256) {
    node.OnInit([this] { durable_.Open(); });
    node.Handle("add", [this](const Message& req) {
      auto v = req.body.at("element").get<std::int64_t>();
      state_.insert(v);
      durable_.Save({v}, [this, req](const IoStatus& s) {
        if (s.ok()) {
          node_.Reply(req, {{"type", "add_ok"}});
        } else {
          node_.ReplyError(req, Error(ErrorCode::kCrash, "not durable: " + s.message()));
        }
      });
    });
    node.Handle("read", [this](const Message& req) {
      node_.Reply(req, {{"type", "read_ok"}, {"value", state_}});
    });
  }

 private:
  Node& node_;
  IntSet state_;
  Durable<IntSet> durable_;
};

inline const ProgramSpec kDurableSetSpec{"durable-set", "",
                        [](Node& node, const ProgramArgs&) -> std::unique_ptr<Program> {
                          return std::make_unique<DurableSet>(node);
                        }};

}  // namespace glomers::testing

#endif  // GLOMERS_NODE_TESTING_DURABLE_SET_H_
