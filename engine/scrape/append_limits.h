// The appenders a scrape wraps around its storage appender (2.42's
// appender()): samples more than 10 minutes in the future are out of
// bounds, and with sample_limit > 0 the non-stale samples past the limit
// fail with "sample limit exceeded". Only the scraped samples go through
// them; the report series do not.
#pragma once

#include <cstdint>

#include "engine/storage/appender.h"

namespace tsdb::scrape {

inline constexpr int64_t kMaxAheadMs = 10 * 60 * 1000;
inline constexpr const char* kSampleLimitExceeded = "sample limit exceeded";

// Forwards to an appender it does not own; Commit and Rollback are the
// caller's business and must not be called on the wrapper.
class TimeLimitAppender final : public storage::Appender {
 public:
  TimeLimitAppender(storage::Appender* next, int64_t max_time_ms) : next_(next), max_time_ms_(max_time_ms) {}
  Result<storage::SeriesRef> Append(storage::SeriesRef ref, const Labels& labels, int64_t t_ms, double v) override;
  Status Commit() override;
  Status Rollback() override;

 private:
  storage::Appender* next_;
  int64_t max_time_ms_;
};

class LimitAppender final : public storage::Appender {
 public:
  LimitAppender(storage::Appender* next, int64_t limit) : next_(next), limit_(limit) {}
  Result<storage::SeriesRef> Append(storage::SeriesRef ref, const Labels& labels, int64_t t_ms, double v) override;
  Status Commit() override;
  Status Rollback() override;

 private:
  storage::Appender* next_;
  int64_t limit_;
  int64_t appended_ = 0;  // non-stale samples seen, including refused ones
};

}  // namespace tsdb::scrape
