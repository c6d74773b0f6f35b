#include "node/fields.h"

namespace glomers::fields {
namespace {

[[noreturn]] void Bad(const char* name, const char* expected) {
  throw RpcError(ErrorCode::kMalformedRequest,
                 std::string("field \"") + name + "\" must be " + expected);
}

}  // namespace

const Json& Any(const Json& body, const char* name) {
  auto it = body.find(name);
  if (it == body.end()) Bad(name, "present");
  return *it;
}

std::int64_t Int(const Json& body, const char* name) {
  const Json& v = Any(body, name);
  if (!v.is_number_integer()) Bad(name, "an integer");
  if (v.is_number_unsigned() && v.get<std::uint64_t>() > INT64_MAX) Bad(name, "a 64-bit integer");
  return v.get<std::int64_t>();
}

const std::string& String(const Json& body, const char* name) {
  const Json& v = Any(body, name);
  if (!v.is_string()) Bad(name, "a string");
  return v.get_ref<const std::string&>();
}

const Json& Object(const Json& body, const char* name) {
  const Json& v = Any(body, name);
  if (!v.is_object()) Bad(name, "an object");
  return v;
}

const Json& Array(const Json& body, const char* name) {
  const Json& v = Any(body, name);
  if (!v.is_array()) Bad(name, "an array");
  return v;
}

}  // namespace glomers::fields
