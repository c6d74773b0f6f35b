// baseline_node: a Maelstrom node for echo and broadcast written the common
// way, as the yardstick of node_throughput: std::getline on std::cin, one
// nlohmann::json parse per line, a reply built as JSON and printed with
// `std::cout << reply.dump() << std::endl`. Serves init, echo, broadcast,
// read and topology on a single node (it never gossips).
#include <cstdint>
#include <iostream>
#include <set>
#include <string>

#include <nlohmann/json.hpp>

using json = nlohmann::json;

int main() {
  std::string node_id;
  std::set<json> messages;
  std::string line;
  while (std::getline(std::cin, line)) {
    json msg = json::parse(line, nullptr, /*allow_exceptions=*/false);
    if (!msg.is_object() || !msg.contains("body")) continue;
    const json& body = msg["body"];
    const std::string type = body.value("type", "");
    json reply_body;
    if (type == "init") {
      node_id = body["node_id"].get<std::string>();
      reply_body = {{"type", "init_ok"}};
    } else if (type == "echo") {
      reply_body = {{"type", "echo_ok"}, {"echo", body["echo"]}};
    } else if (type == "broadcast") {
      messages.insert(body["message"]);
      reply_body = {{"type", "broadcast_ok"}};
    } else if (type == "read") {
      reply_body = {{"type", "read_ok"}, {"messages", messages}};
    } else if (type == "topology") {
      reply_body = {{"type", "topology_ok"}};
    } else {
      reply_body = {{"type", "error"}, {"code", 10}, {"text", "not supported: " + type}};
    }
    if (!body.contains("msg_id")) continue;
    reply_body["in_reply_to"] = body["msg_id"];
    json reply = {{"src", node_id}, {"dest", msg["src"]}, {"body", reply_body}};
    std::cout << reply.dump() << std::endl;
  }
  return 0;
}
