#include "engine/base/status.h"

namespace tsdb {

const char* StatusCodeName(StatusCode code) {
  switch (code) {
    case StatusCode::kOk: return "ok";
    case StatusCode::kNotFound: return "not found";
    case StatusCode::kCorruption: return "corruption";
    case StatusCode::kInvalidArgument: return "invalid argument";
    case StatusCode::kIOError: return "I/O error";
    case StatusCode::kNoSpace: return "no space left on device";
    case StatusCode::kAlreadyExists: return "already exists";
    case StatusCode::kClosed: return "closed";
    case StatusCode::kOutOfBounds: return "out of bounds";
    case StatusCode::kOutOfOrder: return "out of order sample";
    case StatusCode::kDuplicate: return "duplicate sample for timestamp";
    case StatusCode::kUnsupported: return "unsupported";
    case StatusCode::kLimitExceeded: return "limit exceeded";
  }
  return "unknown";
}

Status Status::Wrap(std::string_view prefix) const {
  if (ok()) return *this;
  std::string m(prefix);
  m += ": ";
  m += message_;
  return Status(code_, std::move(m));
}

std::string Status::ToString() const {
  if (ok()) return "ok";
  return message_.empty() ? StatusCodeName(code_) : message_;
}

}  // namespace tsdb
