#include "engine/scrape/append_limits.h"

#include <bit>

#include "engine/base/assert.h"
#include "engine/base/value.h"

namespace tsdb::scrape {

Result<storage::SeriesRef> TimeLimitAppender::Append(storage::SeriesRef ref, const Labels& labels, int64_t t_ms,
                                                     double v) {
  if (t_ms > max_time_ms_) return Status(StatusCode::kOutOfBounds, "out of bounds");
  return next_->Append(ref, labels, t_ms, v);
}

Status TimeLimitAppender::Commit() {
  TSDB_ASSERT(false && "commit the wrapped appender");
  return {};
}
Status TimeLimitAppender::Rollback() {
  TSDB_ASSERT(false && "roll back the wrapped appender");
  return {};
}

Result<storage::SeriesRef> LimitAppender::Append(storage::SeriesRef ref, const Labels& labels, int64_t t_ms, double v) {
  if (!IsStaleNaN(v)) {
    appended_++;
    if (appended_ > limit_) return Status(StatusCode::kLimitExceeded, kSampleLimitExceeded);
  }
  return next_->Append(ref, labels, t_ms, v);
}

Status LimitAppender::Commit() {
  TSDB_ASSERT(false && "commit the wrapped appender");
  return {};
}
Status LimitAppender::Rollback() {
  TSDB_ASSERT(false && "roll back the wrapped appender");
  return {};
}

}  // namespace tsdb::scrape
