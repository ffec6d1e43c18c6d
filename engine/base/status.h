// Status and Result<T>: the explicit error type used across module boundaries
// instead of exceptions. An OK status carries no message and costs no
// allocation.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <variant>

#include "engine/base/assert.h"

namespace tsdb {

enum class StatusCode : unsigned char {
  kOk = 0,
  kNotFound,
  kCorruption,       // stored bytes do not decode: WAL, chunk, index
  kInvalidArgument,  // bad input from a caller or a user
  kIOError,          // the filesystem failed
  kNoSpace,          // ENOSPC
  kAlreadyExists,
  kClosed,           // use after Close()
  kOutOfBounds,      // sample too old for the head (storage.ErrOutOfBounds)
  kOutOfOrder,       // storage.ErrOutOfOrderSample
  kDuplicate,        // storage.ErrDuplicateSampleForTimestamp
  kUnsupported,
  kLimitExceeded,    // a configured limit (scrape sample_limit)
};

const char* StatusCodeName(StatusCode code);

class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}

  static Status Ok() { return Status(); }
  static Status NotFound(std::string m) { return {StatusCode::kNotFound, std::move(m)}; }
  static Status Corruption(std::string m) { return {StatusCode::kCorruption, std::move(m)}; }
  static Status InvalidArgument(std::string m) {
    return {StatusCode::kInvalidArgument, std::move(m)};
  }
  static Status IOError(std::string m) { return {StatusCode::kIOError, std::move(m)}; }
  static Status Unsupported(std::string m) { return {StatusCode::kUnsupported, std::move(m)}; }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }

  // "prefix: message", the way Go wraps errors, so messages read like 2.42's.
  Status Wrap(std::string_view prefix) const;
  std::string ToString() const;

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Status status) : v_(std::move(status)) {  // NOLINT: implicit by design
    TSDB_ASSERT(!std::get<Status>(v_).ok());
  }

  bool ok() const { return std::holds_alternative<T>(v_); }
  const Status& status() const {
    static const Status kOk;
    return ok() ? kOk : std::get<Status>(v_);
  }
  T& value() & {
    TSDB_ASSERT(ok());
    return std::get<T>(v_);
  }
  const T& value() const& {
    TSDB_ASSERT(ok());
    return std::get<T>(v_);
  }
  T&& value() && {
    TSDB_ASSERT(ok());
    return std::get<T>(std::move(v_));
  }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  std::variant<T, Status> v_;
};

}  // namespace tsdb

#define TSDB_CONCAT_INNER(a, b) a##b
#define TSDB_CONCAT(a, b) TSDB_CONCAT_INNER(a, b)

// Each expansion gets its own variable, so the macro nests (e.g. inside a
// lambda passed to another TSDB_RETURN_IF_ERROR).
#define TSDB_RETURN_IF_ERROR_IMPL(var, expr) \
  do {                                       \
    ::tsdb::Status var = (expr);             \
    if (!var.ok()) return var;               \
  } while (0)
#define TSDB_RETURN_IF_ERROR(expr) \
  TSDB_RETURN_IF_ERROR_IMPL(TSDB_CONCAT(tsdb_status_, __COUNTER__), expr)

#define TSDB_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                               \
  if (!tmp.ok()) return tmp.status();              \
  lhs = std::move(tmp).value()

// TSDB_ASSIGN_OR_RETURN(auto x, Foo()); returns Foo()'s status on error.
#define TSDB_ASSIGN_OR_RETURN(lhs, expr) \
  TSDB_ASSIGN_OR_RETURN_IMPL(TSDB_CONCAT(tsdb_result_, __COUNTER__), lhs, expr)
