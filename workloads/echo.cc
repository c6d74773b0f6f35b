// echo: answers every `echo` with `echo_ok` carrying the same payload.
#include <utility>

#include "node/fields.h"
#include "node/flags.h"
#include "workloads/programs.h"

namespace glomers::workloads {
namespace {

class Echo : public Program {
 public:
  explicit Echo(Node& node) {
    node.Handle("echo", [&node](const Message& req) {
      // Built member by member: an initializer list would copy each value.
      Json body(Json::value_t::object);
      body["echo"] = fields::Any(req.body, "echo");
      body["type"] = "echo_ok";
      node.Reply(req, std::move(body));
    });
  }
};

std::unique_ptr<Program> MakeEcho(Node& node, const ProgramArgs& args) {
  Flags(args).Finish();
  return std::make_unique<Echo>(node);
}

}  // namespace

const ProgramSpec kEcho = {"echo", "", &MakeEcho};

}  // namespace glomers::workloads
