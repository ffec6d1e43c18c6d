// Reads chunks_head/ files the way Prometheus 2.42 replays them at startup
// (PROMETHEUS.md §5.4): entry by entry from offset 8, stopping at the zero
// tail left by preallocation, checking every CRC. Read-only and zero-copy:
// entries point into the caller's bytes (typically an mmapped file).
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "engine/base/coding.h"
#include "engine/base/status.h"

namespace tsdb::chunks {

struct HeadChunkEntry {
  uint64_t series_ref = 0;  // HeadSeriesRef, as in the WAL
  uint64_t chunk_ref = 0;   // HeadChunkDiskRef(file_number, entry offset)
  int64_t mint = 0;
  int64_t maxt = 0;
  uint8_t encoding = 0;      // chunkenc tag, may carry the out-of-order bit
  uint16_t num_samples = 0;  // the first two bytes at the data position
  ByteView data;             // the chunk bytes (count + bit stream)
};

// 2.42's CorruptionErr wording for a head chunk file, plus the offset of the
// entry at fault.
Status HeadChunkCorruption(uint32_t file_number, uint64_t entry_offset, const std::string& what);

// The data of the entry at file offset `offset`, found in `bytes`, which hold
// the file from offset `base` on (the whole file, or a write buffer), with
// 2.42's random-access checks (length, bounds, CRC, encoding): a bad ref is
// kCorruption naming the file and offset, never a read outside `bytes`.
Result<ByteView> HeadChunkEntryData(ByteView bytes, uint64_t base, uint64_t offset,
                                    uint32_t file_number);

// "000001": the %06d name Prometheus gives head chunk files.
std::string HeadChunkFileName(uint32_t file_number);

// Checks size, magic and version of the 8-byte file header.
Status ValidateHeadChunkFileHeader(ByteView file, uint32_t file_number);

// Validates the header, then calls fn for every entry in file order. Returns
// the first error fn returns, unchanged, or kCorruption naming the file and
// the entry's offset for truncated entries, bad lengths, CRC mismatches and
// non-zero bytes too short to be an entry. `file_number` is the number in
// the file name; it goes into chunk refs and messages.
Status IterateHeadChunkFile(ByteView file, uint32_t file_number,
                            const std::function<Status(const HeadChunkEntry&)>& fn);

}  // namespace tsdb::chunks
