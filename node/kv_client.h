// KvClient: a client for Maelstrom's key-value services (seq-kv, lin-kv,
// lww-kv). Each call sends one request and runs its callback once, with the
// result or an Error whose code tells what happened:
//   key-does-not-exist (20)   read or cas of a missing key
//   precondition-failed (22)  cas whose `from` did not match
//   timeout (0)               no answer within the client's timeout; the
//                             operation may still have happened
#ifndef GLOMERS_NODE_KV_CLIENT_H_
#define GLOMERS_NODE_KV_CLIENT_H_

#include <functional>
#include <string>
#include <utility>

#include "node/node.h"

namespace glomers {

struct Done {};  // the value of a successful write or cas

class KvClient {
 public:
  static constexpr const char* kSeqKv = "seq-kv";
  static constexpr const char* kLinKv = "lin-kv";
  static constexpr const char* kLwwKv = "lww-kv";

  KvClient(Node& node, std::string service, Micros timeout = 1s)
      : node_(node), service_(std::move(service)), timeout_(timeout) {}

  void Read(const Json& key, std::function<void(const Result<Json>&)> done);
  void Write(const Json& key, const Json& value, std::function<void(const Result<Done>&)> done);
  void Cas(const Json& key, const Json& from, const Json& to, bool create_if_not_exists,
           std::function<void(const Result<Done>&)> done);

  const std::string& service() const { return service_; }

 private:
  Node& node_;
  std::string service_;
  Micros timeout_;
};

}  // namespace glomers

#endif  // GLOMERS_NODE_KV_CLIENT_H_
