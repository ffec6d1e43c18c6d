#include "engine/head/head_append.h"

#include <bit>
#include <limits>
#include <optional>

#include "engine/head/head.h"

namespace tsdb::head {
namespace {

bool HasEmptyValue(const Labels& lset) {
  for (const Label& l : lset) {
    if (l.value.empty()) return true;
  }
  return false;
}

}  // namespace

HeadAppender::HeadAppender(Head* head)
    : head_(head),
      mint_(std::numeric_limits<int64_t>::max()),
      maxt_(std::numeric_limits<int64_t>::min()) {
  head_->metrics_.active_appenders++;
  b_ = std::move(head_->spare_buffers_);
  if (!head_->Empty()) Init(0);
}

HeadAppender::~HeadAppender() {
  if (!closed_) (void)Rollback();
}

// 2.42's initAppender: on an empty head the first sample sets its time range
// before the appendable window is computed.
void HeadAppender::Init(int64_t t) {
  head_->InitTime(t);
  min_valid_time_ = head_->AppendableMinValidTime();
  initialized_ = true;
}

Result<uint64_t> HeadAppender::Append(uint64_t ref, const Labels& lset, int64_t t, double v) {
  TSDB_ASSERT(!closed_);
  if (!initialized_) Init(t);
  if (t < min_valid_time_) {
    head_->metrics_.out_of_bound_samples_total++;
    return Status(StatusCode::kOutOfBounds, "out of bounds");
  }
  MemSeries* s = head_->series_.GetByRef(ref);
  if (s == nullptr) {
    TSDB_RETURN_IF_ERROR(lset.ValidateForHead());
    // Copied only when a pair must go, which a scrape's label sets rarely need.
    std::optional<Labels> stripped;
    if (HasEmptyValue(lset)) stripped = lset.WithoutEmpty();
    const Labels& clean = stripped ? *stripped : lset;
    auto [series, created] = head_->GetOrCreate(clean.Hash(), clean);
    s = series;
    if (created) b_.series.push_back({s->ref(), clean});
  }
  const uint64_t v_bits = std::bit_cast<uint64_t>(v);
  switch (s->Appendable(t, v_bits, min_valid_time_)) {
    case StatusCode::kOk:
      break;
    case StatusCode::kOutOfOrder:
      head_->metrics_.out_of_order_samples_total++;
      return Status(StatusCode::kOutOfOrder, "out of order sample");
    case StatusCode::kOutOfBounds:
      head_->metrics_.out_of_bound_samples_total++;
      return Status(StatusCode::kOutOfBounds, "out of bounds");
    default:
      return Status(StatusCode::kDuplicate, "duplicate sample for timestamp");
  }
  s->pending_commit = true;
  mint_ = std::min(mint_, t);
  maxt_ = std::max(maxt_, t);
  b_.samples.push_back({s->ref(), t, v});
  b_.sample_series.push_back(s);
  return s->ref();
}

Status HeadAppender::Log() {
  wlog::Wal* wal = head_->wal_;
  if (wal == nullptr) return {};
  FaultPoints* points = head_->opts_.fault_points;
  if (FireFaultPoint(points, FaultPoint::kChunksCutFile) && head_->cdm_ != nullptr) head_->cdm_->CutNewFile();
  if (FireFaultPoint(points, FaultPoint::kWalCutSegment)) {
    TSDB_RETURN_IF_ERROR(wal->NextSegment().status().Wrap("cut segment"));
  }
  for (const Bytes& r : head_->deferred_wal_records_) TSDB_RETURN_IF_ERROR(wal->Log(r).Wrap("log deferred"));
  head_->deferred_wal_records_.clear();
  if (!b_.series.empty()) {
    b_.record.clear();
    record::EncodeSeries(b_.series, &b_.record);
    TSDB_RETURN_IF_ERROR(wal->Log(b_.record).Wrap("log series"));
  }
  if (!b_.samples.empty()) {
    const ByteView rec = record::EncodeSamplesInto(b_.samples, &b_.record);
    TSDB_RETURN_IF_ERROR(wal->Log(rec).Wrap("log samples"));
  }
  return {};
}

void HeadAppender::Finish() {
  closed_ = true;
  head_->metrics_.active_appenders--;
  b_.Clear();
  head_->spare_buffers_ = std::move(b_);
}

Status HeadAppender::Commit() {
  if (closed_) return Status(StatusCode::kClosed, kAppenderClosed);
  if (FireFaultPoint(head_->opts_.fault_points, FaultPoint::kBugHeadBeforeWal)) return CommitHeadFirst();
  if (Status s = Log(); !s.ok()) {
    (void)Rollback();  // it will most likely fail the same way
    return s.Wrap("write to WAL");
  }
  Apply();
  return {};
}

// The deliberate bug of FaultPoint::kBugHeadBeforeWal: the samples reach
// the head and the commit returns; its WAL records are only written by the
// next commit. A crash in between loses acknowledged samples. Only the
// crash explorer's self-test uses it.
Status HeadAppender::CommitHeadFirst() {
  AppendBuffers keep = b_;  // Apply hands the buffers back to the head
  Apply();
  if (head_->wal_ == nullptr) return {};
  if (!keep.series.empty()) {
    record::EncodeSeries(keep.series, &head_->deferred_wal_records_.emplace_back());
  }
  if (!keep.samples.empty()) {
    record::EncodeSamples(keep.samples, &head_->deferred_wal_records_.emplace_back());
  }
  return {};
}

void HeadAppender::Apply() {
  Head& h = *head_;
  int64_t appended = static_cast<int64_t>(b_.samples.size());
  int64_t in_mint = std::numeric_limits<int64_t>::max();
  int64_t in_maxt = std::numeric_limits<int64_t>::min();
  int64_t open_bytes_delta = 0;
  constexpr size_t kPrefetchLinesAhead = 16, kPrefetchAhead = 8;
  for (size_t i = 0; i < b_.samples.size(); i++) {
    if (i + kPrefetchLinesAhead < b_.samples.size()) b_.sample_series[i + kPrefetchLinesAhead]->PrefetchHotLines();
    if (i + kPrefetchAhead < b_.samples.size()) b_.sample_series[i + kPrefetchAhead]->PrefetchForAppend();
    const record::RefSample& x = b_.samples[i];
    MemSeries* s = b_.sample_series[i];
    // Checked again: an earlier sample of this batch may have moved the series on.
    const StatusCode code = s->Appendable(x.t, std::bit_cast<uint64_t>(x.v), min_valid_time_);
    if (code != StatusCode::kOk) {
      appended--;
      if (code == StatusCode::kOutOfOrder) h.metrics_.out_of_order_samples_total++;
      if (code == StatusCode::kOutOfBounds) h.metrics_.out_of_bound_samples_total++;
    } else {
      const int64_t bytes_before = s->OpenChunkBytes();
      const AppendResult r = s->Append(x.t, x.v, h, h.opts_);
      open_bytes_delta += s->OpenChunkBytes() - bytes_before;
      if (r.in_order) {
        in_mint = std::min(in_mint, x.t);
        in_maxt = std::max(in_maxt, x.t);
      } else {
        appended--;  // an exact duplicate: dropped silently
      }
      if (r.chunk_created) {
        h.metrics_.chunks++;
        h.metrics_.chunks_created_total++;
        h.sink_->OnEvent({.type = EventType::kHeadChunkCut, .ref = s->ref(), .mint = x.t});
      }
    }
    s->pending_commit = false;
  }
  h.metrics_.samples_appended_total += static_cast<uint64_t>(appended);
  h.chunk_totals_.open_samples += appended;  // every in-order sample goes to an open chunk
  h.chunk_totals_.open_bytes += open_bytes_delta;
  if (in_mint <= in_maxt) h.UpdateMinMaxTime(in_mint, in_maxt);
  h.sink_->OnEvent({.type = EventType::kSamplesCommitted,
                    .bytes = static_cast<int64_t>(b_.samples.size()) - appended,
                    .count = appended,
                    .mint = in_mint,
                    .maxt = in_maxt});
  Finish();
}

Status HeadAppender::Rollback() {
  if (closed_) return Status(StatusCode::kClosed, kAppenderClosed);
  for (MemSeries* s : b_.sample_series) s->pending_commit = false;
  b_.samples.clear();
  b_.sample_series.clear();
  // The series were created in memory; their record must reach the WAL.
  Status st = Log();
  Finish();
  return st;
}

}  // namespace tsdb::head
