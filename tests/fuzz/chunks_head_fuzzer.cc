// chunks_head/ fuzzer: a head chunk file walked entry by entry as startup
// replay does (IterateHeadChunkFile), each entry looked up again by its ref
// (HeadChunkEntryData) and its XOR chunk decoded; then the same file as
// chunks_head/000001 on the simulated filesystem through ChunkDiskMapper
// (open, iterate, read every chunk, delete from a corrupt file).
//
// Input: byte 0 bit 0 set = repair every entry's CRC first; the rest is the
// file.
#include <algorithm>
#include <cstddef>
#include <cstdint>

#include "engine/chunkenc/chunk.h"
#include "engine/chunks/chunk_disk_mapper.h"
#include "engine/chunks/head_chunk_reader.h"
#include "engine/chunks/head_chunks_format.h"
#include "fault_injection/sim_filesystem.h"
#include "tests/fuzz/crc_fixup.h"
#include "tests/fuzz/fuzz_check.h"
#include "tests/fuzz/xor_walk.h"

namespace {

namespace chunks = tsdb::chunks;
constexpr uint32_t kFile = 1;

void InMemory(tsdb::ByteView file) {
  const tsdb::Status s = chunks::IterateHeadChunkFile(file, kFile, [&](const chunks::HeadChunkEntry& e) {
    const uint64_t offset = chunks::HeadChunkRefOffset(e.chunk_ref);
    auto again = chunks::HeadChunkEntryData(file, 0, offset, kFile);
    if (tsdb::chunkenc::IsValidEncoding(e.encoding)) {
      FUZZ_CHECK(again.ok(), "entry at %llu: %s", static_cast<unsigned long long>(offset),
                 again.status().ToString().c_str());
      FUZZ_CHECK(again->data() == e.data.data() && again->size() == e.data.size(),
                 "random access disagrees with the walk at %llu",
                 static_cast<unsigned long long>(offset));
    }
    if (tsdb::chunkenc::IsXorEncoding(e.encoding)) tsdb::fuzz::WalkXorChunk(e.data);
    return tsdb::Status::Ok();
  });
  if (!s.ok()) FUZZ_CHECK(s.code() == tsdb::StatusCode::kCorruption, "%s", s.ToString().c_str());
}

void OnFilesystem(tsdb::ByteView file) {
  tsdbsim::fault::SimFilesystem fs;
  FUZZ_CHECK(fs.MkdirAll("/chunks_head").ok(), "mkdir");
  FUZZ_CHECK(tsdb::WriteWholeFile(fs, "/chunks_head/000001", file, true).ok(), "write");
  // The smallest write buffer: nothing is written, and 4 MiB per run is slow.
  auto m = chunks::ChunkDiskMapper::Open(&fs, "/chunks_head", {.write_buffer_size_bytes = 64 * 1024});
  if (!m.ok()) return;
  // The chunks themselves were decoded by InMemory already.
  tsdb::Bytes out;
  const tsdb::Status s = (*m)->IterateAllChunks([&](const chunks::MappedChunkInfo& c) {
    (void)(*m)->ReadChunk(c.chunk_ref, &out);
    return tsdb::Status::Ok();
  });
  if (!s.ok() && (*m)->LastCorruptFile().has_value()) {
    FUZZ_CHECK((*m)->DeleteFilesFrom(*(*m)->LastCorruptFile()).ok(), "delete corrupt files");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  tsdb::fuzz::MutableBytes file(data + 1, data + size);
  if ((data[0] & 1) != 0) tsdb::fuzz::FixHeadChunkCrcs(&file);
  InMemory(file);
  OnFilesystem(file);
  return 0;
}
