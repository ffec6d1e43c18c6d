// MemSeries: one series in the head (2.42's memSeries): its labels, the
// open head chunk being appended to, and the full chunks already written to
// chunks_head/ and referenced by disk ref only.
#pragma once

#include <bit>
#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <vector>

#include "engine/base/status.h"
#include "engine/chunkenc/xor.h"
#include "engine/chunks/chunk_disk_mapper.h"
#include "engine/head/head_options.h"
#include "engine/labels/labels.h"

namespace tsdb::head {

struct MmappedChunk {
  chunks::ChunkDiskRef ref = 0;
  int64_t mint = 0;
  int64_t maxt = 0;
  uint16_t num_samples = 0;
};

struct HeadChunk {
  chunkenc::XorChunk chunk;
  int64_t mint = 0;
  int64_t maxt = std::numeric_limits<int64_t>::min();
};

// Where a series puts a head chunk it cuts (the head's chunk disk mapper).
class ChunkSink {
 public:
  virtual ~ChunkSink() = default;
  // Returns the disk ref of the written chunk; never fails for the caller:
  // 2.42 panics on a chunk write error, the head records it (see Head).
  virtual chunks::ChunkDiskRef WriteChunk(uint64_t series_ref, const HeadChunk& chunk) = 0;
};

struct AppendResult {
  bool in_order = false;       // false: dropped (not newer than what the series has)
  bool chunk_created = false;
};

// Layout: the object is aligned to a cache line. Its first line holds what
// the appender's checks read (Appendable, pending_commit, and labels for a
// lookup by hash); the second holds the head chunk, encoder state included,
// which the commit appends to; the rest is cold. A commit of a scrape touches
// each of its series twice (Append, then Commit) and 1,000 series do not fit
// in L1, so every line saved is a miss saved.
class alignas(64) MemSeries {
 public:
  MemSeries(uint64_t ref, Labels labels) : labels_(std::move(labels)), ref_(ref) {}

  uint64_t ref() const { return ref_; }
  const Labels& labels() const { return labels_; }

  // The checks of 2.42's memSeries.appendable with out-of-order disabled:
  // kOk, kOutOfBounds, kOutOfOrder or kDuplicate.
  StatusCode Appendable(int64_t t, uint64_t v_bits, int64_t min_valid_time) const {
    if (t >= min_valid_time && (!has_head_chunk_ || t > max_time_)) [[likely]] return StatusCode::kOk;
    return AppendableSlow(t, v_bits, min_valid_time);
  }

  // 2.42's memSeries.append: cuts a chunk when due (writing the full one to
  // sink), then appends. Samples not newer than the series are dropped.
  AppendResult Append(int64_t t, double v, ChunkSink& sink, const HeadOptions& opts) {
    if (has_head_chunk_) [[likely]] {
      // The usual sample: newer than the chunk, no cut due, no end time to
      // predict (the cases AppendSlow handles, in 2.42's order).
      HeadChunk& c = *head_chunk_;
      const int n = c.chunk.NumSamples();
      if (t > c.maxt && t < next_at_ && n > 0 && n != opts.samples_per_chunk / 4 &&
          n < opts.samples_per_chunk * 2) [[likely]] {
        c.chunk.Append(t, v);
        c.maxt = t;
        max_time_ = t;
        last_value_bits_ = std::bit_cast<uint64_t>(v);
        return {.in_order = true, .chunk_created = false};
      }
    }
    return AppendSlow(t, v, sink, opts);
  }

  // Drops chunks entirely before mint; returns how many were removed.
  int TruncateChunksBefore(int64_t mint);

  int64_t MaxTime() const { return max_time_; }  // INT64_MIN when the series holds no sample
  int64_t MinTime() const;  // INT64_MAX when the series holds no sample
  bool HasChunks() const { return has_head_chunk_ || !mmapped_.empty(); }

  const HeadChunk* head_chunk() const { return head_chunk_ ? &*head_chunk_ : nullptr; }
  // A sample at or after it cuts the head chunk (2.42's nextAt).
  int64_t next_at() const { return next_at_; }
  int64_t OpenChunkBytes() const { return has_head_chunk_ ? static_cast<int64_t>(head_chunk_->chunk.SizeBytes()) : 0; }
  // Hints the CPU to fetch the two hot lines (the commit loop calls it well
  // ahead: series are scattered in memory) ...
  void PrefetchHotLines() const {
    __builtin_prefetch(this, 1);
    __builtin_prefetch(reinterpret_cast<const char*>(this) + 64, 1);
  }
  // ... and, closer, where the next Append writes (this reads the second line).
  void PrefetchForAppend() const {
    if (has_head_chunk_) __builtin_prefetch(head_chunk_->chunk.stream_end(), 1);
  }
  const std::vector<MmappedChunk>& mmapped_chunks() const { return mmapped_; }
  uint64_t first_chunk_id() const { return first_chunk_id_; }
  // Bits of the last value appended (what a chunk snapshot stores).
  uint64_t last_value_bits() const { return last_value_bits_; }

  // Replay attaches the mmapped chunks found on disk and drops the head chunk.
  void ResetWithMmappedChunks(std::vector<MmappedChunk> chunks);

  // Chunk snapshot load: the snapshot's chunk becomes the open head chunk
  // and, as in 2.42, the next sample appended cuts a new one (its end time
  // is set to the chunk's maxt).
  void RestoreSnapshotHeadChunk(HeadChunk chunk, uint64_t last_value_bits);
  // chunks_head/ replay for a series the snapshot created: the chunk is
  // appended; one reaching the head chunk was cut after the snapshot was
  // taken, so the head chunk is dropped.
  void AttachMmappedChunk(const MmappedChunk& chunk);

  // First cache line.
 private:
  int64_t max_time_ = std::numeric_limits<int64_t>::min();  // of the last sample kept
  uint64_t last_value_bits_ = 0;
  int64_t next_at_ = std::numeric_limits<int64_t>::min();
  bool has_head_chunk_ = false;  // head_chunk_.has_value(), kept in this line

 public:
  bool pending_commit = false;
  // During replay: the last mmapped chunk's maxt; samples not after it are skipped.
  int64_t mm_max_time = std::numeric_limits<int64_t>::min();

 private:
  Labels labels_;
  uint64_t ref_;

  // Second cache line: the chunk (its flag, in the third line, is mirrored
  // by has_head_chunk_).
  alignas(64) std::optional<HeadChunk> head_chunk_;

  // Cold.
  std::vector<MmappedChunk> mmapped_;
  uint64_t first_chunk_id_ = 0;

  StatusCode AppendableSlow(int64_t t, uint64_t v_bits, int64_t min_valid_time) const;
  AppendResult AppendSlow(int64_t t, double v, ChunkSink& sink, const HeadOptions& opts);
  HeadChunk* CutNewHeadChunk(int64_t mint, ChunkSink& sink, const HeadOptions& opts);
  void MmapCurrentHeadChunk(ChunkSink& sink);
  void RecomputeMaxTime();
};

// 2.42's computeChunkEndTime: spreads the remaining samples of a chunk range
// evenly over chunks of about samples_per_chunk.
int64_t ComputeChunkEndTime(int64_t start, int64_t cur, int64_t max);

}  // namespace tsdb::head
