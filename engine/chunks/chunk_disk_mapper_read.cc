// ChunkDiskMapper: the read path (2.42's Chunk and IterateAllChunks).
#include <cinttypes>
#include <cstdio>

#include "engine/base/crc32c.h"
#include "engine/base/str_format.h"
#include "engine/chunks/chunk_disk_mapper_impl.h"
#include "engine/chunks/head_chunk_reader.h"
#include "engine/chunks/head_chunks_format.h"

namespace tsdb::chunks {

Status ChunkDiskMapperImpl::ReadChunk(ChunkDiskRef ref, Bytes* out) {
  TSDB_RETURN_IF_ERROR(CheckOpen());
  const uint32_t seq = ChunkDiskRefFile(ref);
  const uint64_t offset = ChunkDiskRefOffset(ref);
  ByteView bytes;
  uint64_t base = 0;
  if (writer_.has_file() && seq == cur_seq_ && offset >= writer_.flushed_offset()) {
    // Not written out yet: served from the buffer, which holds whole entries.
    bytes = writer_.buffered();
    base = writer_.flushed_offset();
  } else if (files_.count(seq) == 0) {
    const char* why = seq > cur_seq_ ? "more than current open file" : "does not exist on disk";
    return Status::NotFound("corruption in head chunk file " + HeadChunkFileName(seq) +
                            StrFormat(": head chunk file index %" PRIu32 " %s", seq, why));
  } else {
    TSDB_ASSIGN_OR_RETURN(bytes, FileBytes(seq));
  }
  TSDB_ASSIGN_OR_RETURN(const ByteView data, HeadChunkEntryData(bytes, base, offset, seq));
  out->assign(data.begin(), data.end());
  return {};
}

// The file's bytes through a mapping that covers everything written to it.
// A file is mapped again only after it was written to since the last
// mapping, so a file being written costs at most one mapping per flush.
Result<ByteView> ChunkDiskMapperImpl::FileBytes(uint32_t seq) {
  MappedFileState& f = files_.at(seq);
  if (f.map == nullptr || !f.fresh) {
    f.map.reset();  // release the old mapping before taking the new one
    auto m = fs_->MapReadOnly(JoinPath(dir_, HeadChunkFileName(seq)));
    if (!m.ok()) return m.status().Wrap("mmap files, file: " + HeadChunkFileName(seq));
    f.map = std::move(m).value();
    f.fresh = true;
  }
  return f.map->data();
}

// Walks the files in ascending order, each as a restart would see it. (2.42
// stops the open file at its write offset instead, which only differs when
// its last entry is under 34 bytes and the zero tail would follow it; 2.42
// never walks an open file anyway.)
Status ChunkDiskMapperImpl::IterateAllChunks(
    const std::function<Status(const MappedChunkInfo&)>& fn) {
  TSDB_RETURN_IF_ERROR(CheckOpen());
  TSDB_RETURN_IF_ERROR(writer_.Flush());
  last_corrupt_file_.reset();
  for (const auto& [seq, unused] : files_) {
    TSDB_ASSIGN_OR_RETURN(const ByteView file, FileBytes(seq));
    bool fn_failed = false;
    const Status s = IterateHeadChunkFile(file, seq, [&](const HeadChunkEntry& e) {
      Status r = fn({.series_ref = e.series_ref,
                     .chunk_ref = e.chunk_ref,
                     .mint = e.mint,
                     .maxt = e.maxt,
                     .num_samples = e.num_samples,
                     .encoding = e.encoding});
      fn_failed = !r.ok();
      return r;
    });
    if (s.ok()) continue;
    // Only the file's own corruption names a file to delete from.
    if (!fn_failed && s.code() == StatusCode::kCorruption) last_corrupt_file_ = seq;
    return s;
  }
  return {};
}

}  // namespace tsdb::chunks
