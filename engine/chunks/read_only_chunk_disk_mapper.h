// A ChunkDiskMapper over somebody else's chunks_head/: it reads the files
// (mapped read-only) and never changes the directory. Chunks the head cuts
// while replaying into it stay in memory under file numbers past the last
// real file. Used to dump, list or query a data directory without writing
// into it (promtool, by contrast, may write chunks_head files there).
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "engine/chunks/chunk_disk_mapper.h"

namespace tsdb::chunks {

class ReadOnlyChunkDiskMapper final : public ChunkDiskMapper {
 public:
  // A missing directory is an empty mapper. A last file too short for a
  // header is ignored (2.42 would delete it).
  static Result<std::unique_ptr<ReadOnlyChunkDiskMapper>> Open(Filesystem& fs, const std::string& dir);

  Result<ChunkDiskRef> WriteChunk(uint64_t series_ref, int64_t mint, int64_t maxt,
                                  chunkenc::Encoding encoding, ByteView chunk) override;
  Status ReadChunk(ChunkDiskRef ref, Bytes* out) override;
  Status IterateAllChunks(const std::function<Status(const MappedChunkInfo&)>& fn) override;
  std::optional<uint32_t> LastCorruptFile() const override { return last_corrupt_; }
  // Forget files in memory only: the directory is not touched.
  Status Truncate(uint32_t file_number) override;
  Status DeleteFilesFrom(uint32_t file_number) override;
  Status Flush() override { return {}; }
  Status Close() override { return {}; }
  std::vector<uint32_t> Files() const override;
  const ChunkDiskMapperMetrics& metrics() const override { return metrics_; }

 private:
  struct MemChunk {
    uint64_t series_ref;
    Bytes data;
  };
  std::map<uint32_t, std::unique_ptr<MappedFile>> files_;
  std::map<ChunkDiskRef, MemChunk> written_;
  uint32_t next_file_ = 1;
  std::optional<uint32_t> last_corrupt_;
  ChunkDiskMapperMetrics metrics_;
};

}  // namespace tsdb::chunks
