// Writes a persisted block the way Prometheus 2.42's LeveledCompactor.write
// does (PROMETHEUS.md §9.1): everything goes into <ULID>.tmp-for-creation/
// (chunks/, index, meta.json, an empty tombstones file), the directory is
// fsynced and then renamed to <ULID>, replacing any existing block of that
// name. A block without samples is not written at all: 2.42 returns an
// empty ULID then, we return BlockWriteOutcome::kEmpty.
//
// Two ways in: BlockWriter streams series one by one (the caller supplies
// the symbol table up front, as a head compaction does with the head's
// symbols), WriteBlock takes every series at once and derives the symbols.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine/base/filesystem.h"
#include "engine/base/status.h"
#include "engine/block/meta.h"
#include "engine/block/ulid.h"
#include "engine/chunks/block_chunk_writer.h"
#include "engine/chunks/block_chunks_format.h"
#include "engine/index/index_writer.h"
#include "engine/labels/labels.h"

namespace tsdb::block {

// One chunk of a series, as the head or a compaction hands it over.
struct ChunkData {
  int64_t min_time = 0;  // first sample, ms
  int64_t max_time = 0;  // last sample, ms (inclusive)
  uint8_t encoding = 1;  // chunkenc tag; 1 = XOR
  ByteView data;         // the chunk bytes, sample count (u16 BE) first
};

struct SeriesData {
  Labels labels;
  std::vector<ChunkData> chunks;
};

struct BlockWriterOptions {
  uint64_t max_chunk_segment_size = chunks::kDefaultMaxBlockChunkSegmentSizeBytes;
  // meta.json's compaction section; unset means a head block's: level 1,
  // sources = [the block's own ULID].
  std::optional<BlockMetaCompaction> compaction;
};

enum class BlockWriteOutcome : uint8_t {
  kWritten,  // the block is in place under <data_dir>/<ULID>
  kEmpty,    // no samples: nothing was left on disk
};

struct BlockWriteResult {
  BlockWriteOutcome outcome = BlockWriteOutcome::kEmpty;
  BlockMeta meta;   // stats filled in either way
  std::string dir;  // <data_dir>/<ULID> when written
  bool written() const { return outcome == BlockWriteOutcome::kWritten; }
};

class BlockWriter {
 public:
  // Starts the temporary block directory (removing a leftover one).
  // `symbols` must be sorted, unique, and hold every label name and value of
  // the series to come; 2.42's head blocks also carry "" (the all-postings
  // key) and the symbols of head series that have no chunk in the block.
  static Result<std::unique_ptr<BlockWriter>> Open(Filesystem& fs, std::string data_dir,
                                                   const Ulid& ulid, int64_t min_time,
                                                   int64_t max_time,
                                                   std::span<const std::string_view> symbols,
                                                   BlockWriterOptions options = {});

  BlockWriter(const BlockWriter&) = delete;
  BlockWriter& operator=(const BlockWriter&) = delete;
  // Without Finish, the temporary directory is removed.
  ~BlockWriter();

  // Adds the next series (strictly increasing label order). A series
  // without chunks is skipped, as 2.42 skips fully deleted series.
  Status AddSeries(const Labels& labels, std::span<const ChunkData> chunks);

  // Closes the files; with samples, writes meta.json and tombstones and
  // moves the block into place; without, removes the temporary directory.
  Result<BlockWriteResult> Finish();

  const BlockStats& stats() const { return meta_.stats; }

 private:
  BlockWriter(Filesystem& fs, std::string data_dir, std::string tmp_dir, BlockMeta meta)
      : fs_(fs), data_dir_(std::move(data_dir)), tmp_dir_(std::move(tmp_dir)),
        meta_(std::move(meta)) {}

  Status MoveIntoPlace(const std::string& dir);

  Filesystem& fs_;
  std::string data_dir_;
  std::string tmp_dir_;
  BlockMeta meta_;
  std::unique_ptr<chunks::BlockChunkWriter> chunkw_;
  std::unique_ptr<index::IndexWriter> indexw_;
  uint64_t next_ref_ = 0;
  bool finished_ = false;
  std::vector<chunks::ChunkToWrite> chunk_buf_;
  std::vector<index::ChunkMeta> meta_buf_;
};

// Writes a whole block from series in label order. Symbols are "" plus
// every label name and value of the series. With no samples at all nothing
// is touched on disk and the outcome is kEmpty.
Result<BlockWriteResult> WriteBlock(Filesystem& fs, const std::string& data_dir, const Ulid& ulid,
                                    int64_t min_time, int64_t max_time,
                                    std::span<const SeriesData> series,
                                    const BlockWriterOptions& options = {});

}  // namespace tsdb::block
