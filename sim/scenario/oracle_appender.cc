// The oracle's side of appending: the appender that wraps the primary
// storage, and what a commit records.
#include <bit>

#include "sim/scenario/oracle.h"

namespace tsdbsim {
namespace {

class OracleAppender final : public tsdb::storage::Appender {
 public:
  OracleAppender(Oracle* o, std::unique_ptr<tsdb::storage::Appender> next) : o_(o), next_(std::move(next)) {}
  tsdb::Result<tsdb::storage::SeriesRef> Append(tsdb::storage::SeriesRef ref, const tsdb::Labels& l, int64_t t,
                                                double v) override {
    auto r = next_->Append(ref, l, t, v);
    if (r.ok()) {
      bool fresh = false;
      const uint32_t series = o_->SeriesIndex(*r, l, &fresh);
      if (fresh) created_.push_back(series);
      pending_.push_back({series, t, std::bit_cast<uint64_t>(v)});
    }
    return r;
  }
  tsdb::Status Commit() override {
    // A crash may come in the middle of the commit: until it returns, its
    // samples are "maybe there".
    o_->BeginCommit(&pending_);
    tsdb::Status s = next_->Commit();
    o_->EndCommit(s.ok(), &pending_);
    if (!s.ok()) o_->MarkUnlogged(created_);
    created_.clear();
    return s;
  }
  tsdb::Status Rollback() override {
    pending_.clear();
    tsdb::Status s = next_->Rollback();
    if (!s.ok()) o_->MarkUnlogged(created_);
    created_.clear();
    return s;
  }

 private:
  Oracle* o_;
  std::unique_ptr<tsdb::storage::Appender> next_;
  std::vector<Oracle::Pending> pending_;
  std::vector<uint32_t> created_;  // series whose ref this appender saw first
};

class OracleAppendable final : public tsdb::storage::Appendable {
 public:
  OracleAppendable(Oracle* o, tsdb::storage::Appendable* next) : o_(o), next_(next) {}
  std::unique_ptr<tsdb::storage::Appender> Appender() override {
    return std::make_unique<OracleAppender>(o_, next_->Appender());
  }

 private:
  Oracle* o_;
  tsdb::storage::Appendable* next_;
};

}  // namespace

Oracle::Oracle(std::string wal_dir) : wal_dir_(std::move(wal_dir)) {}

std::unique_ptr<tsdb::storage::Appendable> Oracle::Wrap(tsdb::storage::Appendable* next) {
  return std::make_unique<OracleAppendable>(this, next);
}

void Oracle::MarkUnlogged(const std::vector<uint32_t>& series) {
  for (const uint32_t s : series) series_[s].maybe_unlogged = true;
}

uint32_t Oracle::SeriesIndexSlow(tsdb::storage::SeriesRef ref, const tsdb::Labels& labels, bool* fresh) {
  *fresh = false;
  if (ref >= kSmallRefs) {
    if (auto it = by_ref_.find(ref); it != by_ref_.end()) return it->second;
  }
  *fresh = true;
  std::string name = labels.ToString();
  auto [it, added] = by_name_.try_emplace(name, static_cast<uint32_t>(series_.size()));
  if (added) series_.push_back({std::move(name), {}, {}, false});
  const uint32_t index = it->second;
  if (ref < kSmallRefs) {
    if (ref >= by_small_ref_.size()) by_small_ref_.resize(ref + 1, 0);
    by_small_ref_[ref] = index + 1;
  } else {
    by_ref_.emplace(ref, index);
  }
  return index;
}

void Oracle::BeginCommit(std::vector<Pending>* samples) {
  TSDB_ASSERT(!in_commit_);
  in_commit_ = true;
  commits_.emplace_back();
  in_flight_.swap(*samples);
}

void Oracle::EndCommit(bool ok, std::vector<Pending>* give_back) {
  TSDB_ASSERT(in_commit_);
  in_commit_ = false;
  const auto commit = static_cast<uint32_t>(commits_.size() - 1);
  Commit& c = commits_.back();
  if (c.segments.empty()) c.durable = true;  // nothing waits for an fsync
  if (!ok) {
    c.failed = true;
    // A WAL write of its own that succeeded (a Series record, the rollback's)
    // may already have flushed the failed record's bytes from the page.
    c.written_later = !c.segments.empty();
    if (!c.written_later) failed_unwritten_.push_back(commit);
  }
  const bool interrupted = died_in_commit_;
  died_in_commit_ = false;
  for (const Pending& p : in_flight_) {
    Series& s = series_[p.series];
    if (!ok || interrupted) {
      s.maybe.push_back({p.t_ms, p.value_bits, interrupted ? kInFlight : commit});
      continue;
    }
    // An identical sample appended again is accepted and dropped by the head.
    if (!s.acked.empty() && s.acked.back().t_ms == p.t_ms && s.acked.back().value_bits == p.value_bits) continue;
    s.acked.push_back({p.t_ms, p.value_bits, commit});
    acked_count_++;
    c.acked++;
    if (c.durable) durable_count_++;
  }
  in_flight_.clear();
  in_flight_.swap(*give_back);
}

}  // namespace tsdbsim
