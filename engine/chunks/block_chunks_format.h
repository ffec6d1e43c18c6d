// Layout constants of a block's chunks/ segment files (PROMETHEUS.md §9.2,
// FORMAT.md beside this file).
#pragma once

#include <cstdint>

namespace tsdb::chunks {

// Segment header: magic u32 BE | version u8 | 3 zero bytes.
inline constexpr uint32_t kBlockChunksMagic = 0x85BD40DD;
inline constexpr uint8_t kBlockChunksFormatV1 = 1;
inline constexpr int kBlockChunksMagicSizeBytes = 4;
inline constexpr int kBlockChunksHeaderSizeBytes = 8;

// Entry: len uvarint | encoding u8 | data | CRC-32C u32 over encoding + data.
// Readers always expect 5 bytes for the length field, even near the end.
inline constexpr int kBlockChunkLengthFieldSizeBytes = 5;
inline constexpr int kBlockChunkEncodingSizeBytes = 1;
inline constexpr int kBlockChunkCrcSizeBytes = 4;

inline constexpr uint64_t kDefaultMaxBlockChunkSegmentSizeBytes = 512ull << 20;  // 512 MiB

// A block chunk reference (stored in the index): the 0-based position of the
// segment in the sorted file list (000001 = 0) in the high 32 bits, the
// entry's byte offset in the low 32.
inline constexpr uint64_t BlockChunkRef(uint32_t segment_index, uint32_t offset) {
  return uint64_t{segment_index} << 32 | offset;
}
inline constexpr uint32_t BlockChunkRefSegment(uint64_t ref) { return static_cast<uint32_t>(ref >> 32); }
inline constexpr uint32_t BlockChunkRefOffset(uint64_t ref) { return static_cast<uint32_t>(ref); }

}  // namespace tsdb::chunks
