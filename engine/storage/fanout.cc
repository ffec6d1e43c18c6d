#include "engine/storage/fanout.h"

#include "engine/base/assert.h"

namespace tsdb::storage {

class FanoutAppender final : public Appender {
 public:
  FanoutAppender(Fanout* f, std::unique_ptr<Appender> primary, std::vector<std::unique_ptr<Appender>> secondaries)
      : f_(f), primary_(std::move(primary)), secondaries_(std::move(secondaries)) {}

  Result<SeriesRef> Append(SeriesRef ref, const Labels& labels, int64_t t_ms, double v) override {
    TSDB_ASSIGN_OR_RETURN(const SeriesRef primary_ref, primary_->Append(ref, labels, t_ms, v));
    // 2.42 stops at the first failing secondary and hands back ref 0 with
    // its error; the primary keeps the sample, so the scrape counts it lost.
    for (auto& s : secondaries_) {
      TSDB_RETURN_IF_ERROR(s->Append(primary_ref, labels, t_ms, v).status());
    }
    return primary_ref;
  }

  Status Commit() override {
    Status err = primary_->Commit();
    int64_t committed = err.ok() ? 1 : 0;
    for (auto& s : secondaries_) {
      if (err.ok()) {
        err = s->Commit();
        if (err.ok()) committed++;
      } else if (!s->Rollback().ok()) {
        f_->metrics_.squashed_rollback_errors_total++;
      }
    }
    f_->sink_->OnEvent({.type = EventType::kFanoutCommit,
                        .bytes = static_cast<int64_t>(secondaries_.size()) + 1,
                        .count = committed,
                        .detail = err.message()});
    return err;
  }

  // 2.42 computes an error here and returns nil: a rollback never fails
  // for the caller. We count what it would have logged.
  Status Rollback() override {
    if (!primary_->Rollback().ok()) f_->metrics_.rollback_errors_total++;
    for (auto& s : secondaries_) {
      if (!s->Rollback().ok()) f_->metrics_.rollback_errors_total++;
    }
    f_->sink_->OnEvent({.type = EventType::kFanoutRollback});
    return {};
  }

 private:
  Fanout* f_;
  std::unique_ptr<Appender> primary_;
  std::vector<std::unique_ptr<Appender>> secondaries_;
};

Fanout::Fanout(Appendable* primary, std::vector<Appendable*> secondaries, EventSink* sink)
    : primary_(primary), secondaries_(std::move(secondaries)), sink_(sink != nullptr ? sink : NullEventSink::Instance()) {
  TSDB_ASSERT(primary_ != nullptr);
}

std::unique_ptr<Appender> Fanout::Appender() {
  std::vector<std::unique_ptr<storage::Appender>> secondaries;
  secondaries.reserve(secondaries_.size());
  for (Appendable* s : secondaries_) secondaries.push_back(s->Appender());
  return std::make_unique<FanoutAppender>(this, primary_->Appender(), std::move(secondaries));
}

}  // namespace tsdb::storage
