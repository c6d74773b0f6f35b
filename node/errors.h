// Maelstrom's error codes, the definite/indefinite distinction, and the
// value types that carry an error through the runtime.
//
// A *definite* error means the operation did not happen and never will; an
// indefinite one means it may have happened. Codes >= 1000 and unknown codes
// are indefinite. Never report a definite error for an operation that may
// have taken effect.
#ifndef GLOMERS_NODE_ERRORS_H_
#define GLOMERS_NODE_ERRORS_H_

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

#include <nlohmann/json.hpp>

namespace glomers {

using Json = nlohmann::json;

enum class ErrorCode : int {
  kTimeout = 0,
  kNodeNotFound = 1,
  kNotSupported = 10,
  kTemporarilyUnavailable = 11,
  kMalformedRequest = 12,
  kCrash = 13,
  kAbort = 14,
  kKeyDoesNotExist = 20,
  kKeyAlreadyExists = 21,
  kPreconditionFailed = 22,
  kTxnConflict = 30,
};

// True for codes that promise the operation did not happen.
bool IsDefinite(int code);
// Maelstrom's name for a code ("timeout", "key-does-not-exist", ...), or
// "unknown".
std::string_view ErrorName(int code);

struct Error {
  int code = static_cast<int>(ErrorCode::kCrash);
  std::string text;

  Error() = default;
  Error(ErrorCode c, std::string t) : code(static_cast<int>(c)), text(std::move(t)) {}
  Error(int c, std::string t) : code(c), text(std::move(t)) {}

  bool is(ErrorCode c) const { return code == static_cast<int>(c); }
  bool definite() const { return IsDefinite(code); }
  // The body of an error reply (without in_reply_to).
  Json ToBody() const;
  // Reads an error reply body; nullopt when `body` is not an error.
  static std::optional<Error> FromBody(const Json& body);
};

// Thrown from a request handler to answer the request with an error. The
// node runtime catches it and replies; the node keeps serving.
class RpcError : public std::runtime_error {
 public:
  RpcError(ErrorCode code, const std::string& text)
      : std::runtime_error(text), error_(code, text) {}
  const Error& error() const { return error_; }

 private:
  Error error_;
};

// A value or an error: the outcome of an RPC or a KV call.
template <class T>
class Result {
 public:
  Result(T value) : v_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Error error) : v_(std::move(error)) {}  // NOLINT
  bool ok() const { return v_.index() == 0; }
  const T& value() const { return std::get<0>(v_); }
  T& value() { return std::get<0>(v_); }
  const Error& error() const { return std::get<1>(v_); }

 private:
  std::variant<T, Error> v_;
};

}  // namespace glomers

#endif  // GLOMERS_NODE_ERRORS_H_
