// The content of one series entry (everything between its uvarint length and
// its CRC): label pairs as symbol references, then the chunk metas
// delta-encoded against the previous chunk. Shared by the writer and the
// reader so both sides agree bit for bit.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "engine/base/coding.h"
#include "engine/index/chunk_meta.h"

namespace tsdb::index {

// A label pair as two symbol references (ordinals in v2, file offsets in v1).
struct LabelRef {
  uint64_t name = 0;
  uint64_t value = 0;
};

// Appends the content of a series entry to *out.
void EncodeSeriesContent(std::span<const LabelRef> labels, std::span<const ChunkMeta> chunks,
                         Encbuf* out);

// Decodes a series entry's content into the (cleared) vectors. Returns
// nullptr on success, else what went wrong ("invalid uvarint", "invalid
// size", "invalid label count", ...).
const char* DecodeSeriesContent(ByteView content, std::vector<LabelRef>* labels,
                                std::vector<ChunkMeta>* chunks);

}  // namespace tsdb::index
