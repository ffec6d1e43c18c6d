// Writes a block's chunks/ segment files (PROMETHEUS.md §9.2) the way
// Prometheus 2.42's chunks.Writer does, so the same chunks handed over in the
// same calls give byte-identical files and identical chunk refs.
//
// All chunks of one series go in one WriteChunks call. A segment is
// preallocated to the maximum segment size when it is created, and a new
// segment is started before a chunk that would push the current one past
// that size (sizes estimated with a 5-byte length field, as in 2.42); a chunk
// is never split, and a single chunk larger than a segment still gets written.
// Close truncates the preallocated tail, fsyncs and closes.
//
// Unlike 2.42, a segment is created under its final name rather than as
// `<name>.tmp` renamed afterwards: the block is being written inside a
// `.tmp-for-creation` directory that is discarded whole on a crash, so the
// extra rename protects nothing, and the Filesystem interface cannot reopen
// a preallocated file for positional writes.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>

#include "engine/base/filesystem.h"
#include "engine/base/status.h"
#include "engine/chunks/block_chunks_format.h"

namespace tsdb::chunks {

struct ChunkToWrite {
  uint8_t encoding = 1;  // chunkenc tag (1 = XOR)
  ByteView data;         // the chunk bytes, sample count first
  uint64_t ref = 0;      // set by WriteChunks: segment position << 32 | offset
};

class BlockChunkWriter {
 public:
  // Creates `dir` if needed. A max_segment_size of 0 means the default
  // (512 MiB), as in 2.42.
  static Result<std::unique_ptr<BlockChunkWriter>> Open(
      Filesystem& fs, std::string dir,
      uint64_t max_segment_size = kDefaultMaxBlockChunkSegmentSizeBytes);

  BlockChunkWriter(const BlockChunkWriter&) = delete;
  BlockChunkWriter& operator=(const BlockChunkWriter&) = delete;
  ~BlockChunkWriter();

  // Writes the chunks of one series and fills in each chunk's ref.
  Status WriteChunks(std::span<ChunkToWrite> chunks);

  // Finalizes the last segment (truncate, fsync, close). Exactly once.
  Status Close();

  // Segments created so far.
  uint32_t num_segments() const { return segments_; }

 private:
  BlockChunkWriter(Filesystem& fs, std::string dir, uint64_t max_segment_size)
      : fs_(fs), dir_(std::move(dir)), max_segment_size_(max_segment_size) {}

  Status Cut();
  Status FinalizeTail();
  Status WriteBatch(std::span<ChunkToWrite> chunks);
  Status Write(ByteView b);
  Status Flush();
  Result<uint64_t> NextSequenceNumber();

  Filesystem& fs_;
  std::string dir_;
  uint64_t max_segment_size_;
  std::unique_ptr<WritableFile> tail_;
  uint32_t segments_ = 0;
  uint64_t n_ = 0;          // bytes in the current segment, buffered ones included
  uint64_t flushed_ = 0;    // bytes of the current segment already written to the file
  Bytes buf_;
  bool closed_ = false;
};

}  // namespace tsdb::chunks
