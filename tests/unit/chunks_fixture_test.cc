// Every XOR chunk Prometheus 2.42 wrote into the shared fixtures, read through
// the head-chunk and block-chunk readers, decoded, and re-encoded byte for byte.
// Plus corrupt copies of those files (made in memory, never on disk).
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <string>
#include <vector>

#include "engine/chunkenc/chunk.h"
#include "engine/chunkenc/xor.h"
#include "engine/chunks/block_chunk_reader.h"
#include "engine/chunks/block_chunks_format.h"
#include "engine/chunks/head_chunk_reader.h"
#include "engine/chunks/head_chunks_format.h"

namespace tsdb::chunks {
namespace {

const std::string kFixtures = std::string(TSDB_FIXTURES_DIR) + "/prometheus-2.42/";

Bytes ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in.good()) << "cannot open " << path;
  return Bytes(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

struct Decoded {
  int num_samples = 0;
  int64_t first_t = 0;
  int64_t last_t = 0;
};

// Decodes an XOR chunk fully and checks that re-encoding its samples gives
// back the same bytes.
Decoded DecodeAndReencode(ByteView data, const std::string& where) {
  Decoded d;
  chunkenc::XorIterator it(data);
  chunkenc::XorChunk again;
  while (it.Next()) {
    if (d.num_samples == 0) d.first_t = it.t();
    d.last_t = it.t();
    d.num_samples++;
    again.Append(it.t(), it.v());
  }
  EXPECT_TRUE(it.status().ok()) << where << ": " << it.status().ToString();
  EXPECT_EQ(d.num_samples, it.num_samples()) << where;
  EXPECT_TRUE(std::equal(data.begin(), data.end(), again.bytes().begin(), again.bytes().end()))
      << where << ": re-encoding differs (" << data.size() << " vs " << again.bytes().size()
      << " bytes)";
  EXPECT_TRUE(chunkenc::XorChunk::FromBytes(data).ok()) << where;
  return d;
}

struct HeadFileStats {
  int chunks = 0;
  int64_t samples = 0;
};

HeadFileStats CheckHeadChunkFile(const std::string& path, uint32_t file_number) {
  const Bytes file = ReadFile(path);
  HeadFileStats stats;
  std::map<uint64_t, int64_t> last_maxt_by_series;
  uint64_t expected_offset = kHeadChunksHeaderSizeBytes;
  const Status st = IterateHeadChunkFile(file, file_number, [&](const HeadChunkEntry& e) {
    const std::string where = path + " @" + std::to_string(HeadChunkRefOffset(e.chunk_ref));
    EXPECT_EQ(HeadChunkRefFile(e.chunk_ref), file_number);
    EXPECT_EQ(HeadChunkRefOffset(e.chunk_ref), expected_offset) << where;
    expected_offset += 8 + 8 + 8 + 1 + static_cast<uint64_t>(UvarintSize(e.data.size())) +
                       e.data.size() + 4;
    EXPECT_NE(e.series_ref, 0u) << where;
    EXPECT_EQ(e.encoding, static_cast<uint8_t>(chunkenc::Encoding::kXor)) << where;
    const Decoded d = DecodeAndReencode(e.data, where);
    EXPECT_EQ(d.num_samples, e.num_samples) << where;
    EXPECT_EQ(d.first_t, e.mint) << where;
    EXPECT_EQ(d.last_t, e.maxt) << where;
    // §5.4: a series' m-mapped chunks are strictly increasing in time.
    if (auto prev = last_maxt_by_series.find(e.series_ref); prev != last_maxt_by_series.end()) {
      EXPECT_GT(e.mint, prev->second) << where;
    }
    last_maxt_by_series[e.series_ref] = e.maxt;
    stats.chunks++;
    stats.samples += d.num_samples;
    return Status::Ok();
  });
  EXPECT_TRUE(st.ok()) << st.ToString();
  return stats;
}

TEST(HeadChunkFixtures, MmappedDatadirHas1536ChunksThatReencodeExactly) {
  const HeadFileStats s = CheckHeadChunkFile(kFixtures + "mmapped-datadir/chunks_head/000001", 1);
  EXPECT_EQ(s.chunks, 1536);
  EXPECT_EQ(s.samples, 184'320);  // every chunk is full: 1,536 x 120
  std::printf("[ fixtures ] mmapped-datadir/chunks_head/000001: %d chunks, %lld samples\n",
              s.chunks, static_cast<long long>(s.samples));
}

TEST(HeadChunkFixtures, KilledDatadirHeadFileIsOnlyPreallocatedZeros) {
  // SIGKILL lost the 4 MiB write buffer: the file is its header plus zeros.
  const HeadFileStats s = CheckHeadChunkFile(kFixtures + "killed-datadir/chunks_head/000004", 4);
  EXPECT_EQ(s.chunks, 0);
  std::printf("[ fixtures ] killed-datadir/chunks_head/000004: %d chunks\n", s.chunks);
}

struct BlockInfo {
  const char* ulid;
  int64_t min_t, max_t;  // meta.json: [min, max)
  int64_t samples;       // promtool tsdb list
};

constexpr BlockInfo kBlocks[] = {
    {"01M7Y58916E608TSR6NPPZ45WP", 1795234554122, 1795234560000, 3072},
    {"01M7Y58EWEJYYZBZK0JE965GV5", 1795234560122, 1795234680000, 61440},
    {"01M7Y5C42K6J9VZJNF5EYN20B5", 1795234680122, 1795234800000, 61440},
    {"01M7Y5FS8GFZ377DEAMFNVZE12", 1795234800122, 1795234920000, 61440},
    {"01M7Y5KEEJWT01A135TX918KJ9", 1795234920122, 1795235040000, 61440},
};

TEST(BlockChunkFixtures, EveryBlockChunkDecodesAndReencodesExactly) {
  int total_chunks = 0;
  for (const BlockInfo& b : kBlocks) {
    const std::string dir = kFixtures + "killed-datadir/" + b.ulid + "/chunks";
    std::vector<std::string> segments;
    for (const auto& f : std::filesystem::directory_iterator(dir)) segments.push_back(f.path().string());
    std::sort(segments.begin(), segments.end());
    ASSERT_EQ(segments.size(), 1u) << dir;
    int chunks = 0;
    int64_t samples = 0;
    for (uint32_t seg = 0; seg < segments.size(); seg++) {
      const Bytes file = ReadFile(segments[seg]);
      const Status st = IterateBlockChunkSegment(file, seg, [&](const BlockChunkEntry& e) {
        const std::string where = segments[seg] + " @" + std::to_string(e.offset);
        EXPECT_EQ(e.encoding, static_cast<uint8_t>(chunkenc::Encoding::kXor)) << where;
        const Decoded d = DecodeAndReencode(e.data, where);
        EXPECT_GE(d.first_t, b.min_t) << where;
        EXPECT_LT(d.last_t, b.max_t) << where;
        // Random access by offset finds the same entry.
        Result<BlockChunkEntry> again = ChunkAt(file, e.offset);
        EXPECT_TRUE(again.ok() && again->data.data() == e.data.data()) << where;
        chunks++;
        samples += d.num_samples;
        return Status::Ok();
      });
      EXPECT_TRUE(st.ok()) << st.ToString();
    }
    EXPECT_EQ(chunks, 512) << b.ulid;
    EXPECT_EQ(samples, b.samples) << b.ulid;
    std::printf("[ fixtures ] block %s: %d chunks, %lld samples\n", b.ulid, chunks,
                static_cast<long long>(samples));
    total_chunks += chunks;
  }
  EXPECT_EQ(total_chunks, 2560);
}

// ------------------------------------------------------------ corruption

Bytes MmappedHeadFile() { return ReadFile(kFixtures + "mmapped-datadir/chunks_head/000001"); }

Status IterateAll(ByteView file, uint32_t number, int* count) {
  *count = 0;
  return IterateHeadChunkFile(file, number, [&](const HeadChunkEntry&) {
    ++*count;
    return Status::Ok();
  });
}

// Offsets of the first few entries, from a clean walk.
std::vector<uint64_t> EntryOffsets(ByteView file) {
  std::vector<uint64_t> offsets;
  EXPECT_TRUE(IterateHeadChunkFile(file, 1, [&](const HeadChunkEntry& e) {
                offsets.push_back(HeadChunkRefOffset(e.chunk_ref));
                return Status::Ok();
              }).ok());
  return offsets;
}

void ExpectCorruptionAt(const Status& st, uint64_t offset, const std::string& phrase) {
  EXPECT_EQ(st.code(), StatusCode::kCorruption) << st.ToString();
  EXPECT_NE(st.message().find("head chunk file 000001"), std::string::npos) << st.message();
  EXPECT_NE(st.message().find("offset " + std::to_string(offset)), std::string::npos) << st.message();
  EXPECT_NE(st.message().find(phrase), std::string::npos) << st.message();
}

TEST(HeadChunkCorruption, FlippedDataByteIsAChecksumMismatchAtThatEntry) {
  Bytes file = MmappedHeadFile();
  const std::vector<uint64_t> offsets = EntryOffsets(file);
  ASSERT_GT(offsets.size(), 10u);
  file[offsets[10] + 40] ^= 0x10;  // inside entry 10's data
  int count = 0;
  ExpectCorruptionAt(IterateAll(file, 1, &count), offsets[10], "checksum mismatch");
  EXPECT_EQ(count, 10);
}

TEST(HeadChunkCorruption, TruncatedEntryNamesItsOffset) {
  const Bytes file = MmappedHeadFile();
  const std::vector<uint64_t> offsets = EntryOffsets(file);
  // Cut entry 100 after its meta but before its CRC.
  const Bytes cut(file.begin(), file.begin() + static_cast<long>(offsets[101] - 2));
  int count = 0;
  ExpectCorruptionAt(IterateAll(cut, 1, &count), offsets[100], "doesn't include enough bytes");
  EXPECT_EQ(count, 100);
  // Cut it so that fewer than 34 non-zero bytes remain.
  const Bytes short_tail(file.begin(), file.begin() + static_cast<long>(offsets[100] + 20));
  ExpectCorruptionAt(IterateAll(short_tail, 1, &count), offsets[100], "some unread data");
}

TEST(HeadChunkCorruption, ZeroTailsEndTheFile) {
  Bytes file = MmappedHeadFile();
  int count = 0;
  for (int extra : {1, 33, 34, 4096}) {
    Bytes padded = file;
    padded.resize(file.size() + static_cast<size_t>(extra), 0);
    EXPECT_TRUE(IterateAll(padded, 1, &count).ok()) << extra;
    EXPECT_EQ(count, 1536) << extra;
  }
  // A zero ref/mint/maxt stops the walk even if bytes follow.
  const std::vector<uint64_t> offsets = EntryOffsets(file);
  std::fill(file.begin() + static_cast<long>(offsets[5]), file.begin() + static_cast<long>(offsets[5] + 24), 0);
  EXPECT_TRUE(IterateAll(file, 1, &count).ok());
  EXPECT_EQ(count, 5);
}

TEST(HeadChunkCorruption, BadHeaders) {
  const Bytes file = MmappedHeadFile();
  int count = 0;
  Bytes bad_magic = file;
  bad_magic[0] = 0x02;
  Status st = IterateAll(bad_magic, 1, &count);
  EXPECT_EQ(st.code(), StatusCode::kCorruption);
  EXPECT_EQ(st.message(), "000001: invalid magic number 230bc91");
  Bytes bad_version = file;
  bad_version[4] = 2;
  st = IterateAll(bad_version, 7, &count);
  EXPECT_EQ(st.message(), "000007: invalid chunk format version 2");
  st = IterateAll(ByteView(file).first(7), 1, &count);
  EXPECT_EQ(st.code(), StatusCode::kCorruption);
  EXPECT_EQ(count, 0);
}

TEST(HeadChunkCorruption, EveryTruncationIsCleanOrCorruption) {
  const Bytes file = MmappedHeadFile();
  const std::vector<uint64_t> offsets = EntryOffsets(file);
  int count = 0;
  for (uint64_t n = 0; n < offsets[3] + 10; n++) {
    const Status st = IterateAll(ByteView(file).first(n), 1, &count);
    if (n < kHeadChunksHeaderSizeBytes) {
      EXPECT_EQ(st.code(), StatusCode::kCorruption) << n;
      continue;
    }
    // Clean exactly when the bytes after the last whole entry are too few to
    // be an entry and all zero (an entry starts with zero bytes of its
    // series ref, so a cut there looks like a zero tail, as in Prometheus).
    const uint64_t last_end = *(std::upper_bound(offsets.begin(), offsets.end(), n) - 1);
    const ByteView rest = ByteView(file).subspan(last_end, n - last_end);
    const bool clean = rest.empty() || (rest.size() < kMaxHeadChunkMetaSizeBytes &&
                                        std::all_of(rest.begin(), rest.end(), [](uint8_t c) { return c == 0; }));
    EXPECT_EQ(st.ok(), clean) << n << ": " << st.ToString();
    if (!clean) {
      EXPECT_EQ(st.code(), StatusCode::kCorruption) << n;
    }
  }
}

TEST(HeadChunkCorruption, RandomByteDamageIsCleanOrCorruption) {
  const Bytes file = MmappedHeadFile();
  uint64_t rng = 42;
  auto next = [&rng] { return (rng = rng * 6364136223846793005u + 1442695040888963407u) >> 33; };
  for (int round = 0; round < 300; round++) {
    Bytes damaged = file;
    const int flips = 1 + static_cast<int>(next() % 4);
    for (int i = 0; i < flips; i++) damaged[next() % damaged.size()] = static_cast<uint8_t>(next());
    const Status st = IterateHeadChunkFile(damaged, 1, [](const HeadChunkEntry& e) {
      chunkenc::XorIterator it(e.data);  // decode whatever passed its CRC
      while (it.Next()) {
      }
      return it.status();
    });
    EXPECT_TRUE(st.ok() || st.code() == StatusCode::kCorruption) << st.ToString();
  }
}

TEST(HeadChunkCorruption, CallbackErrorsPassThrough) {
  const Bytes file = MmappedHeadFile();
  const Status st = IterateHeadChunkFile(file, 1, [](const HeadChunkEntry& e) {
    return e.series_ref == 3 ? Status::InvalidArgument("stop") : Status::Ok();
  });
  EXPECT_EQ(st.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(st.message(), "stop");
}

TEST(BlockChunkCorruption, FlipsTruncationsAndBadOffsets) {
  const Bytes file = ReadFile(kFixtures + "killed-datadir/" + kBlocks[1].ulid + "/chunks/000001");
  std::vector<uint64_t> offsets;
  ASSERT_TRUE(IterateBlockChunkSegment(file, 0, [&](const BlockChunkEntry& e) {
                offsets.push_back(e.offset);
                return Status::Ok();
              }).ok());
  ASSERT_EQ(offsets.size(), 512u);
  EXPECT_EQ(offsets[0], 8u);

  Bytes flipped = file;
  flipped[offsets[7] + 3] ^= 0x01;
  Status st = IterateBlockChunkSegment(flipped, 0, [](const BlockChunkEntry&) { return Status::Ok(); });
  EXPECT_EQ(st.code(), StatusCode::kCorruption);
  EXPECT_NE(st.message().find("checksum mismatch"), std::string::npos) << st.message();
  EXPECT_NE(st.message().find("offset " + std::to_string(offsets[7])), std::string::npos) << st.message();

  for (uint64_t n = offsets[511] + 1; n < file.size(); n++) {
    st = IterateBlockChunkSegment(ByteView(file).first(n), 0, [](const BlockChunkEntry&) { return Status::Ok(); });
    EXPECT_EQ(st.code(), StatusCode::kCorruption) << n;
  }
  EXPECT_EQ(ChunkAt(file, 0).status().code(), StatusCode::kCorruption);
  EXPECT_EQ(ChunkAt(file, file.size()).status().code(), StatusCode::kCorruption);
  EXPECT_EQ(ChunkAt(file, ~uint64_t{0}).status().code(), StatusCode::kCorruption);
  EXPECT_EQ(ChunkAt(file, offsets[3] + 1).status().code(), StatusCode::kCorruption);

  Bytes bad_magic = file;
  bad_magic[3] = 0;
  st = ValidateBlockChunkSegmentHeader(bad_magic, 0);
  EXPECT_EQ(st.message(), "invalid magic number 85bd4000");
  EXPECT_EQ(ValidateBlockChunkSegmentHeader(ByteView(file).first(4), 0).code(), StatusCode::kCorruption);
}

}  // namespace
}  // namespace tsdb::chunks
