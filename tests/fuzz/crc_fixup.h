// CRC repair for fuzz inputs. A random byte string almost never carries a
// matching CRC-32C, so a fuzzer that only fed raw bytes would stop at the
// first checksum of every format. Each function here walks the input the way
// the reader will and rewrites every checksum it can reach, so the bytes
// behind the checksum get fuzzed too. They never resize the input and never
// read outside it; anything that does not parse is left as it is.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace tsdb::fuzz {

using MutableBytes = std::vector<uint8_t>;

// chunks_head/ file: every entry's CRC (series ref .. data).
void FixHeadChunkCrcs(MutableBytes* file);
// Block chunks/ segment: every entry's CRC (encoding + data).
void FixBlockChunkCrcs(MutableBytes* file);
// Block tombstones file: the trailing CRC over the entries.
void FixTombstonesCrc(MutableBytes* file);
// Block index: series entries and postings lists the postings offset table
// leads to (at most `max_items` of each), label indices, the symbol table,
// both offset tables and the TOC.
void FixIndexCrcs(MutableBytes* file, size_t max_items);

}  // namespace tsdb::fuzz
