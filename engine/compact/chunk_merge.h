// One series' chunks during a block compaction (2.42's blockChunkSeriesSet
// and compacting chunk merger): chunks that lie inside the new block and
// carry no deleted samples pass through byte for byte; a chunk cut by a
// tombstone or by the block's bounds is re-encoded without those samples;
// chunks of different blocks that overlap in time are merged sample by
// sample (one sample per timestamp) and re-encoded 120 samples a chunk.
#pragma once

#include <cstdint>
#include <deque>
#include <vector>

#include "engine/base/coding.h"
#include "engine/base/status.h"
#include "engine/block/block_writer.h"
#include "engine/block/tombstones_file.h"

namespace tsdb::compact {

// Samples per chunk when overlapping chunks are re-encoded (2.42's
// seriesToChunkEncoder cuts at this count).
inline constexpr int kMergedSamplesPerChunk = 120;

// Owns the bytes of re-encoded chunks until the series is written.
class ChunkArena {
 public:
  ByteView Keep(Bytes b) {
    store_.push_back(std::move(b));
    return store_.back();
  }
  void Clear() { store_.clear(); }

 private:
  std::deque<Bytes> store_;  // a deque never moves what it holds
};

// The chunk after removing samples outside [mint, maxt] or inside `deleted`;
// nullopt-like empty data when nothing is left. Only XOR chunks can be cut.
Result<std::vector<block::ChunkData>> TrimChunk(const block::ChunkData& c, int64_t mint, int64_t maxt,
                                                const tombstones::Intervals& deleted, ChunkArena* arena);

// The chunks of one series from several blocks (each block's chunks in
// time order, blocks in minTime order) as one time-ordered list, with
// overlapping chunks merged. Identical duplicates are kept once.
Result<std::vector<block::ChunkData>> MergeChunks(std::vector<std::vector<block::ChunkData>> per_block,
                                                  ChunkArena* arena);

}  // namespace tsdb::compact
