// Options of the in-memory head block (PROMETHEUS.md §7.1).
#pragma once

#include <cstdint>

#include "engine/base/fault_points.h"

namespace tsdb::head {

inline constexpr int64_t kDefaultChunkRangeMs = 2 * 60 * 60 * 1000;  // 2h
inline constexpr int kDefaultSamplesPerChunk = 120;

struct HeadOptions {
  int64_t chunk_range_ms = kDefaultChunkRangeMs;  // = min block duration
  int samples_per_chunk = kDefaultSamplesPerChunk;
  // --enable-feature=memory-snapshot-on-shutdown: a clean close writes a
  // chunk snapshot and Init loads the newest one before chunks_head/ and
  // replays only the WAL written after it (SNAPSHOT_FORMAT.md).
  bool memory_snapshot_on_shutdown = false;
  // Rare paths a simulation may switch on (not owned; null: none).
  FaultPoints* fault_points = nullptr;
};

// Go-style wrapping arithmetic on int64: timestamps come from untrusted
// input, and 2.42's computations wrap where C++'s would be undefined.
inline int64_t WrapAdd(int64_t a, int64_t b) {
  return static_cast<int64_t>(static_cast<uint64_t>(a) + static_cast<uint64_t>(b));
}
inline int64_t WrapSub(int64_t a, int64_t b) {
  return static_cast<int64_t>(static_cast<uint64_t>(a) - static_cast<uint64_t>(b));
}
inline int64_t WrapMul(int64_t a, int64_t b) {
  return static_cast<int64_t>(static_cast<uint64_t>(a) * static_cast<uint64_t>(b));
}
// Go's truncating division; the two cases Go would panic on give 0 here.
inline int64_t SafeDiv(int64_t a, int64_t b) {
  if (b == 0 || (b == -1 && a == INT64_MIN)) return 0;
  return a / b;
}

// The end of the chunk range holding t: rangeForTimestamp in 2.42.
inline int64_t RangeForTimestamp(int64_t t, int64_t width) {
  return WrapAdd(WrapMul(SafeDiv(t, width), width), width);
}

}  // namespace tsdb::head
