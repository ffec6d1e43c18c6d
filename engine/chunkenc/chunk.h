// Chunk encodings: the one-byte tag stored next to every chunk on disk (head
// chunk files, block chunk segments, chunk snapshots). Only XOR is implemented
// here; the other tags exist so readers can name what they skip.
#pragma once

#include <cstdint>

namespace tsdb::chunkenc {

enum class Encoding : uint8_t {
  kNone = 0,
  kXor = 1,
  kHistogram = 2,
  kFloatHistogram = 3,
};

// The head marks out-of-order chunks by setting the top bit of the tag
// (0x81 = out-of-order XOR). Such tags only appear in chunks_head/ files,
// never in blocks.
inline constexpr uint8_t kOutOfOrderMask = 0x80;
inline constexpr uint8_t kOutOfOrderXor = static_cast<uint8_t>(Encoding::kXor) | kOutOfOrderMask;

// Every chunk of every encoding starts with its sample count, uint16 big-endian.
inline constexpr int kChunkHeaderSizeBytes = 2;
inline constexpr int kMaxSamplesPerChunk = 0xFFFF;

inline constexpr bool IsOutOfOrderEncoding(uint8_t tag) { return (tag & kOutOfOrderMask) != 0; }

// The tags a reader accepts (Prometheus's IsValidEncoding): XOR, OOO XOR and
// the two histogram encodings. kNone is never valid on disk.
inline constexpr bool IsValidEncoding(uint8_t tag) {
  return tag == static_cast<uint8_t>(Encoding::kXor) || tag == kOutOfOrderXor ||
         tag == static_cast<uint8_t>(Encoding::kHistogram) ||
         tag == static_cast<uint8_t>(Encoding::kFloatHistogram);
}

// True for the tags whose bytes are an XOR chunk (in-order or out-of-order).
inline constexpr bool IsXorEncoding(uint8_t tag) {
  return tag == static_cast<uint8_t>(Encoding::kXor) || tag == kOutOfOrderXor;
}

// The names Prometheus prints for encodings (Encoding.String()).
inline constexpr const char* EncodingName(Encoding e) {
  switch (e) {
    case Encoding::kNone: return "none";
    case Encoding::kXor: return "XOR";
    case Encoding::kHistogram: return "histogram";
    case Encoding::kFloatHistogram: return "floathistogram";
  }
  return "<unknown>";
}

}  // namespace tsdb::chunkenc
