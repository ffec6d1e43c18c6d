// Head::Init: startup replay in 2.42's order (PROMETHEUS.md §8): the newest
// chunk snapshot if enabled (SNAPSHOT_FORMAT.md), mmapped chunks from
// chunks_head/, the newest checkpoint, then every WAL segment after it (or
// after the snapshot's position). Single-threaded: 2.42 shards samples by
// series over workers, which keeps per-series order, so replaying in record
// order is equivalent.
#include <cstdio>
#include <functional>
#include <unordered_map>

#include "engine/head/head.h"
#include "engine/record/record.h"
#include "engine/wlog/checkpoint.h"
#include "engine/wlog/reader.h"
#include "engine/wlog/segments.h"

namespace tsdb::head {

using MmappedBySeries = std::unordered_map<uint64_t, std::vector<MmappedChunk>>;

class HeadReplayer {
 public:
  HeadReplayer(Head& head, MmappedBySeries mmapped, ReplayStats* stats)
      : h_(head), mmapped_(std::move(mmapped)), stats_(stats) {}

  // Replays every record of r. A read or decode error comes back as the
  // CorruptionError repair needs.
  std::optional<wlog::CorruptionError> Load(wlog::Reader& r);

 private:
  Status Series(ByteView rec);
  Status Samples(ByteView rec);

  Head& h_;
  MmappedBySeries mmapped_;
  ReplayStats* stats_;
  std::unordered_map<uint64_t, uint64_t> multi_ref_;  // duplicate series record ref -> live ref
  std::vector<record::RefSeries> series_;
  std::vector<record::RefSample> samples_;
  std::vector<record::Stone> stones_;
};

Status HeadReplayer::Series(ByteView rec) {
  series_.clear();
  TSDB_RETURN_IF_ERROR(record::DecodeSeries(rec, &series_).Wrap("decode series"));
  for (const auto& ws : series_) {
    auto [s, created] = h_.GetOrCreateWithId(ws.ref, ws.labels.Hash(), ws.labels);
    h_.last_series_id_ = std::max(h_.last_series_id_, ws.ref);
    stats_->series_loaded++;
    // A second record for the same labels means the series was GC'ed and
    // re-created under a new ref after its old samples went into a block:
    // samples of the old ref go to the live series from now on.
    if (!created) multi_ref_[ws.ref] = s->ref();
    std::vector<MmappedChunk> mmc;
    if (auto it = mmapped_.find(ws.ref); it != mmapped_.end()) mmc = it->second;
    const int64_t old = static_cast<int64_t>(s->mmapped_chunks().size());
    h_.metrics_.chunks_created_total += mmc.size();
    h_.metrics_.chunks_removed_total += static_cast<uint64_t>(old);
    h_.metrics_.chunks += static_cast<int64_t>(mmc.size()) - old;
    if (!mmc.empty()) h_.UpdateMinMaxTime(mmc.front().mint, mmc.back().maxt);
    h_.AccountChunks(*s, -1);
    s->ResetWithMmappedChunks(std::move(mmc));
    h_.AccountChunks(*s, 1);
  }
  return {};
}

Status HeadReplayer::Samples(ByteView rec) {
  samples_.clear();
  TSDB_RETURN_IF_ERROR(record::DecodeSamples(rec, &samples_).Wrap("decode samples"));
  int64_t mint = std::numeric_limits<int64_t>::max();
  int64_t maxt = std::numeric_limits<int64_t>::min();
  const int64_t min_valid = h_.min_valid_time_;
  for (record::RefSample x : samples_) {
    if (x.t < min_valid) continue;
    if (!multi_ref_.empty()) {
      if (auto it = multi_ref_.find(x.ref); it != multi_ref_.end()) x.ref = it->second;
    }
    MemSeries* s = h_.series_.GetByRef(x.ref);
    if (s == nullptr) {
      stats_->unknown_series_refs++;
      continue;
    }
    if (x.t <= s->mm_max_time) {
      stats_->samples_skipped_mmapped++;
      continue;
    }
    const int64_t bytes_before = s->OpenChunkBytes();
    const AppendResult r = s->Append(x.t, x.v, h_, h_.opts_);
    h_.chunk_totals_.open_bytes += s->OpenChunkBytes() - bytes_before;
    if (r.in_order) h_.chunk_totals_.open_samples++;
    if (r.chunk_created) {
      h_.metrics_.chunks_created_total++;
      h_.metrics_.chunks++;
    }
    if (r.in_order) stats_->samples_loaded++;
    mint = std::min(mint, x.t);
    maxt = std::max(maxt, x.t);
  }
  if (mint <= maxt) h_.UpdateMinMaxTime(mint, maxt);
  return {};
}

std::optional<wlog::CorruptionError> HeadReplayer::Load(wlog::Reader& r) {
  // Progress at each page read, for a viewer to animate (replay_progress).
  int segment = -1;
  int64_t records = 0;
  int64_t page = 0;
  while (r.Next()) {
    const ByteView rec = r.Record();
    stats_->records_loaded++;
    if (r.Segment() != segment) segment = r.Segment(), records = 0, page = 0;
    records++;
    if (r.SegmentOffset() / wlog::kPageSizeBytes > page) {
      page = r.SegmentOffset() / wlog::kPageSizeBytes;
      h_.sink_->OnEvent({.type = EventType::kReplayProgress, .segment = segment, .offset = r.SegmentOffset(),
                         .count = records});
    }
    Status s;
    switch (record::GetType(rec)) {
      case record::Type::kSeries: s = Series(rec); break;
      case record::Type::kSamples: s = Samples(rec); break;
      case record::Type::kTombstones:
        // Kept in the head (snapshots write them); tsdbsim does not apply
        // them to queries yet.
        stones_.clear();
        s = record::DecodeTombstones(rec, &stones_).Wrap("decode tombstones");
        for (const record::Stone& st : stones_) {
          if (!s.ok() || st.maxt < h_.min_valid_time_) continue;
          if (h_.series_.GetByRef(st.ref) == nullptr) {
            stats_->unknown_series_refs++;
            continue;
          }
          h_.tombstones_.AddInterval(st.ref, {st.mint, st.maxt});
        }
        break;
      default:
        break;  // exemplars, metadata, histograms, unknown: not kept by tsdbsim's head
    }
    if (!s.ok()) return wlog::CorruptionError{r.SegmentDir(), r.Segment(), r.Offset(), s.message()};
  }
  return r.Err();
}

namespace {

Status OutOfSequence(const chunks::MappedChunkInfo& c, const MmappedChunk& last) {
  char msg[256];
  std::snprintf(msg, sizeof msg,
                "out of sequence m-mapped chunk for series ref %llu, last chunk: [%lld, %lld], "
                "new: [%lld, %lld]",
                static_cast<unsigned long long>(c.series_ref), static_cast<long long>(last.mint),
                static_cast<long long>(last.maxt), static_cast<long long>(c.mint),
                static_cast<long long>(c.maxt));
  return Status::InvalidArgument(msg);  // not a corruption error, as in 2.42
}

// Takes a chunk of a series the chunk snapshot created, straight into the
// series: true when the chunk was such a one (*err then says if it fit).
using AttachToSnapshotSeries = std::function<bool(const chunks::MappedChunkInfo&, Status* err)>;

// 2.42's loadMmappedChunks for in-order chunks: group by series, in time order.
Status LoadMmapped(chunks::ChunkDiskMapper& cdm, int64_t min_valid_time, MmappedBySeries* out,
                   int64_t* loaded, EventSink* sink, const AttachToSnapshotSeries& attach = nullptr) {
  // One replay_chunk_file per file, once its chunks are read.
  int64_t file = -1;
  int64_t file_chunks = 0;
  const auto file_done = [&] {
    if (file >= 0) sink->OnEvent({.type = EventType::kReplayChunkFile, .segment = file, .count = file_chunks});
  };
  Status s = cdm.IterateAllChunks([&](const chunks::MappedChunkInfo& c) -> Status {
    const int64_t f = chunks::ChunkDiskRefFile(c.chunk_ref);
    if (f != file) {
      file_done();
      file = f;
      file_chunks = 0;
    }
    if (chunkenc::IsOutOfOrderEncoding(c.encoding)) return {};
    if (c.maxt < min_valid_time) return {};
    // Only XOR chunks: tsdbsim's head does not hold native histograms.
    if (c.encoding != static_cast<uint8_t>(chunkenc::Encoding::kXor)) return {};
    if (Status err; attach && attach(c, &err)) {
      if (!err.ok()) return err;
      (*loaded)++;
      file_chunks++;
      return {};
    }
    auto& slice = (*out)[c.series_ref];
    if (!slice.empty() && slice.back().maxt >= c.mint) return OutOfSequence(c, slice.back());
    slice.push_back({c.chunk_ref, c.mint, c.maxt, c.num_samples});
    (*loaded)++;
    file_chunks++;
    return {};
  });
  if (s.ok()) file_done();
  return s;
}

}  // namespace

namespace {

// What 2.42 does when chunks_head/ does not replay: count it, delete the
// corrupt file and every later one and try again; if that is impossible or
// fails again, discard the chunk files (the WAL still has the data).
MmappedBySeries RecoverMmapped(chunks::ChunkDiskMapper& cdm, const Status& first_error,
                               int64_t min_valid_time, HeadMetrics& metrics, ReplayStats* stats,
                               EventSink* sink) {
  stats->mmap_error = first_error.message();
  if (first_error.code() == StatusCode::kCorruption || first_error.code() == StatusCode::kInvalidArgument) {
    metrics.mmap_chunk_corruptions_total++;
  }
  stats->mmapped_chunks_loaded = 0;
  const auto corrupt = cdm.LastCorruptFile();
  if (first_error.code() == StatusCode::kCorruption && corrupt.has_value() &&
      cdm.DeleteFilesFrom(*corrupt).ok()) {
    MmappedBySeries again;
    int64_t loaded = 0;
    if (LoadMmapped(cdm, min_valid_time, &again, &loaded, sink).ok()) {
      stats->mmapped_chunks_loaded = loaded;
      return again;
    }
  }
  (void)cdm.Truncate(std::numeric_limits<uint32_t>::max());
  return {};
}

// Segment i of dir read from byte offset on, as 2.42 reads the segment a
// chunk snapshot stopped in: the reader's page bookkeeping starts at offset.
// Null (nothing to read) when offset is past the end of the file.
struct OffsetSegmentReader {
  std::unique_ptr<MappedFile> map;
  std::unique_ptr<wlog::Reader> reader;
};
Result<OffsetSegmentReader> OpenSegmentAt(Filesystem& fs, const std::string& dir, int i, int64_t offset) {
  OffsetSegmentReader r;
  auto m = fs.MapReadOnly(wlog::SegmentName(dir, i));
  if (!m.ok()) return m.status().Wrap("open segment " + std::to_string(i));
  r.map = std::move(m).value();
  ByteView bytes = r.map->data();
  if (offset > static_cast<int64_t>(bytes.size())) return r;
  if (offset > 0) bytes = bytes.subspan(static_cast<size_t>(offset));
  r.reader = std::make_unique<wlog::Reader>(dir, std::vector<wlog::SegmentBytes>{{i, bytes, dir}});
  return r;
}

}  // namespace

Status Head::Init(int64_t min_valid_time, ReplayStats* stats,
                  std::optional<wlog::CorruptionError>* corruption) {
  TSDB_ASSERT(stats != nullptr && corruption != nullptr);
  *stats = ReplayStats{};
  corruption->reset();
  min_valid_time_ = min_valid_time;
  const int64_t t0 = clock_->MonotonicNs();

  // The chunk snapshot first: its series, their open chunks, tombstones.
  std::unordered_map<uint64_t, MemSeries*> from_snapshot;
  SnapshotPosition snap{-1, 0};
  // Empties the head of what the snapshot brought: the WAL is then replayed
  // in full (2.42's resetInMemoryState).
  const auto drop_snapshot = [&](const std::string& why) {
    const ReplayStats empty;
    stats->snapshot_dir.clear();
    stats->snapshot_segment = empty.snapshot_segment;
    stats->snapshot_offset = empty.snapshot_offset;
    stats->snapshot_series = stats->snapshot_head_chunks = stats->snapshot_samples = 0;
    stats->snapshot_tombstones = 0;
    stats->snapshot_error = why;
    ResetInMemoryState();
    from_snapshot.clear();
    snap = {-1, 0};
  };
  int64_t t_snap = t0;
  if (opts_.memory_snapshot_on_shutdown && replay_fs_ != nullptr && !chunk_dir_root_.empty()) {
    sink_->OnEvent({.type = EventType::kReplayStart, .detail = "snapshot"});
    const Status s = LoadChunkSnapshot(stats, &from_snapshot, &snap);
    if (!s.ok()) {
      metrics_.snapshot_replay_error_total++;
      drop_snapshot(s.message());
    }
    t_snap = clock_->MonotonicNs();
    stats->snapshot_replay_ns = t_snap - t0;
    sink_->OnEvent({.type = EventType::kReplayEnd,
                    .segment = snap.segment,
                    .offset = snap.offset,
                    .count = stats->snapshot_samples,
                    .ref = static_cast<uint64_t>(stats->snapshot_series),
                    .detail = "snapshot"});
  }

  MmappedBySeries mmapped;
  if (cdm_ != nullptr) {
    sink_->OnEvent({.type = EventType::kReplayStart, .detail = "mmap"});
    // Chunks of series the snapshot created go straight to them.
    const AttachToSnapshotSeries attach = [&](const chunks::MappedChunkInfo& c, Status* err) {
      const auto it = from_snapshot.find(c.series_ref);
      if (it == from_snapshot.end()) return false;
      MemSeries& s = *it->second;
      if (!s.mmapped_chunks().empty() && s.mmapped_chunks().back().maxt >= c.mint) {
        *err = OutOfSequence(c, s.mmapped_chunks().back());
        return true;
      }
      metrics_.chunks++;
      metrics_.chunks_created_total++;
      AccountChunks(s, -1);
      s.AttachMmappedChunk({c.chunk_ref, c.mint, c.maxt, c.num_samples});
      AccountChunks(s, 1);
      UpdateMinMaxTime(c.mint, c.maxt);
      return true;
    };
    const Status s = LoadMmapped(*cdm_, min_valid_time_, &mmapped, &stats->mmapped_chunks_loaded, sink_,
                                 from_snapshot.empty() ? nullptr : attach);
    if (!s.ok()) {
      sink_->OnEvent({.type = EventType::kMmapCorruption, .detail = s.message()});
      // The WAL must make up for the dropped chunks: the snapshot goes too.
      // (2.42 empties the head here even without a snapshot; tsdbsim's head
      // holds nothing else yet but the bounds blocks set.)
      if (snap.segment >= 0 || !from_snapshot.empty()) drop_snapshot("dropped: " + s.message());
      mmapped = RecoverMmapped(*cdm_, s, min_valid_time_, metrics_, stats, sink_);
    }
    sink_->OnEvent({.type = EventType::kReplayEnd, .count = stats->mmapped_chunks_loaded, .detail = "mmap"});
  }
  const int64_t t1 = clock_->MonotonicNs();
  stats->mmap_replay_ns = t1 - t_snap;

  HeadReplayer replayer(*this, std::move(mmapped), stats);
  if (replay_fs_ != nullptr && Exists(*replay_fs_, replay_dir_)) {
    Filesystem& fs = *replay_fs_;
    auto cp = wlog::LastCheckpoint(fs, replay_dir_);
    if (!cp.ok() && cp.status().code() != StatusCode::kNotFound) {
      return cp.status().Wrap("find last checkpoint");
    }
    int start_from = cp.ok() ? cp->index : 0;
    // A snapshot taken after the checkpoint already holds what it has.
    if (cp.ok() && cp->index >= snap.segment) {
      sink_->OnEvent({.type = EventType::kReplayStart, .segment = cp->index, .detail = "checkpoint"});
      stats->checkpoint_index = cp->index;
      auto r = wlog::SegmentRangeReader::OpenDir(fs, cp->dir);
      if (!r.ok()) return r.status().Wrap("backfill checkpoint");
      // A corrupt checkpoint is a hard error in 2.42 ("requires user
      // intervention"); repair is still attempted with its segment number.
      *corruption = replayer.Load((*r)->reader());
      start_from = cp->index + 1;
    }
    start_from = std::max(start_from, snap.segment);
    const int64_t t2 = clock_->MonotonicNs();
    stats->checkpoint_replay_ns = t2 - t1;
    TSDB_ASSIGN_OR_RETURN(const auto range, wlog::Segments(fs, replay_dir_));
    stats->first_segment = start_from;
    stats->last_segment = range.last;
    sink_->OnEvent({.type = EventType::kReplayStart, .segment = start_from, .detail = "wal"});
    for (int i = start_from; i <= range.last && !corruption->has_value(); i++) {
      const int64_t offset = i == snap.segment ? snap.offset : 0;
      auto r = OpenSegmentAt(fs, replay_dir_, i, offset);
      if (!r.ok()) return r.status().Wrap("open WAL segment: " + std::to_string(i));
      if (r->reader == nullptr) continue;  // the snapshot's offset is past this segment's end
      const int64_t before = stats->samples_loaded;
      *corruption = replayer.Load(*r->reader);
      sink_->OnEvent({.type = EventType::kReplaySegment, .segment = i,
                      .bytes = r->reader->SegmentOffset(),
                      .count = stats->samples_loaded - before});
    }
    stats->wal_replay_ns = clock_->MonotonicNs() - t2;
    sink_->OnEvent({.type = EventType::kReplayEnd, .count = stats->samples_loaded, .detail = "wal"});
  }
  // Mmapped chunks (and a snapshot's chunks) may reach below the minimum valid time.
  if (min_time_ < min_valid_time_) min_time_ = min_valid_time_;
  (void)Gc();  // drop what replay proved obsolete
  return {};
}

}  // namespace tsdb::head
