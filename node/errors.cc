#include "node/errors.h"

namespace glomers {

bool IsDefinite(int code) {
  switch (static_cast<ErrorCode>(code)) {
    case ErrorCode::kNodeNotFound:
    case ErrorCode::kNotSupported:
    case ErrorCode::kTemporarilyUnavailable:
    case ErrorCode::kMalformedRequest:
    case ErrorCode::kAbort:
    case ErrorCode::kKeyDoesNotExist:
    case ErrorCode::kKeyAlreadyExists:
    case ErrorCode::kPreconditionFailed:
    case ErrorCode::kTxnConflict:
      return true;
    default:
      return false;
  }
}

std::string_view ErrorName(int code) {
  switch (static_cast<ErrorCode>(code)) {
    case ErrorCode::kTimeout: return "timeout";
    case ErrorCode::kNodeNotFound: return "node-not-found";
    case ErrorCode::kNotSupported: return "not-supported";
    case ErrorCode::kTemporarilyUnavailable: return "temporarily-unavailable";
    case ErrorCode::kMalformedRequest: return "malformed-request";
    case ErrorCode::kCrash: return "crash";
    case ErrorCode::kAbort: return "abort";
    case ErrorCode::kKeyDoesNotExist: return "key-does-not-exist";
    case ErrorCode::kKeyAlreadyExists: return "key-already-exists";
    case ErrorCode::kPreconditionFailed: return "precondition-failed";
    case ErrorCode::kTxnConflict: return "txn-conflict";
  }
  return "unknown";
}

Json Error::ToBody() const {
  return Json{{"type", "error"}, {"code", code}, {"text", text}};
}

std::optional<Error> Error::FromBody(const Json& body) {
  if (!body.is_object()) return std::nullopt;
  auto type = body.find("type");
  if (type == body.end() || *type != "error") return std::nullopt;
  Error e;
  auto code = body.find("code");
  e.code = code != body.end() && code->is_number_integer() ? code->get<int>()
                                                           : static_cast<int>(ErrorCode::kCrash);
  auto text = body.find("text");
  if (text != body.end() && text->is_string()) e.text = text->get<std::string>();
  return e;
}

}  // namespace glomers
