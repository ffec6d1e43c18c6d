// Reads a block's chunks/ segment files (PROMETHEUS.md §9.2): header checks,
// random access by the offsets the index stores, and a sequential walk over
// every entry (the index is not needed to visit them all). Zero-copy: entries
// point into the caller's bytes.
#pragma once

#include <cstdint>
#include <functional>

#include "engine/base/coding.h"
#include "engine/base/status.h"

namespace tsdb::chunks {

struct BlockChunkEntry {
  uint64_t offset = 0;      // where the entry (its length field) starts
  uint64_t size_bytes = 0;  // the whole entry: length field, tag, data, CRC
  uint8_t encoding = 0;     // chunkenc tag
  ByteView data;            // the chunk bytes (count + bit stream)
};

// Checks size, magic and version of the 8-byte segment header.
// `segment_index` is the 0-based position of the file, for the message.
Status ValidateBlockChunkSegmentHeader(ByteView file, uint32_t segment_index);

// The entry at `offset` (the low 32 bits of a block chunk ref), with its CRC
// checked. Does not re-check the header; validate it once when opening.
// Offsets inside the header, truncated entries and CRC mismatches are
// kCorruption naming the offset.
Result<BlockChunkEntry> ChunkAt(ByteView file, uint64_t offset);

// Validates the header and calls fn for every entry from offset 8 to the end
// of the file. Returns fn's first error unchanged.
Status IterateBlockChunkSegment(ByteView file, uint32_t segment_index,
                                const std::function<Status(const BlockChunkEntry&)>& fn);

}  // namespace tsdb::chunks
