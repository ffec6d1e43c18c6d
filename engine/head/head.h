// Head: the in-memory block of the most recent data (2.42's tsdb.Head),
// split like Prometheus's head*.go: appending in head_append, WAL replay in
// head_wal, truncation and GC here, reading in head_read.
#pragma once

#include <cstdint>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <unordered_map>
#include <vector>

#include "engine/base/clock.h"
#include "engine/base/event_sink.h"
#include "engine/base/filesystem.h"
#include "engine/chunks/chunk_disk_mapper.h"
#include "engine/head/append_buffers.h"
#include "engine/head/chunk_snapshot.h"
#include "engine/head/head_metrics.h"
#include "engine/head/head_options.h"
#include "engine/head/mem_series.h"
#include "engine/head/series_map.h"
#include "engine/wlog/corruption.h"
#include "engine/wlog/wal.h"

namespace tsdb::head {

class HeadAppender;

// What Init (replay) did, for `tsdbsim replay` and the GUI.
struct ReplayStats {
  int64_t mmapped_chunks_loaded = 0;
  int64_t mmap_replay_ns = 0;
  int64_t checkpoint_replay_ns = 0;
  int64_t wal_replay_ns = 0;
  int64_t series_loaded = 0;
  int64_t records_loaded = 0;         // WAL and checkpoint records read
  int64_t samples_loaded = 0;         // appended to the head
  int64_t samples_skipped_mmapped = 0;  // already in mmapped chunks
  int64_t unknown_series_refs = 0;
  int checkpoint_index = -1;
  int first_segment = -1;
  int last_segment = -1;
  std::optional<std::string> mmap_error;  // chunks_head trouble that was handled

  // The chunk snapshot (memory_snapshot_on_shutdown) Init started from:
  // empty snapshot_dir when none was loaded. The WAL is then replayed from
  // snapshot_segment at byte snapshot_offset.
  std::string snapshot_dir;
  int snapshot_segment = -1;
  int64_t snapshot_offset = 0;
  int64_t snapshot_series = 0;       // series created from it
  int64_t snapshot_head_chunks = 0;  // open head chunks restored
  int64_t snapshot_samples = 0;      // samples in those chunks
  int64_t snapshot_tombstones = 0;   // deleted intervals restored
  int64_t snapshot_replay_ns = 0;
  // A snapshot that did not load (the head was emptied and the WAL replayed
  // in full, as 2.42 does), or one dropped because chunks_head/ failed.
  std::optional<std::string> snapshot_error;
};

// What the head's chunks hold, kept up to date where they change, so that
// a viewer reads it without walking every series.
struct HeadChunkTotals {
  int64_t open_samples = 0;  // in open head chunks, in process memory
  int64_t open_bytes = 0;
  int64_t mmapped_chunks = 0;  // full chunks in chunks_head/ the head refers to
  int64_t mmapped_samples = 0;
  friend bool operator==(const HeadChunkTotals&, const HeadChunkTotals&) = default;
};

class Head final : private ChunkSink {
 public:
  // wal and cdm may be null (no WAL: nothing is logged; no cdm: chunks are
  // not mmapped and a test must not cut chunks). clock measures replay.
  // Replay reads the WAL writer's directory.
  Head(HeadOptions opts, wlog::Wal* wal, chunks::ChunkDiskMapper* cdm, const Clock* clock,
       EventSink* sink);
  // A head that replays wal_dir on fs but never writes a WAL (read-only
  // opens: dump, list, queries of a foreign directory).
  Head(HeadOptions opts, Filesystem* fs, std::string wal_dir, chunks::ChunkDiskMapper* cdm,
       const Clock* clock, EventSink* sink);
  ~Head() override;

  std::unique_ptr<HeadAppender> Appender();

  // Replays chunks_head, the newest checkpoint and the WAL segments after it.
  // A returned CorruptionError is what DB::Open hands to Wal::Repair; the
  // head keeps whatever it loaded before the error.
  Status Init(int64_t min_valid_time, ReplayStats* stats, std::optional<wlog::CorruptionError>* corruption);

  // 2.42's Truncate: truncateMemory then truncateWAL.
  Status Truncate(int64_t mint);
  Status TruncateMemory(int64_t mint);
  Status TruncateWal(int64_t mint);

  int64_t MinTime() const { return min_time_; }
  int64_t MaxTime() const { return max_time_; }
  int64_t MinValidTime() const { return min_valid_time_; }
  // maxt - mint > chunkRange / 2 * 3: time to write a block.
  bool Compactable() const;
  bool Empty() const { return min_time_ == std::numeric_limits<int64_t>::max(); }

  const SeriesMap& series() const { return series_; }
  MemSeries* GetByRef(uint64_t ref) const { return series_.GetByRef(ref); }
  size_t NumSeries() const { return series_.size(); }
  const HeadOptions& options() const { return opts_; }
  const HeadMetrics& metrics() const { return metrics_; }
  const HeadChunkTotals& chunk_totals() const { return chunk_totals_; }
  // Walks every series: what chunk_totals() must equal (tests).
  HeadChunkTotals CountChunkTotals() const;
  chunks::ChunkDiskMapper* chunk_disk_mapper() const { return cdm_; }
  wlog::Wal* wal() const { return wal_; }
  // DB::Open counts a replay that hit corruption (prometheus_tsdb_wal_corruptions_total).
  void CountWalCorruption() { metrics_.wal_corruptions_total++; }
  // The first chunk write error, if any (2.42 would have panicked).
  const Status& chunk_write_error() const { return chunk_write_error_; }

  // Deleted intervals per series (WAL tombstones records and snapshots);
  // kept for snapshots and truncated by GC as in 2.42, not applied to reads.
  const tombstones::MemTombstones& tombstones() const { return tombstones_; }
  // The data directory, where chunk snapshots live (2.42's ChunkDirRoot).
  // Without one the head neither loads nor takes snapshots.
  void set_chunk_dir_root(std::string dir) { chunk_dir_root_ = std::move(dir); }
  const std::string& chunk_dir_root() const { return chunk_dir_root_; }
  // 2.42's Head.ChunkSnapshot at the WAL's current end (the last segment
  // and the writer's offset in it). Skipped without a WAL.
  Result<ChunkSnapshotWriteStats> TakeChunkSnapshot();

 private:
  friend class HeadAppender;
  friend class HeadReplayer;

  // Init's first step with memory_snapshot_on_shutdown: the newest snapshot
  // into the head; *from_snapshot gets its series, *position where the WAL
  // picks up. On error the caller empties the head.
  Status LoadChunkSnapshot(ReplayStats* stats, std::unordered_map<uint64_t, MemSeries*>* from_snapshot,
                           SnapshotPosition* position);
  // 2.42's resetInMemoryState: no series, no tombstones, no time bounds.
  void ResetInMemoryState();

  std::pair<MemSeries*, bool> GetOrCreate(uint64_t hash, const Labels& lset);
  std::pair<MemSeries*, bool> GetOrCreateWithId(uint64_t id, uint64_t hash, const Labels& lset);
  void InitTime(int64_t t);
  void UpdateMinMaxTime(int64_t mint, int64_t maxt);
  int64_t AppendableMinValidTime() const;
  // Drops chunks before MinTime() and series left empty; returns the real
  // minimum time left and the lowest chunks_head file still referenced.
  struct GcResult {
    int64_t actual_mint;
    uint32_t min_mmap_file;
  };
  GcResult Gc();

  chunks::ChunkDiskRef WriteChunk(uint64_t series_ref, const HeadChunk& chunk) override;
  // Adds (sign 1) or takes away (-1) what a series holds from chunk_totals_.
  void AccountChunks(const MemSeries& s, int sign);

  HeadOptions opts_;
  wlog::Wal* wal_;
  Filesystem* replay_fs_;     // where Init reads the WAL from
  std::string replay_dir_;
  chunks::ChunkDiskMapper* cdm_;
  const Clock* clock_;
  EventSink* sink_;
  AppendBuffers spare_buffers_;  // lent to each appender in turn
  // WAL records FaultPoint::kBugHeadBeforeWal held back for the next commit.
  std::vector<Bytes> deferred_wal_records_;
  HeadMetrics metrics_;
  HeadChunkTotals chunk_totals_;
  SeriesMap series_;
  uint64_t last_series_id_ = 0;
  int64_t min_time_ = std::numeric_limits<int64_t>::max();
  int64_t max_time_ = std::numeric_limits<int64_t>::min();
  int64_t min_valid_time_ = std::numeric_limits<int64_t>::min();
  int64_t last_wal_truncation_time_ = std::numeric_limits<int64_t>::min();
  // Series GC'ed from memory -> the last WAL segment at that time: their
  // series records must survive checkpoints until those segments are gone.
  std::map<uint64_t, int> deleted_;
  tombstones::MemTombstones tombstones_;
  std::string chunk_dir_root_;
  Status chunk_write_error_;
};

}  // namespace tsdb::head
