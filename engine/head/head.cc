#include "engine/head/head.h"

#include <algorithm>
#include <unordered_set>

#include "engine/head/head_append.h"
#include "engine/wlog/checkpoint.h"
#include "engine/wlog/segments.h"

namespace tsdb::head {

Head::Head(HeadOptions opts, wlog::Wal* wal, chunks::ChunkDiskMapper* cdm, const Clock* clock,
           EventSink* sink)
    : opts_(opts),
      wal_(wal),
      replay_fs_(wal != nullptr ? &wal->filesystem() : nullptr),
      replay_dir_(wal != nullptr ? wal->dir() : std::string()),
      cdm_(cdm),
      clock_(clock),
      sink_(sink != nullptr ? sink : NullEventSink::Instance()) {
  TSDB_ASSERT(opts_.chunk_range_ms > 0);
  TSDB_ASSERT(opts_.samples_per_chunk >= 4);
}

Head::Head(HeadOptions opts, Filesystem* fs, std::string wal_dir, chunks::ChunkDiskMapper* cdm,
           const Clock* clock, EventSink* sink)
    : Head(opts, nullptr, cdm, clock, sink) {
  replay_fs_ = fs;
  replay_dir_ = std::move(wal_dir);
}

Head::~Head() = default;

std::unique_ptr<HeadAppender> Head::Appender() { return std::make_unique<HeadAppender>(this); }

std::pair<MemSeries*, bool> Head::GetOrCreate(uint64_t hash, const Labels& lset) {
  if (MemSeries* s = series_.GetByHash(hash, lset)) return {s, false};
  return GetOrCreateWithId(last_series_id_ + 1, hash, lset);
}

std::pair<MemSeries*, bool> Head::GetOrCreateWithId(uint64_t id, uint64_t hash,
                                                    const Labels& lset) {
  if (MemSeries* s = series_.GetByHash(hash, lset)) return {s, false};
  TSDB_ASSERT(series_.GetByRef(id) == nullptr);
  last_series_id_ = std::max(last_series_id_, id);
  MemSeries* s = series_.Add(id, hash, lset);
  metrics_.series_created_total++;
  if (sink_ != NullEventSink::Instance()) {
    const std::string text = lset.ToString();
    sink_->OnEvent({.type = EventType::kSeriesCreated, .ref = id, .detail = text});
  }
  return {s, true};
}

void Head::InitTime(int64_t t) {
  if (min_time_ != std::numeric_limits<int64_t>::max()) return;
  min_time_ = t;
  if (max_time_ == std::numeric_limits<int64_t>::min()) max_time_ = t;
}

void Head::UpdateMinMaxTime(int64_t mint, int64_t maxt) {
  min_time_ = std::min(min_time_, mint);
  max_time_ = std::max(max_time_, maxt);
}

int64_t Head::AppendableMinValidTime() const {
  // Nothing may land in the window a compaction could be writing, nor
  // before the newest block (no overlapping blocks).
  return std::max(WrapSub(max_time_, opts_.chunk_range_ms / 2), min_valid_time_);
}

bool Head::Compactable() const {
  if (Empty()) return false;
  return WrapSub(max_time_, min_time_) > opts_.chunk_range_ms / 2 * 3;
}

chunks::ChunkDiskRef Head::WriteChunk(uint64_t series_ref, const HeadChunk& c) {
  TSDB_ASSERT(cdm_ != nullptr);
  // The series keeps it as an mmapped chunk even when the write fails. Its
  // bytes leave memory as the caller resets the head chunk (open_bytes
  // follows the chunk's size there).
  chunk_totals_.open_samples -= c.chunk.NumSamples();
  chunk_totals_.mmapped_chunks++;
  chunk_totals_.mmapped_samples += c.chunk.NumSamples();
  auto ref = cdm_->WriteChunk(series_ref, c.mint, c.maxt, chunkenc::Encoding::kXor, c.chunk.bytes());
  if (!ref.ok()) {
    // 2.42 panics here; a simulated process keeps going with the error
    // recorded, and DB operations report it.
    metrics_.chunk_write_errors_total++;
    if (chunk_write_error_.ok()) chunk_write_error_ = ref.status().Wrap("write head chunk");
    return 0;
  }
  sink_->OnEvent({.type = EventType::kChunkMmapped,
                  .offset = static_cast<int64_t>(*ref),
                  .count = c.chunk.NumSamples(),
                  .ref = series_ref,
                  .mint = c.mint,
                  .maxt = c.maxt});
  return *ref;
}

void Head::AccountChunks(const MemSeries& s, int sign) {
  const HeadChunk* open = s.head_chunk();
  chunk_totals_.open_samples += sign * (open != nullptr ? open->chunk.NumSamples() : 0);
  chunk_totals_.open_bytes += sign * s.OpenChunkBytes();
  chunk_totals_.mmapped_chunks += sign * static_cast<int64_t>(s.mmapped_chunks().size());
  for (const MmappedChunk& m : s.mmapped_chunks()) chunk_totals_.mmapped_samples += sign * m.num_samples;
}

HeadChunkTotals Head::CountChunkTotals() const {
  HeadChunkTotals t;
  series_.ForEach([&](const MemSeries& s) {
    const HeadChunk* open = s.head_chunk();
    t.open_samples += open != nullptr ? open->chunk.NumSamples() : 0;
    t.open_bytes += s.OpenChunkBytes();
    t.mmapped_chunks += static_cast<int64_t>(s.mmapped_chunks().size());
    for (const MmappedChunk& m : s.mmapped_chunks()) t.mmapped_samples += m.num_samples;
  });
  return t;
}

Head::GcResult Head::Gc() {
  const int64_t mint = min_time_;
  GcResult r{std::numeric_limits<int64_t>::max(), std::numeric_limits<int32_t>::max()};
  std::vector<MemSeries*> dead;
  int64_t chunks_removed = 0;
  series_.ForEach([&](MemSeries& s) {
    AccountChunks(s, -1);
    chunks_removed += s.TruncateChunksBefore(mint);
    AccountChunks(s, 1);
    if (!s.mmapped_chunks().empty()) {
      r.min_mmap_file = std::min(r.min_mmap_file, chunks::ChunkDiskRefFile(s.mmapped_chunks()[0].ref));
    }
    if (s.HasChunks() || s.pending_commit) {
      r.actual_mint = std::min(r.actual_mint, s.MinTime());
      return;
    }
    dead.push_back(&s);
  });
  int last_segment = -1;
  if (wal_ != nullptr) last_segment = wal_->current_segment();
  if (!tombstones_.empty()) {
    // Deleted series lose their tombstones; intervals ending before mint go.
    std::unordered_set<uint64_t> dead_refs;
    for (const MemSeries* s : dead) dead_refs.insert(s->ref());
    tombstones::MemTombstones kept;
    for (const auto& [ref, intervals] : tombstones_.by_ref()) {
      if (dead_refs.count(ref) > 0) continue;
      for (const tombstones::Interval& iv : intervals) {
        if (iv.max_time >= mint) kept.AddInterval(ref, iv);
      }
    }
    tombstones_ = std::move(kept);
  }
  for (MemSeries* s : dead) {
    if (wal_ != nullptr) deleted_[s->ref()] = last_segment;
    series_.Remove(s, s->labels().Hash());
  }
  metrics_.series_removed_total += dead.size();
  metrics_.chunks_removed_total += static_cast<uint64_t>(chunks_removed);
  metrics_.chunks -= chunks_removed;
  if (r.actual_mint == std::numeric_limits<int64_t>::max()) r.actual_mint = mint;
  sink_->OnEvent({.type = EventType::kHeadTruncated,
                  .bytes = chunks_removed,
                  .count = static_cast<int64_t>(dead.size()),
                  .mint = mint});
  return r;
}

Status Head::TruncateMemory(int64_t mint) {
  const bool initialize = Empty();
  if (min_time_ >= mint && !initialize) return {};
  min_time_ = mint;
  min_valid_time_ = mint;
  max_time_ = std::max(max_time_, mint);
  // The first call after loading blocks only sets bounds: the WAL is not read yet.
  if (initialize) return {};
  metrics_.truncations_total++;
  const GcResult gc = Gc();
  if (gc.actual_mint > min_time_) {
    // Less is left than asked for: raise the bounds, but not into the window
    // appenders may still write to.
    const int64_t appendable = AppendableMinValidTime();
    min_time_ = min_valid_time_ = std::min(gc.actual_mint, appendable);
  }
  if (cdm_ != nullptr) {
    const Status s = cdm_->Truncate(gc.min_mmap_file);
    if (!s.ok()) {
      metrics_.truncations_failed_total++;
      return s.Wrap("truncate chunks.HeadReadWriter by file number");
    }
  }
  return {};
}

Status Head::TruncateWal(int64_t mint) {
  if (wal_ == nullptr || mint <= last_wal_truncation_time_) return {};
  last_wal_truncation_time_ = mint;
  Filesystem& fs = wal_->filesystem();
  TSDB_ASSIGN_OR_RETURN(const auto range, wlog::Segments(fs, wal_->dir()));
  // Rotate so a quiet server does not keep live data in old segments.
  auto next = wal_->NextSegment();
  if (!next.ok()) return next.status().Wrap("next segment");
  int last = range.last - 1;  // never the segment that was being written
  if (last < 0) return {};
  // The lower two thirds of the segments hold mostly obsolete samples.
  last = range.first + (last - range.first) * 2 / 3;
  if (last <= range.first) return {};
  auto keep = [this](uint64_t ref) { return series_.GetByRef(ref) != nullptr || deleted_.count(ref) > 0; };
  metrics_.checkpoint_creations_total++;
  auto cp = wlog::Checkpoint(fs, *wal_, range.first, last, keep, mint, sink_);
  if (!cp.ok()) {
    metrics_.checkpoint_creations_failed_total++;
    if (cp.status().code() == StatusCode::kCorruption) metrics_.wal_corruptions_total++;
    sink_->OnEvent({.type = EventType::kCheckpointFailed, .segment = last,
                    .detail = cp.status().message()});
    return cp.status().Wrap("create checkpoint");
  }
  // Failures below only leave extra files behind; a later truncation retries.
  (void)wal_->Truncate(last + 1);
  std::erase_if(deleted_, [&](const auto& kv) { return kv.second < range.first; });
  metrics_.checkpoint_deletions_total++;
  if (!wlog::DeleteCheckpoints(fs, wal_->dir(), last).ok()) {
    metrics_.checkpoint_deletions_failed_total++;
  }
  return {};
}

Status Head::Truncate(int64_t mint) {
  TSDB_RETURN_IF_ERROR(TruncateMemory(mint));
  return TruncateWal(mint);
}

}  // namespace tsdb::head
