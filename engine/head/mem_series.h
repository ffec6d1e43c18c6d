// MemSeries: one series in the head (2.42's memSeries): its labels, the
// open head chunk being appended to, and the full chunks already written to
// chunks_head/ and referenced by disk ref only.
#pragma once

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

class MemSeries {
 public:
  MemSeries(uint64_t ref, Labels labels) : ref_(ref), labels_(std::move(labels)) {}

  uint64_t ref() const { return ref_; }
  const Labels& labels() const { return labels_; }

  // The checks of 2.42's memSeries.appendable with out-of-order disabled:
  // kOk, kOutOfBounds, kOutOfOrder or kDuplicate.
  StatusCode Appendable(int64_t t, uint64_t v_bits, int64_t min_valid_time) const;

  // 2.42's memSeries.append: cuts a chunk when due (writing the full one to
  // sink), then appends. Samples not newer than the series are dropped.
  AppendResult Append(int64_t t, double v, ChunkSink& sink, const HeadOptions& opts);

  // Drops chunks entirely before mint; returns how many were removed.
  int TruncateChunksBefore(int64_t mint);

  int64_t MaxTime() const { return max_time_; }  // INT64_MIN when the series holds no sample
  int64_t MinTime() const;  // INT64_MAX when the series holds no sample
  bool HasChunks() const { return head_chunk_.has_value() || !mmapped_.empty(); }

  const HeadChunk* head_chunk() const { return head_chunk_ ? &*head_chunk_ : nullptr; }
  // Hints the CPU to fetch what the next Append will write (the commit loop
  // calls it a few samples ahead: series are scattered in memory).
  void PrefetchForAppend() const {
    if (head_chunk_) __builtin_prefetch(head_chunk_->chunk.stream_end(), 1);
  }
  const std::vector<MmappedChunk>& mmapped_chunks() const { return mmapped_; }
  uint64_t first_chunk_id() const { return first_chunk_id_; }

  // Hot fields first: every Appendable/Append reads them, so they share the
  // object's first cache line.
 private:
  int64_t max_time_ = std::numeric_limits<int64_t>::min();  // of the last sample kept
  uint64_t last_value_bits_ = 0;
  int64_t next_at_ = std::numeric_limits<int64_t>::min();
  bool has_head_chunk_ = false;  // head_chunk_.has_value(), kept in this cache line

 public:
  bool pending_commit = false;
  // During replay: the last mmapped chunk's maxt; samples not after it are skipped.
  int64_t mm_max_time = std::numeric_limits<int64_t>::min();

 private:
  // Next to the hot fields: Commit appends to it right after the checks.
  std::optional<HeadChunk> head_chunk_;

 public:

  // Replay attaches the mmapped chunks found on disk and drops the head chunk.
  void ResetWithMmappedChunks(std::vector<MmappedChunk> chunks);

 private:
  HeadChunk* CutNewHeadChunk(int64_t mint, ChunkSink& sink, const HeadOptions& opts);
  void MmapCurrentHeadChunk(ChunkSink& sink);
  void RecomputeMaxTime();

  uint64_t ref_;
  Labels labels_;
  std::vector<MmappedChunk> mmapped_;
  uint64_t first_chunk_id_ = 0;
};

// 2.42's computeChunkEndTime: spreads the remaining samples of a chunk range
// evenly over chunks of about samples_per_chunk.
int64_t ComputeChunkEndTime(int64_t start, int64_t cur, int64_t max);

}  // namespace tsdb::head
