// ChunkDiskMapper: writes full head chunks to chunks_head/ and reads them
// back, as Prometheus 2.42's chunks.ChunkDiskMapper does (PROMETHEUS.md §5):
// files 000001..., an 8-byte header, entries carrying series ref, mint,
// maxt, encoding, length, data and a CRC over the whole entry; a 4 MiB write
// buffer; 128 MiB files preallocated 128 KiB at a time; fsync only when a
// file is finished and at Close.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/base/event_sink.h"
#include "engine/base/filesystem.h"
#include "engine/chunkenc/chunk.h"

namespace tsdb::chunks {

// (file number << 32) | byte offset of the entry's series-ref field.
using ChunkDiskRef = uint64_t;
inline ChunkDiskRef MakeChunkDiskRef(uint32_t file, uint32_t offset) {
  return uint64_t{file} << 32 | offset;
}
inline uint32_t ChunkDiskRefFile(ChunkDiskRef r) { return static_cast<uint32_t>(r >> 32); }
inline uint32_t ChunkDiskRefOffset(ChunkDiskRef r) { return static_cast<uint32_t>(r); }

struct ChunkDiskMapperOptions {
  int64_t write_buffer_size_bytes = 4 * 1024 * 1024;  // 64 KiB..8 MiB, multiple of 1024
  int64_t max_file_size_bytes = 128 * 1024 * 1024;
};

struct ChunkDiskMapperMetrics {
  uint64_t chunks_written_total = 0;
  uint64_t files_created_total = 0;
  uint64_t files_deleted_total = 0;
  uint64_t buffer_flushes_total = 0;
  uint64_t fsyncs_total = 0;
};

// What IterateAllChunks hands the head for each entry.
struct MappedChunkInfo {
  uint64_t series_ref = 0;
  ChunkDiskRef chunk_ref = 0;
  int64_t mint = 0;
  int64_t maxt = 0;
  uint16_t num_samples = 0;
  uint8_t encoding = 0;
};

class ChunkDiskMapper {
 public:
  // Creates dir if needed; lists the files (non-numeric names ignored),
  // deletes a torn last file (< 4 bytes or zero magic), fails with
  // "found unsequential head chunk files A (index: i) and B (index: j)" on a
  // gap, and validates each header. Writing resumes at (last file, offset 0),
  // so the first write after a restart starts a new file; no file is open
  // for writing until then. kInvalidArgument, with 2.42's message, for a
  // buffer size outside 64 KiB..8 MiB or not a multiple of 1024.
  // Destroying the mapper without Close() is a killed process: whatever is
  // still in the write buffer is lost.
  static Result<std::unique_ptr<ChunkDiskMapper>> Open(Filesystem* fs, std::string dir,
                                                       ChunkDiskMapperOptions options,
                                                       EventSink* sink = nullptr);
  virtual ~ChunkDiskMapper() = default;

  // Appends one chunk entry (buffered) and returns its ref.
  virtual Result<ChunkDiskRef> WriteChunk(uint64_t series_ref, int64_t mint, int64_t maxt,
                                          chunkenc::Encoding encoding, ByteView chunk) = 0;

  // Copies the chunk bytes of ref (count + bit stream) into *out, from the
  // write buffer or the file. kCorruption (with file and offset) when the
  // entry's CRC does not match; kNotFound for a ref to a deleted file.
  virtual Status ReadChunk(ChunkDiskRef ref, Bytes* out) = 0;

  // Walks every entry of every file in order (startup replay, §5.4). Stops
  // at the first error fn returns, or a kCorruption naming file and offset.
  // 2.42 only calls it before the first write; called later, it writes the
  // buffer out first so buffered chunks are walked too.
  virtual Status IterateAllChunks(const std::function<Status(const MappedChunkInfo&)>& fn) = 0;
  // After IterateAllChunks returned kCorruption from a file (not an error of
  // fn): that file's number, for DeleteFilesFrom. Empty otherwise.
  virtual std::optional<uint32_t> LastCorruptFile() const = 0;

  // Deletes files numbered < file_number in ascending order, stopping at the
  // file open for writing, exactly as 2.42; if that file holds chunks, the
  // next write starts a new file. After a restart no file is open until the
  // first write, so nothing stops the deletion: Truncate(UINT32_MAX) then
  // deletes every file (2.42's "discard chunk files" fallback) and numbering
  // starts again at 000001.
  virtual Status Truncate(uint32_t file_number) = 0;

  // After a CorruptionError in file_number: deletes it and every later file
  // (2.42's DeleteCorrupted), so replay can try the earlier files again. The
  // next write starts the file after the last one left. (Should the file open
  // for writing be among them, its buffer is dropped; 2.42 never does this.)
  virtual Status DeleteFilesFrom(uint32_t file_number) = 0;

  // The next write starts a new file (2.42's CutNewFile). Mappers that keep
  // chunks in memory have no files to cut and ignore it.
  virtual void CutNewFile() {}

  // Writes out the buffer (without fsync).
  virtual Status Flush() = 0;
  // Flushes, fsyncs and closes the current file.
  virtual Status Close() = 0;

  // Numbers of the files on disk, ascending.
  virtual std::vector<uint32_t> Files() const = 0;
  virtual const ChunkDiskMapperMetrics& metrics() const = 0;
};

}  // namespace tsdb::chunks
