// The fixture shared by the ChunkDiskMapper tests: a temporary chunks
// directory, an event recorder, and helpers to make and inspect chunks.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "engine/base/crc32c.h"
#include "engine/base/posix_filesystem.h"
#include "engine/chunks/chunk_disk_mapper.h"
#include "engine/chunks/head_chunk_reader.h"
#include "engine/chunks/head_chunks_format.h"
#include "support/fixtures.h"
#include "support/temp_dir.h"

namespace tsdb::chunks::cdm_test {

using chunkenc::Encoding;

constexpr int64_t kMinBuffer = 64 * 1024;

struct RecordingSink final : EventSink {
  std::vector<Event> events;
  void OnEvent(const Event& e) override {
    events.push_back(e);
    events.back().detail = {};
  }
  std::vector<Event> Of(EventType t) const {
    std::vector<Event> out;
    for (const Event& e : events) {
      if (e.type == t) out.push_back(e);
    }
    return out;
  }
};

// Chunk bytes that start with a plausible sample count and differ per seed.
inline Bytes MakeChunk(size_t size, uint32_t seed) {
  Bytes b(size);
  uint32_t x = seed * 2654435761u + 1;
  for (size_t i = 0; i < size; i++) {
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    b[i] = static_cast<uint8_t>(x);
  }
  if (size >= 2) PutBE16(b.data(), static_cast<uint16_t>(seed % 120 + 1));
  return b;
}

class ChunkDiskMapperTest : public ::testing::Test {
 protected:
  std::string Dir() const { return tmp_.Join("chunks_head"); }
  std::string FilePath(uint32_t n) const { return JoinPath(Dir(), HeadChunkFileName(n)); }

  std::unique_ptr<ChunkDiskMapper> OpenOk(ChunkDiskMapperOptions o = {}) {
    auto m = ChunkDiskMapper::Open(&fs_, Dir(), o, &sink_);
    EXPECT_TRUE(m.ok()) << m.status().ToString();
    return m.ok() ? std::move(m).value() : nullptr;
  }
  ChunkDiskRef WriteOk(ChunkDiskMapper& m, uint64_t series, int64_t mint, const Bytes& c,
                       Encoding enc = Encoding::kXor) {
    auto r = m.WriteChunk(series, mint, mint + 1000, enc, c);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? *r : 0;
  }
  Bytes ReadOk(ChunkDiskMapper& m, ChunkDiskRef ref) {
    Bytes out;
    const Status s = m.ReadChunk(ref, &out);
    EXPECT_TRUE(s.ok()) << s.ToString();
    return out;
  }
  Bytes FileBytes(uint32_t n) {
    auto b = ReadWholeFile(fs_, FilePath(n));
    EXPECT_TRUE(b.ok()) << b.status().ToString();
    return b.ok() ? *b : Bytes{};
  }
  std::vector<MappedChunkInfo> IterateOk(ChunkDiskMapper& m) {
    std::vector<MappedChunkInfo> all;
    const Status s = m.IterateAllChunks([&](const MappedChunkInfo& i) {
      all.push_back(i);
      return Status::Ok();
    });
    EXPECT_TRUE(s.ok()) << s.ToString();
    return all;
  }
  // A file with a valid header and one entry, written by a mapper.
  void MakeFiles(int count, ChunkDiskMapperOptions o) {
    auto m = OpenOk(o);
    for (int i = 0; i < count; i++) {
      ASSERT_TRUE(m->Truncate(0).ok());  // forces the next write into a new file
      WriteOk(*m, static_cast<uint64_t>(i + 1), i * 1000, MakeChunk(100, static_cast<uint32_t>(i)));
    }
    ASSERT_TRUE(m->Close().ok());
  }
  void CopyFixture(const std::string& rel) {
    const std::string from = testing::FixturePath("prometheus-2.42/" + rel + "/chunks_head");
    ASSERT_TRUE(fs_.MkdirAll(Dir()).ok());
    auto list = fs_.List(from);
    ASSERT_TRUE(list.ok()) << list.status().ToString();
    for (const DirEntry& e : *list) {
      auto data = ReadWholeFile(fs_, JoinPath(from, e.name));
      ASSERT_TRUE(data.ok());
      ASSERT_TRUE(WriteWholeFile(fs_, JoinPath(Dir(), e.name), *data, false).ok());
    }
  }

  testing::TempDir tmp_;
  PosixFilesystem fs_;
  RecordingSink sink_;
};

}  // namespace tsdb::chunks::cdm_test
