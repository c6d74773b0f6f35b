// Strict access to the fields of a request body. Each accessor throws
// RpcError(malformed-request) naming the field when it is missing or of the
// wrong type, so a handler that reads its fields first can never act on a
// malformed request: the node runtime turns the throw into an error 12 reply.
#ifndef GLOMERS_NODE_FIELDS_H_
#define GLOMERS_NODE_FIELDS_H_

#include <cstdint>
#include <string>

#include "node/errors.h"

namespace glomers::fields {

// Any JSON value, including null.
const Json& Any(const Json& body, const char* name);
// A JSON integer that fits in int64 (not a float, not a numeric string).
std::int64_t Int(const Json& body, const char* name);
const std::string& String(const Json& body, const char* name);
const Json& Object(const Json& body, const char* name);
const Json& Array(const Json& body, const char* name);

}  // namespace glomers::fields

#endif  // GLOMERS_NODE_FIELDS_H_
