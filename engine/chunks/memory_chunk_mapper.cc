#include "engine/chunks/memory_chunk_mapper.h"

#include <set>

namespace tsdb::chunks {

namespace {
// series ref 8, mint 8, maxt 8, encoding 1, length uvarint (<= 3), crc 4.
constexpr uint32_t kEntryOverheadBytes = 32;
}  // namespace

Result<ChunkDiskRef> MemoryChunkMapper::WriteChunk(uint64_t series_ref, int64_t mint, int64_t maxt,
                                                   chunkenc::Encoding encoding, ByteView chunk) {
  const auto entry_bytes = static_cast<uint32_t>(chunk.size()) + kEntryOverheadBytes;
  if (offset_ > 8 && static_cast<int64_t>(offset_) + entry_bytes > max_file_size_bytes_) {
    file_++;
    offset_ = 8;
    metrics_.files_created_total++;
  }
  const ChunkDiskRef ref = MakeChunkDiskRef(file_, offset_);
  offset_ += entry_bytes;
  stored_.emplace(ref, Stored{series_ref, mint, maxt, encoding, Bytes(chunk.begin(), chunk.end())});
  metrics_.chunks_written_total++;
  return ref;
}

Status MemoryChunkMapper::ReadChunk(ChunkDiskRef ref, Bytes* out) {
  auto it = stored_.find(ref);
  if (it == stored_.end()) return Status::NotFound("head chunk " + std::to_string(ref) + " not in memory");
  *out = it->second.data;
  return {};
}

Status MemoryChunkMapper::IterateAllChunks(const std::function<Status(const MappedChunkInfo&)>& fn) {
  for (const auto& [ref, s] : stored_) {
    TSDB_RETURN_IF_ERROR(fn({s.series_ref, ref, s.mint, s.maxt, GetBE16(s.data.data()),
                             static_cast<uint8_t>(s.encoding)}));
  }
  return {};
}

Status MemoryChunkMapper::Truncate(uint32_t file_number) {
  // As the real mapper: never the file being written to.
  const uint32_t limit = std::min(file_number, file_);
  std::erase_if(stored_, [&](const auto& kv) { return ChunkDiskRefFile(kv.first) < limit; });
  return {};
}

Status MemoryChunkMapper::DeleteFilesFrom(uint32_t file_number) {
  std::erase_if(stored_, [&](const auto& kv) { return ChunkDiskRefFile(kv.first) >= file_number; });
  return {};
}

std::vector<uint32_t> MemoryChunkMapper::Files() const {
  std::set<uint32_t> files;
  for (const auto& [ref, s] : stored_) files.insert(ChunkDiskRefFile(ref));
  files.insert(file_);
  return {files.begin(), files.end()};
}

}  // namespace tsdb::chunks
