// ChunkDiskMapper: the write path (2.42's WriteChunk, cut, flushBuffer,
// Close). Single-threaded, so 2.42's write queue (disabled by default) has no
// counterpart: every chunk is written when WriteChunk is called.
#include <cinttypes>
#include <cstdio>

#include "engine/base/crc32c.h"
#include "engine/chunks/chunk_disk_mapper_impl.h"
#include "engine/chunks/head_chunks_format.h"

namespace tsdb::chunks {
namespace {

// Series ref, mint, maxt, encoding: the fixed part before the length.
constexpr int kEntryPrefixBytes = kSeriesRefSizeBytes + 2 * kMintMaxtSizeBytes + kEncodingSizeBytes;

uint64_t EntryBytes(size_t data_len) {
  return uint64_t{kEntryPrefixBytes} + static_cast<uint64_t>(UvarintSize(data_len)) + data_len +
         kCrcSizeBytes;
}

}  // namespace

Result<ChunkDiskRef> ChunkDiskMapperImpl::WriteChunk(uint64_t series_ref, int64_t mint,
                                                     int64_t maxt, chunkenc::Encoding encoding,
                                                     ByteView chunk) {
  TSDB_RETURN_IF_ERROR(CheckOpen());
  // Keeps every entry offset, even one after an oversized chunk, in 32 bits.
  if (chunk.size() > (size_t{1} << 30)) {
    return Status::InvalidArgument("head chunk larger than 1 GiB");
  }
  const uint64_t entry_bytes = EntryBytes(chunk.size());
  bool cut = false;
  const ChunkDiskRef ref = NextChunkRef(entry_bytes, &cut);
  if (cut) TSDB_RETURN_IF_ERROR(CutAndExpectRef(ref));
  TSDB_RETURN_IF_ERROR(WriteEntry(series_ref, mint, maxt, static_cast<uint8_t>(encoding), chunk));
  metrics_.chunks_written_total++;
  Emit({.type = EventType::kHeadChunkWritten,
        .bytes = static_cast<int64_t>(entry_bytes),
        .count = static_cast<int64_t>(ChunkDiskRefFile(ref)),
        .ref = ref,
        .mint = mint,
        .maxt = maxt});
  return ref;
}

// The ref is decided before anything is written, from the position alone
// (2.42's getNextChunkRef): a new file when one was requested, when nothing
// was written since startup, or when the entry would pass the size limit.
ChunkDiskRef ChunkDiskMapperImpl::NextChunkRef(uint64_t entry_bytes, bool* cut) {
  *cut = pos_.cut_file || pos_.offset == 0 ||
         pos_.offset + entry_bytes > static_cast<uint64_t>(options_.max_file_size_bytes);
  if (*cut) {
    pos_.seq++;
    pos_.offset = kHeadChunksHeaderSizeBytes;
    pos_.cut_file = false;
  }
  const ChunkDiskRef ref = MakeChunkDiskRef(pos_.seq, static_cast<uint32_t>(pos_.offset));
  pos_.offset += entry_bytes;
  return ref;
}

// Finishes the current file and creates the next one, numbered one past the
// highest number in the directory. That number and the position's must
// agree; 2.42 reports the same error when they do not (issue #11618).
Status ChunkDiskMapperImpl::CutAndExpectRef(ChunkDiskRef ref) {
  TSDB_RETURN_IF_ERROR(FinalizeCurrentFile());
  auto listed = ListHeadChunkFiles(*fs_, dir_);
  if (!listed.ok()) return listed.status().Wrap("next sequence file");
  const uint64_t next = listed->empty() ? 1 : listed->rbegin()->first + 1;
  if (next > UINT32_MAX) return Status::IOError("next sequence file: head chunk file numbers exhausted");
  const auto seq = static_cast<uint32_t>(next);
  TSDB_ASSIGN_OR_RETURN(auto file, CreateHeadChunkFile(fs_, dir_, seq));
  writer_.Reset(std::move(file), kHeadChunksHeaderSizeBytes);
  cur_seq_ = seq;
  cur_size_ = kHeadChunksHeaderSizeBytes;
  files_[seq] = {};
  metrics_.files_created_total++;
  Emit({.type = EventType::kHeadChunkFileCreated, .count = seq});

  if (ChunkDiskRefFile(ref) != seq || ChunkDiskRefOffset(ref) != kHeadChunksHeaderSizeBytes) {
    char msg[128];
    std::snprintf(msg, sizeof msg,
                  "expected newly cut file to have sequence:offset %" PRIu32 ":%" PRIu32
                  ", got %" PRIu32 ":%d",
                  ChunkDiskRefFile(ref), ChunkDiskRefOffset(ref), seq, kHeadChunksHeaderSizeBytes);
    return Status::IOError(msg);
  }
  return {};
}

// Flush, fsync, close. The file keeps its length: the zero tail of the
// preallocation stays, which is how readers find the end of the data.
Status ChunkDiskMapperImpl::FinalizeCurrentFile() {
  if (!writer_.has_file()) return {};
  const uint32_t seq = cur_seq_;
  TSDB_RETURN_IF_ERROR(writer_.FlushSyncClose());
  metrics_.fsyncs_total++;
  Emit({.type = EventType::kHeadChunkFsync, .count = seq});
  return {};
}

// Ref, mint, maxt, encoding, length, data, CRC over all of them. An entry
// that fits the buffer never straddles a flush: if the buffer lacks room for
// the worst-case entry size it is written out first. An entry as large as the
// buffer is written through and flushed at once, so the buffer only ever
// holds whole entries between calls.
Status ChunkDiskMapperImpl::WriteEntry(uint64_t series_ref, int64_t mint, int64_t maxt,
                                       uint8_t encoding, ByteView chunk) {
  const uint64_t worst_case = chunk.size() + uint64_t{kMaxHeadChunkMetaSizeBytes};
  const bool larger_than_buffer =
      worst_case >= static_cast<uint64_t>(options_.write_buffer_size_bytes);
  if (!larger_than_buffer && writer_.Available() < worst_case) {
    TSDB_RETURN_IF_ERROR(writer_.Flush());
  }
  uint8_t head[kEntryPrefixBytes + kMaxLengthFieldSizeBytes];
  PutBE64(head, series_ref);
  PutBE64(head + 8, static_cast<uint64_t>(mint));
  PutBE64(head + 16, static_cast<uint64_t>(maxt));
  head[24] = encoding;
  const size_t head_len = kEntryPrefixBytes + static_cast<size_t>(EncodeUvarint(head + 25, chunk.size()));
  uint8_t crc[kCrcSizeBytes];
  PutBE32(crc, Crc32cExtend(Crc32c({head, head_len}), chunk));

  TSDB_RETURN_IF_ERROR(writer_.Write({head, head_len}));
  cur_size_ += head_len;
  TSDB_RETURN_IF_ERROR(writer_.Write(chunk));
  cur_size_ += chunk.size();
  TSDB_RETURN_IF_ERROR(writer_.Write(crc));
  cur_size_ += kCrcSizeBytes;
  if (larger_than_buffer) TSDB_RETURN_IF_ERROR(writer_.Flush());
  return {};
}

void ChunkDiskMapperImpl::OnFileWrite(uint64_t offset, uint64_t bytes) {
  // The mapping may not show these bytes yet.
  if (auto it = files_.find(cur_seq_); it != files_.end()) it->second.fresh = false;
  metrics_.buffer_flushes_total++;
  Emit({.type = EventType::kHeadChunkFlush,
        .offset = static_cast<int64_t>(offset),
        .bytes = static_cast<int64_t>(bytes),
        .count = cur_seq_});
}

Status ChunkDiskMapperImpl::Flush() {
  TSDB_RETURN_IF_ERROR(CheckOpen());
  return writer_.Flush();
}

// Writes out and fsyncs the open file, then releases every mapping. Safe to
// call twice.
Status ChunkDiskMapperImpl::Close() {
  if (closed_) return {};
  closed_ = true;
  const Status s = FinalizeCurrentFile();
  files_.clear();
  return s;
}

}  // namespace tsdb::chunks
