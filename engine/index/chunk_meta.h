// What the index stores about one chunk of a series: where the chunk lives in
// the block's chunks/ segments and which time range it covers.
#pragma once

#include <cstdint>

namespace tsdb::index {

struct ChunkMeta {
  uint64_t ref = 0;      // block chunk ref: segment position << 32 | offset
  int64_t min_time = 0;  // first sample's timestamp, ms
  int64_t max_time = 0;  // last sample's timestamp, ms (inclusive)
  friend bool operator==(const ChunkMeta&, const ChunkMeta&) = default;
};

}  // namespace tsdb::index
