// HeadAppender: 2.42's headAppender. Append checks a sample and buffers it
// (creating the series if needed); Commit writes the WAL first -- a Series
// record for new series, then a Samples record, in separate log calls -- and
// only when that succeeded appends to the head chunks. Nothing is visible
// or durable before Commit.
#pragma once

#include <cstdint>
#include <vector>

#include "engine/base/status.h"
#include "engine/head/append_buffers.h"
#include "engine/labels/labels.h"

namespace tsdb::head {

class Head;
class MemSeries;

// Returned by Commit/Rollback on an appender already finished.
inline constexpr const char* kAppenderClosed = "appender has already been committed/rolled back";

class HeadAppender {
 public:
  explicit HeadAppender(Head* head);
  ~HeadAppender();
  HeadAppender(const HeadAppender&) = delete;
  HeadAppender& operator=(const HeadAppender&) = delete;

  // ref 0 (or a ref the head no longer has) looks the series up by labels,
  // creating it if needed. Returns the series ref to cache for next time.
  // Errors: kOutOfBounds, kOutOfOrder, kDuplicate, kInvalidArgument (labels).
  Result<uint64_t> Append(uint64_t ref, const Labels& lset, int64_t t, double v);

  Status Commit();
  // Forgets the samples; still logs the Series record of series created by
  // this appender, since they exist in memory regardless.
  Status Rollback();

  size_t pending_samples() const { return b_.samples.size(); }

 private:
  void Init(int64_t t);
  Status Log();
  // Appends the buffered samples to their series and finishes.
  void Apply();
  Status CommitHeadFirst();
  void Finish();

  Head* head_;
  bool initialized_ = false;
  bool closed_ = false;
  int64_t min_valid_time_ = 0;
  int64_t mint_;
  int64_t maxt_;
  AppendBuffers b_;
};

}  // namespace tsdb::head
