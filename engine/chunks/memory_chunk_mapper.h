// MemoryChunkMapper: full head chunks kept in memory instead of chunks_head/
// files, as Prometheus did before 2.19 (--storage.tsdb... had no mmap then):
// the head works the same, nothing reaches the disk, and a restart has only
// the WAL to replay. Chunks are grouped in numbered "files" of the same
// size as the real ones, so head truncation frees them as it would delete
// files.
#pragma once

#include <map>
#include <vector>

#include "engine/chunks/chunk_disk_mapper.h"

namespace tsdb::chunks {

class MemoryChunkMapper final : public ChunkDiskMapper {
 public:
  explicit MemoryChunkMapper(int64_t max_file_size_bytes = ChunkDiskMapperOptions{}.max_file_size_bytes)
      : max_file_size_bytes_(max_file_size_bytes) {}

  Result<ChunkDiskRef> WriteChunk(uint64_t series_ref, int64_t mint, int64_t maxt, chunkenc::Encoding encoding,
                                  ByteView chunk) override;
  Status ReadChunk(ChunkDiskRef ref, Bytes* out) override;
  Status IterateAllChunks(const std::function<Status(const MappedChunkInfo&)>& fn) override;
  std::optional<uint32_t> LastCorruptFile() const override { return std::nullopt; }
  Status Truncate(uint32_t file_number) override;
  Status DeleteFilesFrom(uint32_t file_number) override;
  Status Flush() override { return {}; }
  Status Close() override { return {}; }
  std::vector<uint32_t> Files() const override;
  const ChunkDiskMapperMetrics& metrics() const override { return metrics_; }

  struct Stored {
    uint64_t series_ref;
    int64_t mint;
    int64_t maxt;
    chunkenc::Encoding encoding;
    Bytes data;
  };
  // Every chunk held, by ref (ascending = written order).
  const std::map<ChunkDiskRef, Stored>& chunks() const { return stored_; }

 private:
  int64_t max_file_size_bytes_;
  uint32_t file_ = 1;
  uint32_t offset_ = 8;  // as after a real file's header
  std::map<ChunkDiskRef, Stored> stored_;
  ChunkDiskMapperMetrics metrics_;
};

}  // namespace tsdb::chunks
