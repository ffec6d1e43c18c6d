// Block chunks/ segment fuzzer: the sequential walk over every entry
// (IterateBlockChunkSegment), random access by offset (ChunkAt) at every
// entry and at offsets the input names, and each XOR chunk decoded.
//
// Input: byte 0 bit 0 set = repair every entry's CRC first; the rest is the
// segment file.
#include <cstddef>
#include <cstdint>

#include "engine/chunkenc/chunk.h"
#include "engine/chunks/block_chunk_reader.h"
#include "tests/fuzz/crc_fixup.h"
#include "tests/fuzz/fuzz_check.h"
#include "tests/fuzz/xor_walk.h"

namespace {

namespace chunks = tsdb::chunks;

void CheckError(const tsdb::Status& s) {
  FUZZ_CHECK(s.code() == tsdb::StatusCode::kCorruption, "%s", s.ToString().c_str());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  tsdb::fuzz::MutableBytes bytes(data + 1, data + size);
  if ((data[0] & 1) != 0) tsdb::fuzz::FixBlockChunkCrcs(&bytes);
  const tsdb::ByteView file(bytes);
  const tsdb::Status s =
      chunks::IterateBlockChunkSegment(file, 0, [&](const chunks::BlockChunkEntry& e) {
        auto again = chunks::ChunkAt(file, e.offset);
        FUZZ_CHECK(again.ok() && again->data.data() == e.data.data() &&
                       again->size_bytes == e.size_bytes,
                   "ChunkAt disagrees with the walk at %llu",
                   static_cast<unsigned long long>(e.offset));
        if (tsdb::chunkenc::IsXorEncoding(e.encoding)) tsdb::fuzz::WalkXorChunk(e.data);
        return tsdb::Status::Ok();
      });
  if (!s.ok()) CheckError(s);
  // Refs as an index would hold them: the last 4 bytes as an offset, and a
  // few fixed ones (the header, the end, past the end).
  const uint64_t tail = file.size() >= 4 ? tsdb::GetBE32(file.data() + file.size() - 4) : 0;
  for (const uint64_t offset : {tail, uint64_t{0}, uint64_t{8}, uint64_t{file.size()},
                                uint64_t{file.size()} + 1, uint64_t{UINT32_MAX}}) {
    auto e = chunks::ChunkAt(file, offset);
    if (!e.ok()) CheckError(e.status());
  }
  return 0;
}
