// Reading the head: its series in label order with the chunks that overlap
// a time range, for compaction (writing a block), dump and queries.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "engine/base/coding.h"
#include "engine/base/status.h"
#include "engine/labels/labels.h"

namespace tsdb::head {

class Head;

struct ChunkData {
  int64_t mint = 0;
  int64_t maxt = 0;
  Bytes data;  // an XOR chunk: 2-byte count and bit stream
};

// Calls fn(labels, chunks) for every series holding samples in
// [mint, maxt] (inclusive), in label order. Chunks reaching outside the
// range are re-encoded with only the samples inside it (2.42 trims them the
// same way when it writes a block). Stops at the first error.
Status ForEachSeriesInRange(const Head& head, int64_t mint, int64_t maxt,
                            const std::function<Status(const Labels&, std::vector<ChunkData>&)>& fn);

}  // namespace tsdb::head
