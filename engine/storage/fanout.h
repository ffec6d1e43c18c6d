// Fanout (2.42's storage/fanout.go): one primary storage, the local DB, and
// secondaries (remote write). Every append goes to the primary first; the
// secondaries get the primary's ref. Commit commits the primary first, then
// each secondary while nothing has failed, rolling back the rest.
#pragma once

#include <memory>
#include <vector>

#include "engine/base/event_sink.h"
#include "engine/storage/appender.h"

namespace tsdb::storage {

// Counters of what the fanout had to swallow (2.42 only logs them).
struct FanoutMetrics {
  uint64_t squashed_rollback_errors_total = 0;  // "Squashed rollback error on commit"
  uint64_t rollback_errors_total = 0;           // logged by Rollback, never returned
};

class Fanout final : public Appendable {
 public:
  // primary and secondaries must outlive the fanout; sink may be null.
  Fanout(Appendable* primary, std::vector<Appendable*> secondaries, EventSink* sink);

  std::unique_ptr<storage::Appender> Appender() override;
  const FanoutMetrics& metrics() const { return metrics_; }

 private:
  friend class FanoutAppender;
  Appendable* primary_;
  std::vector<Appendable*> secondaries_;
  EventSink* sink_;
  FanoutMetrics metrics_;
};

}  // namespace tsdb::storage
