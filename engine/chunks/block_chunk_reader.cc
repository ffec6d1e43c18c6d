#include "engine/chunks/block_chunk_reader.h"

#include <cinttypes>
#include <cstdio>
#include <string>

#include "engine/base/crc32c.h"
#include "engine/chunks/block_chunks_format.h"

namespace tsdb::chunks {
namespace {

template <typename... Args>
std::string Format(const char* fmt, Args... args) {
  char buf[256];
  std::snprintf(buf, sizeof buf, fmt, args...);
  return buf;
}

// Prometheus's wording, plus the offset of the chunk at fault.
Status Corrupt(uint64_t offset, const std::string& what) {
  return Status::Corruption(what + Format(" (chunk at offset %" PRIu64 ")", offset));
}

}  // namespace

Status ValidateBlockChunkSegmentHeader(ByteView file, uint32_t segment_index) {
  if (file.size() < kBlockChunksHeaderSizeBytes) {
    return Status::Corruption(
        Format("invalid segment header in segment %" PRIu32 ": invalid size", segment_index));
  }
  if (const uint32_t magic = GetBE32(file.data()); magic != kBlockChunksMagic) {
    return Status::Corruption(Format("invalid magic number %" PRIx32, magic));
  }
  if (const uint8_t v = file[kBlockChunksMagicSizeBytes]; v != kBlockChunksFormatV1) {
    return Status::Corruption(Format("invalid chunk format version %d", int{v}));
  }
  return Status::Ok();
}

Result<BlockChunkEntry> ChunkAt(ByteView file, uint64_t offset) {
  const uint64_t size = file.size();
  if (offset < kBlockChunksHeaderSizeBytes) {
    return Corrupt(offset, "chunk offset points into the segment header");
  }
  // Prometheus insists on room for a full 5-byte length field, even when the
  // length itself is shorter.
  if (offset > size || size - offset < kBlockChunkLengthFieldSizeBytes) {
    return Corrupt(offset, Format("segment doesn't include enough bytes to read the chunk size data"
                                  " field - required:%" PRIu64 ", available:%" PRIu64,
                                  offset + kBlockChunkLengthFieldSizeBytes, size));
  }
  uint64_t data_len = 0;
  const int n = DecodeUvarint(file.data() + offset, kBlockChunkLengthFieldSizeBytes, &data_len);
  if (n <= 0) return Corrupt(offset, Format("reading chunk length failed with %d", n));

  const uint64_t enc_at = offset + static_cast<uint64_t>(n);
  const uint64_t data_at = enc_at + kBlockChunkEncodingSizeBytes;
  // Overflow-safe form of: data_at + data_len + CRC > size.
  if (data_at > size || data_len > size - data_at || size - data_at - data_len < kBlockChunkCrcSizeBytes) {
    return Corrupt(offset, Format("segment doesn't include enough bytes to read the chunk -"
                                  " required:%" PRIu64 ", available:%" PRIu64,
                                  data_at + data_len + kBlockChunkCrcSizeBytes, size));
  }
  const uint64_t crc_at = data_at + data_len;
  const uint32_t want = GetBE32(file.data() + crc_at);
  const uint32_t got = Crc32c(file.subspan(enc_at, crc_at - enc_at));  // tag + data
  if (want != got) {
    return Corrupt(offset, Format("checksum mismatch expected:%" PRIx32 ", actual:%" PRIx32, want, got));
  }
  BlockChunkEntry e;
  e.offset = offset;
  e.size_bytes = crc_at + kBlockChunkCrcSizeBytes - offset;
  e.encoding = file[enc_at];
  e.data = file.subspan(data_at, data_len);
  return e;
}

Status IterateBlockChunkSegment(ByteView file, uint32_t segment_index,
                                const std::function<Status(const BlockChunkEntry&)>& fn) {
  TSDB_RETURN_IF_ERROR(ValidateBlockChunkSegmentHeader(file, segment_index));
  uint64_t offset = kBlockChunksHeaderSizeBytes;
  while (offset < file.size()) {
    Result<BlockChunkEntry> e = ChunkAt(file, offset);
    if (!e.ok()) return e.status().Wrap(Format("chunk segment %" PRIu32, segment_index));
    TSDB_RETURN_IF_ERROR(fn(*e));
    offset += e->size_bytes;
  }
  return Status::Ok();
}

}  // namespace tsdb::chunks
