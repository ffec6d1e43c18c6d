#include "engine/chunks/read_only_chunk_disk_mapper.h"

#include "engine/chunks/head_chunk_reader.h"
#include "engine/chunks/head_chunks_format.h"
#include "engine/wlog/segments.h"

namespace tsdb::chunks {

Result<std::unique_ptr<ReadOnlyChunkDiskMapper>> ReadOnlyChunkDiskMapper::Open(
    Filesystem& fs, const std::string& dir) {
  std::unique_ptr<ReadOnlyChunkDiskMapper> m(new ReadOnlyChunkDiskMapper());
  auto entries = fs.List(dir);
  if (!entries.ok()) {
    if (entries.status().code() == StatusCode::kNotFound) return m;
    return entries.status();
  }
  std::vector<uint32_t> numbers;
  for (const auto& e : *entries) {
    const int n = wlog::ParseIndex(e.name);
    if (n > 0 && !e.is_dir) numbers.push_back(static_cast<uint32_t>(n));
  }
  for (size_t i = 0; i < numbers.size(); i++) {
    auto file = fs.MapReadOnly(JoinPath(dir, HeadChunkFileName(numbers[i])));
    if (!file.ok()) return file.status();
    const bool last = i + 1 == numbers.size();
    if (last && ((*file)->data().size() < 4 || GetBE32((*file)->data().data()) == 0)) break;
    TSDB_RETURN_IF_ERROR(ValidateHeadChunkFileHeader((*file)->data(), numbers[i]));
    m->files_[numbers[i]] = std::move(file).value();
    m->next_file_ = numbers[i] + 1;
  }
  return m;
}

Result<ChunkDiskRef> ReadOnlyChunkDiskMapper::WriteChunk(uint64_t series_ref, int64_t, int64_t,
                                                         chunkenc::Encoding, ByteView chunk) {
  // One in-memory "file" per chunk keeps refs unique and ordered.
  const ChunkDiskRef ref = MakeChunkDiskRef(next_file_++, kHeadChunksHeaderSizeBytes);
  written_[ref] = {series_ref, Bytes(chunk.begin(), chunk.end())};
  metrics_.chunks_written_total++;
  return ref;
}

Status ReadOnlyChunkDiskMapper::ReadChunk(ChunkDiskRef ref, Bytes* out) {
  if (auto w = written_.find(ref); w != written_.end()) {
    *out = w->second.data;
    return {};
  }
  auto f = files_.find(ChunkDiskRefFile(ref));
  if (f == files_.end()) return Status::NotFound("head chunk file of ref " + std::to_string(ref) + " not found");
  TSDB_ASSIGN_OR_RETURN(const ByteView data,
                        HeadChunkEntryData(f->second->data(), 0, ChunkDiskRefOffset(ref), f->first));
  out->assign(data.begin(), data.end());
  return {};
}

Status ReadOnlyChunkDiskMapper::IterateAllChunks(const std::function<Status(const MappedChunkInfo&)>& fn) {
  last_corrupt_.reset();
  for (const auto& [number, file] : files_) {
    bool from_fn = false;
    const Status s = IterateHeadChunkFile(file->data(), number, [&](const HeadChunkEntry& e) -> Status {
      const Status r = fn({e.series_ref, e.chunk_ref, e.mint, e.maxt, e.num_samples, e.encoding});
      from_fn = !r.ok();
      return r;
    });
    if (!s.ok()) {
      if (!from_fn && s.code() == StatusCode::kCorruption) last_corrupt_ = number;
      return s;
    }
  }
  return {};
}

Status ReadOnlyChunkDiskMapper::Truncate(uint32_t file_number) {
  while (!files_.empty() && files_.begin()->first < file_number &&
         std::next(files_.begin()) != files_.end()) {
    files_.erase(files_.begin());
  }
  return {};
}

Status ReadOnlyChunkDiskMapper::DeleteFilesFrom(uint32_t file_number) {
  files_.erase(files_.lower_bound(file_number), files_.end());
  return {};
}

std::vector<uint32_t> ReadOnlyChunkDiskMapper::Files() const {
  std::vector<uint32_t> out;
  for (const auto& [n, f] : files_) out.push_back(n);
  return out;
}

}  // namespace tsdb::chunks
