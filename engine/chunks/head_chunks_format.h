// Layout constants of chunks_head/ files, the head's memory-mapped chunks
// (PROMETHEUS.md §5, FORMAT.md beside this file).
#pragma once

#include <cstdint>

namespace tsdb::chunks {

// File header: magic u32 BE | version u8 | 3 zero bytes.
inline constexpr uint32_t kHeadChunksMagic = 0x0130BC91;
inline constexpr uint8_t kHeadChunksFormatV1 = 1;
inline constexpr int kHeadChunksMagicSizeBytes = 4;
inline constexpr int kHeadChunksHeaderSizeBytes = 8;

// Entry: series ref u64 | mint i64 | maxt i64 | encoding u8 | len uvarint |
// data | CRC-32C u32 over everything before it in the entry.
inline constexpr int kSeriesRefSizeBytes = 8;
inline constexpr int kMintMaxtSizeBytes = 8;
inline constexpr int kEncodingSizeBytes = 1;
inline constexpr int kMaxLengthFieldSizeBytes = 5;  // a uvarint of a 32-bit length
inline constexpr int kCrcSizeBytes = 4;
// The most an entry can take besides its data. A reader needs at least this
// many bytes left to start an entry; fewer, all zero, means end of data.
inline constexpr int kMaxHeadChunkMetaSizeBytes = kSeriesRefSizeBytes + 2 * kMintMaxtSizeBytes +
                                                  kEncodingSizeBytes + kMaxLengthFieldSizeBytes +
                                                  kCrcSizeBytes;
static_assert(kMaxHeadChunkMetaSizeBytes == 34);

inline constexpr uint64_t kMaxHeadChunkFileSizeBytes = 128ull << 20;  // 128 MiB

// A chunks_head reference: the file's number (its name, 000001 = 1) in the
// high 32 bits, the entry's byte offset in the low 32.
inline constexpr uint64_t HeadChunkDiskRef(uint32_t file_number, uint32_t offset) {
  return uint64_t{file_number} << 32 | offset;
}
inline constexpr uint32_t HeadChunkRefFile(uint64_t ref) { return static_cast<uint32_t>(ref >> 32); }
inline constexpr uint32_t HeadChunkRefOffset(uint64_t ref) { return static_cast<uint32_t>(ref); }

}  // namespace tsdb::chunks
