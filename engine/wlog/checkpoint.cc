#include "engine/wlog/checkpoint.h"

#include <algorithm>
#include <climits>
#include <cstdio>
#include <map>

#include "engine/record/record.h"
#include "engine/wlog/reader.h"
#include "engine/wlog/segments.h"

namespace tsdb::wlog {

std::string CheckpointDirName(int index) {
  char name[32];
  std::snprintf(name, sizeof name, "%s%08d", kCheckpointPrefix, index);
  return name;
}

Result<CheckpointRef> LastCheckpoint(Filesystem& fs, const std::string& wal_dir) {
  TSDB_ASSIGN_OR_RETURN(const auto refs, ListCheckpoints(fs, wal_dir));
  if (refs.empty()) return Status::NotFound("not found");
  return CheckpointRef{JoinPath(wal_dir, refs.back().name), refs.back().index};
}

Status DeleteCheckpoints(Filesystem& fs, const std::string& wal_dir, int max_index) {
  TSDB_ASSIGN_OR_RETURN(const auto refs, ListCheckpoints(fs, wal_dir));
  Status first_error;
  for (const auto& r : refs) {
    if (r.index >= max_index) break;
    const Status s = fs.RemoveAll(JoinPath(wal_dir, r.name));
    if (!s.ok() && first_error.ok()) first_error = s;
  }
  return first_error;
}

namespace {

// Filters one record into out (appending the kept part, if any).
class RecordFilter {
 public:
  RecordFilter(const KeepSeriesFn& keep, int64_t mint, CheckpointStats* stats)
      : keep_(keep), mint_(mint), stats_(stats) {}

  Status Filter(ByteView rec, Bytes* out);
  // The latest metadata per kept series, in ref order (2.42 writes Go map
  // order; ref order is deterministic and reads back the same).
  void FlushMetadata(Bytes* out) const;

 private:
  Status Series(ByteView rec, Bytes* out);
  Status Samples(ByteView rec, Bytes* out);
  Status Tombstones(ByteView rec, Bytes* out);
  Status Exemplars(ByteView rec, Bytes* out);
  Status Metadata(ByteView rec);

  const KeepSeriesFn& keep_;
  int64_t mint_;
  CheckpointStats* stats_;
  std::vector<record::RefSeries> series_;
  std::vector<record::RefSample> samples_;
  std::vector<record::Stone> stones_;
  std::vector<record::RefExemplar> exemplars_;
  std::vector<record::RefMetadata> metadata_;
  std::map<uint64_t, record::RefMetadata> latest_metadata_;
};

template <typename T, typename Pred>
std::vector<T> KeepIf(const std::vector<T>& in, Pred pred) {
  std::vector<T> out;
  for (const auto& x : in) {
    if (pred(x)) out.push_back(x);
  }
  return out;
}

Status RecordFilter::Series(ByteView rec, Bytes* out) {
  series_.clear();
  TSDB_RETURN_IF_ERROR(record::DecodeSeries(rec, &series_).Wrap("decode series"));
  const auto kept = KeepIf(series_, [&](const record::RefSeries& s) { return keep_(s.ref); });
  if (!kept.empty()) record::EncodeSeries(kept, out);
  stats_->total_series += static_cast<int64_t>(series_.size());
  stats_->dropped_series += static_cast<int64_t>(series_.size() - kept.size());
  return {};
}

Status RecordFilter::Samples(ByteView rec, Bytes* out) {
  samples_.clear();
  TSDB_RETURN_IF_ERROR(record::DecodeSamples(rec, &samples_).Wrap("decode samples"));
  const auto kept = KeepIf(samples_, [&](const record::RefSample& s) { return s.t >= mint_; });
  if (!kept.empty()) record::EncodeSamples(kept, out);
  stats_->total_samples += static_cast<int64_t>(samples_.size());
  stats_->dropped_samples += static_cast<int64_t>(samples_.size() - kept.size());
  return {};
}

Status RecordFilter::Tombstones(ByteView rec, Bytes* out) {
  stones_.clear();
  TSDB_RETURN_IF_ERROR(record::DecodeTombstones(rec, &stones_).Wrap("decode deletes"));
  const auto kept = KeepIf(stones_, [&](const record::Stone& s) { return s.maxt >= mint_; });
  if (!kept.empty()) record::EncodeTombstones(kept, out);
  stats_->total_tombstones += static_cast<int64_t>(stones_.size());
  stats_->dropped_tombstones += static_cast<int64_t>(stones_.size() - kept.size());
  return {};
}

Status RecordFilter::Exemplars(ByteView rec, Bytes* out) {
  exemplars_.clear();
  TSDB_RETURN_IF_ERROR(record::DecodeExemplars(rec, &exemplars_).Wrap("decode exemplars"));
  const auto kept = KeepIf(exemplars_, [&](const record::RefExemplar& e) { return e.t >= mint_; });
  if (!kept.empty()) record::EncodeExemplars(kept, out);
  stats_->total_exemplars += static_cast<int64_t>(exemplars_.size());
  stats_->dropped_exemplars += static_cast<int64_t>(exemplars_.size() - kept.size());
  return {};
}

Status RecordFilter::Metadata(ByteView rec) {
  metadata_.clear();
  TSDB_RETURN_IF_ERROR(record::DecodeMetadata(rec, &metadata_).Wrap("decode metadata"));
  int64_t kept_new = 0;
  for (const auto& m : metadata_) {
    if (!keep_(m.ref)) continue;
    if (latest_metadata_.find(m.ref) == latest_metadata_.end()) kept_new++;
    latest_metadata_[m.ref] = m;
  }
  stats_->total_metadata += static_cast<int64_t>(metadata_.size());
  stats_->dropped_metadata += static_cast<int64_t>(metadata_.size()) - kept_new;
  return {};
}

Status RecordFilter::Filter(ByteView rec, Bytes* out) {
  switch (record::GetType(rec)) {
    case record::Type::kSeries: return Series(rec, out);
    case record::Type::kSamples: return Samples(rec, out);
    case record::Type::kTombstones: return Tombstones(rec, out);
    case record::Type::kExemplars: return Exemplars(rec, out);
    case record::Type::kMetadata: return Metadata(rec);
    case record::Type::kHistogramSamples: {
      // Kept whole when any sample reaches mint; native histograms are not
      // produced by tsdbsim, this only keeps foreign WALs intact.
      std::vector<record::RefHistogramSample> h;
      TSDB_RETURN_IF_ERROR(record::DecodeHistogramSamples(rec, &h).Wrap("decode histogram samples"));
      stats_->total_histograms += static_cast<int64_t>(h.size());
      const auto kept = KeepIf(h, [&](const record::RefHistogramSample& x) { return x.t >= mint_; });
      stats_->dropped_histograms += static_cast<int64_t>(h.size() - kept.size());
      if (!kept.empty()) record::EncodeHistogramSamples(kept, out);
      return {};
    }
    default:
      // Unknown types, and float histograms (2.42 drops them: see PROMETHEUS.md §4.2).
      return {};
  }
}

void RecordFilter::FlushMetadata(Bytes* out) const {
  std::vector<record::RefMetadata> latest;
  for (const auto& [ref, m] : latest_metadata_) latest.push_back(m);
  if (!latest.empty()) record::EncodeMetadata(latest, out);
}

constexpr size_t kFlushBytes = 1024 * 1024;

Status WriteFiltered(Reader& r, RecordFilter& filter, Wal& cp) {
  Bytes buf;
  std::vector<size_t> ends;  // end offset in buf of each kept record
  auto flush = [&]() -> Status {
    std::vector<ByteView> recs;
    size_t start = 0;
    for (size_t end : ends) {
      recs.emplace_back(buf.data() + start, end - start);
      start = end;
    }
    TSDB_RETURN_IF_ERROR(cp.Log(recs).Wrap("flush records"));
    buf.clear();
    ends.clear();
    return {};
  };
  while (r.Next()) {
    const size_t start = buf.size();
    TSDB_RETURN_IF_ERROR(filter.Filter(r.Record(), &buf));
    if (buf.size() == start) continue;  // everything in it was dropped
    ends.push_back(buf.size());
    if (buf.size() > kFlushBytes) TSDB_RETURN_IF_ERROR(flush());
  }
  if (r.Err().has_value()) return Status::Corruption(r.Err()->ToString()).Wrap("read segments");
  TSDB_RETURN_IF_ERROR(flush());
  Bytes meta;
  filter.FlushMetadata(&meta);
  if (!meta.empty()) TSDB_RETURN_IF_ERROR(cp.Log(meta).Wrap("flush metadata records"));
  return {};
}

}  // namespace

Result<CheckpointStats> Checkpoint(Filesystem& fs, const Wal& wal, int from, int to,
                                   const KeepSeriesFn& keep, int64_t mint, EventSink* sink) {
  CheckpointStats stats;
  std::vector<SegmentRangeSpec> ranges;
  auto last = LastCheckpoint(fs, wal.dir());
  if (last.ok()) {
    if (from > last->index + 1) {
      return Status::InvalidArgument("unexpected gap to last checkpoint. expected:" +
                                     std::to_string(last->index + 1) +
                                     ", requested:" + std::to_string(from));
    }
    from = last->index + 1;  // segments below the checkpoint should not exist
    ranges.push_back({last->dir, 0, INT32_MAX});
  } else if (last.status().code() != StatusCode::kNotFound) {
    return last.status().Wrap("find last checkpoint");
  }
  ranges.push_back({wal.dir(), from, to});
  stats.from_segment = from;
  stats.to_segment = to;
  auto reader = SegmentRangeReader::OpenRanges(fs, ranges);
  if (!reader.ok()) return reader.status().Wrap("create segment reader");

  const std::string final_dir = JoinPath(wal.dir(), CheckpointDirName(to));
  const std::string tmp_dir = final_dir + ".tmp";
  TSDB_RETURN_IF_ERROR(fs.RemoveAll(tmp_dir).Wrap("remove previous temporary checkpoint dir"));
  // The checkpoint is a WAL of its own, with the default segment size.
  auto cp = Wal::Open(&fs, tmp_dir, {.compress = wal.options().compress}, nullptr);
  if (!cp.ok()) return cp.status().Wrap("open checkpoint");

  RecordFilter filter(keep, mint, &stats);
  Status s = WriteFiltered((*reader)->reader(), filter, **cp);
  if (s.ok()) s = (*cp)->Close().Wrap("close checkpoint");
  if (s.ok()) s = fs.SyncDir(tmp_dir);
  if (s.ok()) s = fs.RemoveAll(final_dir);
  if (s.ok()) s = fs.Rename(tmp_dir, final_dir).Wrap("rename checkpoint directory");
  if (s.ok()) s = fs.SyncDir(wal.dir());
  if (!s.ok()) {
    (void)fs.RemoveAll(tmp_dir);
    return s;
  }
  if (sink != nullptr) {
    sink->OnEvent({.type = EventType::kCheckpointCreated,
                   .segment = to,
                   .count = stats.total_samples - stats.dropped_samples,
                   .mint = mint});
  }
  return stats;
}

}  // namespace tsdb::wlog
