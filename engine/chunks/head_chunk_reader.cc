#include "engine/chunks/head_chunk_reader.h"

#include <algorithm>
#include <cinttypes>
#include <cstdio>

#include "engine/base/crc32c.h"
#include "engine/chunkenc/chunk.h"
#include "engine/base/str_format.h"
#include "engine/chunks/head_chunks_format.h"

namespace tsdb::chunks {
namespace {

Status Corrupt(uint32_t file_number, uint64_t entry_offset, const std::string& what) {
  return HeadChunkCorruption(file_number, entry_offset, what);
}

bool AllZero(ByteView b) {
  return std::all_of(b.begin(), b.end(), [](uint8_t c) { return c == 0; });
}

// Parses the entry at `offset`, which has at least kMaxHeadChunkMetaSizeBytes
// bytes after it. Sets *end to the offset after its CRC. A zero ref, mint and
// maxt is the end-of-data marker: *end stays 0.
Status ParseEntry(ByteView file, uint32_t file_number, uint64_t offset, HeadChunkEntry* e,
                  uint64_t* end) {
  const uint8_t* p = file.data() + offset;
  e->series_ref = GetBE64(p);
  e->mint = static_cast<int64_t>(GetBE64(p + 8));
  e->maxt = static_cast<int64_t>(GetBE64(p + 16));
  *end = 0;
  if (e->series_ref == 0 && e->mint == 0 && e->maxt == 0) return Status::Ok();

  uint64_t idx = offset + kSeriesRefSizeBytes + 2 * kMintMaxtSizeBytes;
  e->encoding = file[idx];
  idx += kEncodingSizeBytes;
  uint64_t data_len = 0;
  const int n = DecodeUvarint(file.data() + idx, kMaxLengthFieldSizeBytes, &data_len);
  if (n <= 0) return Corrupt(file_number, offset, "invalid chunk data length field");
  idx += static_cast<uint64_t>(n);
  // Like Prometheus, take the count from the data position before checking
  // the length; the meta-size guarantee keeps these two bytes in the file.
  e->num_samples = GetBE16(file.data() + idx);

  const uint64_t size = file.size();
  if (data_len > size - idx || size - idx - data_len < kCrcSizeBytes) {
    return Corrupt(file_number, offset,
                   StrFormat("head chunk file doesn't include enough bytes to read the chunk header"
                          " - required:%" PRIu64 ", available:%" PRIu64 ", file:%" PRIu32,
                          idx + data_len + kCrcSizeBytes, size, file_number));
  }
  e->data = file.subspan(idx, data_len);
  idx += data_len;
  const uint32_t want = GetBE32(file.data() + idx);
  const uint32_t got = Crc32c(file.subspan(offset, idx - offset));
  if (want != got) {
    return Corrupt(file_number, offset,
                   StrFormat("checksum mismatch expected:%08" PRIx32 ", actual:%08" PRIx32, want, got));
  }
  e->chunk_ref = HeadChunkDiskRef(file_number, static_cast<uint32_t>(offset));
  *end = idx + kCrcSizeBytes;
  return Status::Ok();
}

}  // namespace

std::string HeadChunkFileName(uint32_t file_number) { return StrFormat("%06" PRIu32, file_number); }

Status ValidateHeadChunkFileHeader(ByteView file, uint32_t file_number) {
  const std::string name = HeadChunkFileName(file_number);
  if (file.size() < kHeadChunksHeaderSizeBytes) {
    return Status::Corruption(name + ": invalid head chunk file header: invalid size");
  }
  if (const uint32_t magic = GetBE32(file.data()); magic != kHeadChunksMagic) {
    return Status::Corruption(name + StrFormat(": invalid magic number %" PRIx32, magic));
  }
  if (const uint8_t v = file[kHeadChunksMagicSizeBytes]; v != kHeadChunksFormatV1) {
    return Status::Corruption(name + StrFormat(": invalid chunk format version %d", int{v}));
  }
  return Status::Ok();
}

Status IterateHeadChunkFile(ByteView file, uint32_t file_number,
                            const std::function<Status(const HeadChunkEntry&)>& fn) {
  TSDB_RETURN_IF_ERROR(ValidateHeadChunkFileHeader(file, file_number));
  const uint64_t size = file.size();
  uint64_t offset = kHeadChunksHeaderSizeBytes;
  while (offset < size) {
    if (size - offset < kMaxHeadChunkMetaSizeBytes) {
      // Too short for an entry: fine if it is the zero tail of preallocation.
      if (AllZero(file.subspan(offset))) break;
      return Corrupt(file_number, offset,
                     StrFormat("head chunk file has some unread data, but doesn't include enough bytes"
                            " to read the chunk header - required:%" PRIu64 ", available:%" PRIu64
                            ", file:%" PRIu32,
                            offset + kMaxHeadChunkMetaSizeBytes, size, file_number));
    }
    if (offset > UINT32_MAX) {
      return Corrupt(file_number, offset, "entry offset does not fit a 32-bit chunk reference");
    }
    HeadChunkEntry e;
    uint64_t end = 0;
    TSDB_RETURN_IF_ERROR(ParseEntry(file, file_number, offset, &e, &end));
    if (end == 0) break;  // zero ref, mint and maxt: end of the written data
    TSDB_RETURN_IF_ERROR(fn(e));
    offset = end;
  }
  return Status::Ok();
}

Status HeadChunkCorruption(uint32_t file_number, uint64_t entry_offset, const std::string& what) {
  return Status::Corruption("corruption in head chunk file " + HeadChunkFileName(file_number) +
                            ": " + what + StrFormat(" (entry at offset %" PRIu64 ")", entry_offset));
}

// Finds the data of the entry at file offset `offset` in `bytes`, which hold
// the file from offset `base` on (the whole file, or the write buffer). The
// checks are 2.42's random-access ones; every bound is checked, so a bad ref
// gives kCorruption and never a read outside `bytes`.
Result<ByteView> HeadChunkEntryData(ByteView bytes, uint64_t base, uint64_t offset,
                                    uint32_t seq) {
  TSDB_ASSERT(offset >= base);
  const uint64_t size = bytes.size();
  const uint64_t start = offset - base;
  const uint64_t enc_at = start + kSeriesRefSizeBytes + 2 * kMintMaxtSizeBytes;
  if (enc_at + kMaxLengthFieldSizeBytes > size) {
    return HeadChunkCorruption(seq, offset,
                   StrFormat("head chunk file doesn't include enough bytes to read the chunk size data"
                          " field - required:%" PRIu64 ", available:%" PRIu64,
                          base + enc_at + kMaxLengthFieldSizeBytes, base + size));
  }
  const uint8_t encoding = bytes[enc_at];
  uint64_t len = 0;
  const int n = DecodeUvarint(bytes.data() + enc_at + 1, kMaxLengthFieldSizeBytes, &len);
  if (n <= 0) {
    return HeadChunkCorruption(seq, offset, StrFormat("reading chunk length failed with %d", n));
  }
  const uint64_t data_at = enc_at + 1 + static_cast<uint64_t>(n);
  if (len > size - data_at || size - data_at - len < kCrcSizeBytes) {
    return HeadChunkCorruption(seq, offset,
                   StrFormat("head chunk file doesn't include enough bytes to read the chunk -"
                          " required:%" PRIu64 ", available:%" PRIu64,
                          base + data_at + len + kCrcSizeBytes, base + size));
  }
  const uint64_t data_end = data_at + len;
  const uint32_t want = GetBE32(bytes.data() + data_end);
  const uint32_t got = Crc32c(bytes.subspan(start, data_end - start));
  if (want != got) {
    return HeadChunkCorruption(seq, offset,
                   StrFormat("checksum mismatch expected:%08" PRIx32 ", actual:%08" PRIx32, want, got));
  }
  if (!chunkenc::IsValidEncoding(encoding)) {
    return HeadChunkCorruption(seq, offset,
                               StrFormat("invalid chunk encoding \"<unknown>\" (%d)", int{encoding}));
  }
  return bytes.subspan(data_at, len);
}


}  // namespace tsdb::chunks
