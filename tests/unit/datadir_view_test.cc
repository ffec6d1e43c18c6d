// ReadDataDirView against the real Prometheus 2.42 fixtures, checked with
// facts found another way: blocks from `promtool tsdb list`, chunks_head/
// from `tsdbsim inspect`'s reader, segments from the directory listing,
// records counted here with the WAL reader, times from `promtool tsdb dump`.
// And damaged copies: a problem naming the file, never a failure.
#include <gtest/gtest.h>

#include <array>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "engine/base/posix_filesystem.h"
#include "engine/chunks/head_chunk_stats.h"
#include "engine/record/record.h"
#include "engine/wlog/reader.h"
#include "sim/step/datadir_view.h"
#include "support/fixtures.h"
#include "support/temp_dir.h"

namespace tsdbsim {
namespace {

using tsdb::testing::FixturePath;

const std::string kKilled = "prometheus-2.42/killed-datadir";
const std::string kMmapped = "prometheus-2.42/mmapped-datadir";

DataDirView Read(const std::string& dir) {
  tsdb::PosixFilesystem fs;
  auto v = ReadDataDirView(fs, dir);
  EXPECT_TRUE(v.ok()) << v.status().ToString();
  return v.ok() ? std::move(v).value() : DataDirView{};
}

// The promtool list table: ULID, min, max, duration, samples, chunks, series, size.
std::vector<WorldBlock> PromtoolList(const std::string& rel) {
  std::ifstream in(FixturePath(rel));
  std::string line;
  std::getline(in, line);  // the header
  std::vector<WorldBlock> out;
  while (std::getline(in, line)) {
    std::istringstream row(line);
    WorldBlock b;
    std::string duration;
    row >> b.ulid >> b.min_time_ms >> b.max_time_ms >> duration >> b.samples >> b.chunks >> b.series;
    out.push_back(b);
  }
  return out;
}

// Segment numbers and sizes, as the directory lists them.
std::map<int64_t, int64_t> SegmentFiles(const std::string& wal) {
  std::map<int64_t, int64_t> out;
  for (const auto& e : std::filesystem::directory_iterator(wal)) {
    if (e.is_regular_file()) out[std::stoll(e.path().filename().string())] = static_cast<int64_t>(e.file_size());
  }
  return out;
}

struct DumpSpan {
  int64_t min = INT64_MAX;
  int64_t max = INT64_MIN;
};

DumpSpan DumpTimes(const std::string& rel) {
  DumpSpan s;
  EXPECT_TRUE(tsdb::testing::ForEachGzipLine(FixturePath(rel), [&](const std::string& line) {
    const int64_t t = tsdb::testing::DumpLineTimestamp(line);
    s.min = std::min(s.min, t);
    s.max = std::max(s.max, t);
  }));
  return s;
}

void ExpectSegmentsAsListed(const DataDirView& v, const std::string& wal) {
  const std::map<int64_t, int64_t> files = SegmentFiles(wal);
  ASSERT_EQ(v.world.wal.segments.size(), files.size());
  size_t i = 0;
  for (const auto& [number, size] : files) {
    const WorldWalSegment& s = v.world.wal.segments[i++];
    EXPECT_EQ(s.number, number);
    EXPECT_EQ(s.bytes_written, size);
    EXPECT_EQ(s.bytes_fsynced, size);
    EXPECT_EQ(s.pages_flushed, (size + 32767) / 32768);
    int64_t sum = 0;
    for (int64_t n : s.records_by_type) sum += n;
    EXPECT_EQ(s.records, sum);
    EXPECT_GT(s.records, 0);
  }
}

// chunks_head/ file by file as `tsdbsim inspect` reads it, and the chunk
// list adding up to the same counts.
void ExpectChunksAsInspected(const DataDirView& v, const std::string& dir) {
  tsdb::PosixFilesystem fs;
  auto files = tsdb::chunks::InspectHeadChunks(fs, dir + "/chunks_head");
  ASSERT_TRUE(files.ok());
  ASSERT_EQ(v.world.chunks_head.size(), files->size());
  for (size_t i = 0; i < files->size(); i++) {
    const auto& want = (*files)[i];
    const WorldChunkFile& f = v.world.chunks_head[i];
    EXPECT_EQ(f.number, want.number);
    EXPECT_EQ(f.size_bytes, want.size_bytes);
    EXPECT_EQ(f.chunks, want.chunks);
    EXPECT_EQ(f.chunks_flushed, want.chunks);
    int64_t chunks = 0, samples = 0;
    std::set<uint64_t> series;
    for (const DataDirChunk& c : v.chunks) {
      if (c.file != f.number) continue;
      chunks++;
      samples += c.samples;
      series.insert(c.series_ref);
      EXPECT_GE(c.mint, want.min_time_ms);
      EXPECT_LE(c.maxt, want.max_time_ms);
      EXPECT_LE(c.offset + 8, f.bytes_written);
    }
    EXPECT_EQ(chunks, want.chunks);
    EXPECT_EQ(samples, want.samples);
    EXPECT_EQ(static_cast<int64_t>(series.size()), want.series);
    EXPECT_LE(f.bytes_written, f.size_bytes);
  }
}

TEST(DataDirViewTest, KilledDatadir) {
  const std::string dir = FixturePath(kKilled);
  const DataDirView v = Read(dir);
  EXPECT_TRUE(v.problems.empty()) << v.problems.front();
  EXPECT_FALSE(v.world.process_up);

  const std::vector<WorldBlock> want = PromtoolList(kKilled + ".promtool-list.txt");
  ASSERT_EQ(want.size(), 5u);
  ASSERT_EQ(v.world.blocks.size(), want.size());
  for (size_t i = 0; i < want.size(); i++) {
    const WorldBlock& b = v.world.blocks[i];
    EXPECT_EQ(b.ulid, want[i].ulid);
    EXPECT_EQ(b.min_time_ms, want[i].min_time_ms);
    EXPECT_EQ(b.max_time_ms, want[i].max_time_ms);
    EXPECT_EQ(b.samples, want[i].samples);
    EXPECT_EQ(b.chunks, want[i].chunks);
    EXPECT_EQ(b.series, want[i].series);
    EXPECT_EQ(b.level, 1);
    EXPECT_EQ(b.sources, std::vector<std::string>{b.ulid});  // a level-1 block is its own source
  }

  // Segments 2..5 and checkpoint.00000001, whose one file is 32 KiB.
  ExpectSegmentsAsListed(v, dir + "/wal");
  EXPECT_EQ(v.world.wal.segments.front().number, 2);
  EXPECT_EQ(v.world.wal.checkpoint_segment, 1);
  EXPECT_EQ(v.world.wal.checkpoint_size_bytes, 32768);
  EXPECT_EQ(v.world.wal.checkpoint_samples, 0);  // one Series record: `tsdbsim inspect` says so

  // chunks_head/000004: preallocated, and empty (README).
  ExpectChunksAsInspected(v, dir);
  ASSERT_EQ(v.world.chunks_head.size(), 1u);
  EXPECT_EQ(v.world.chunks_head[0].number, 4);
  EXPECT_EQ(v.world.chunks_head[0].chunks, 0);
  EXPECT_EQ(v.world.chunks_head[0].bytes_written, 8);  // the header only
  EXPECT_TRUE(v.chunks.empty());

  // Every sample promtool dumps lies in the span, whose ends are samples.
  const DumpSpan dump = DumpTimes(kKilled + ".promtool-dump.txt.gz");
  EXPECT_EQ(v.min_time_ms, dump.min);
  EXPECT_EQ(v.max_time_ms, dump.max);
  EXPECT_EQ(v.world.time_ms, dump.max);
}

TEST(DataDirViewTest, MmappedDatadir) {
  const std::string dir = FixturePath(kMmapped);
  const DataDirView v = Read(dir);
  EXPECT_TRUE(v.problems.empty()) << v.problems.front();
  EXPECT_TRUE(v.world.blocks.empty());
  EXPECT_EQ(v.world.wal.checkpoint_segment, -1);

  ExpectChunksAsInspected(v, dir);
  ASSERT_EQ(v.chunks.size(), 1536u);  // README
  for (size_t i = 1; i < v.chunks.size(); i++) EXPECT_LT(v.chunks[i - 1].offset, v.chunks[i].offset);

  // wal/00000000 holds every sample: count its records here.
  ExpectSegmentsAsListed(v, dir + "/wal");
  ASSERT_EQ(v.world.wal.segments.size(), 1u);
  tsdb::PosixFilesystem fs;
  auto reader = tsdb::wlog::SegmentRangeReader::Open(fs, dir + "/wal", 0, 0);
  ASSERT_TRUE(reader.ok());
  std::array<int64_t, kWorldRecordTypes> by_type{};
  int64_t samples = 0;
  std::vector<tsdb::record::RefSample> decoded;
  while ((*reader)->reader().Next()) {
    const tsdb::ByteView rec = (*reader)->reader().Record();
    by_type[static_cast<size_t>(tsdb::record::GetType(rec))]++;
    if (tsdb::record::GetType(rec) != tsdb::record::Type::kSamples) continue;
    decoded.clear();
    ASSERT_TRUE(tsdb::record::DecodeSamples(rec, &decoded).ok());
    samples += static_cast<int64_t>(decoded.size());
  }
  EXPECT_FALSE((*reader)->reader().Err().has_value());
  EXPECT_EQ(samples, 210'944);  // the dump's count
  EXPECT_EQ(v.world.wal.segments[0].records_by_type, by_type);

  const DumpSpan dump = DumpTimes(kMmapped + ".promtool-dump.txt.gz");
  EXPECT_EQ(v.min_time_ms, dump.min);
  EXPECT_EQ(v.max_time_ms, dump.max);
}

TEST(DataDirViewTest, EmptyDirectoryAndNoDirectory) {
  tsdb::testing::TempDir tmp;
  const DataDirView v = Read(tmp.path());
  EXPECT_TRUE(v.problems.empty());
  EXPECT_EQ(v.world, World{});
  EXPECT_FALSE(v.min_time_ms.has_value());
  tsdb::PosixFilesystem fs;
  EXPECT_FALSE(ReadDataDirView(fs, tmp.Join("missing")).ok());
}

// A copy of a fixture to damage.
std::string CopyOf(const tsdb::testing::TempDir& tmp, const std::string& rel) {
  tsdb::PosixFilesystem fs;
  const std::string dir = tmp.Join("data");
  EXPECT_TRUE(tsdb::CopyTree(fs, FixturePath(rel), dir).ok());
  return dir;
}

TEST(DataDirViewTest, TruncatedChunkFileIsAProblemNamingIt) {
  tsdb::testing::TempDir tmp;
  const std::string dir = CopyOf(tmp, kMmapped);
  const std::string file = dir + "/chunks_head/000001";
  std::filesystem::resize_file(file, std::filesystem::file_size(file) / 2 + 3);  // mid-entry
  const DataDirView v = Read(dir);
  ASSERT_EQ(v.problems.size(), 1u);
  EXPECT_EQ(v.problems[0].rfind("chunks_head/000001: ", 0), 0u) << v.problems[0];
  EXPECT_NE(v.problems[0].find("offset"), std::string::npos) << v.problems[0];
  // The chunks before the damage, and the rest of the directory.
  EXPECT_GT(v.chunks.size(), 500u);
  EXPECT_LT(v.chunks.size(), 1536u);
  EXPECT_EQ(v.world.chunks_head[0].chunks, static_cast<int64_t>(v.chunks.size()));
  ASSERT_EQ(v.world.wal.segments.size(), 1u);
  EXPECT_GT(v.world.wal.segments[0].records, 0);
}

TEST(DataDirViewTest, CorruptWalSegmentIsAProblemNamingIt) {
  tsdb::testing::TempDir tmp;
  const std::string dir = CopyOf(tmp, kKilled);
  const std::string file = dir + "/wal/00000003";
  const auto at = static_cast<std::streamoff>(std::filesystem::file_size(file) / 2 + 1);
  {
    std::fstream f(file, std::ios::in | std::ios::out | std::ios::binary);
    f.seekg(at);
    const char c = static_cast<char>(f.get());
    f.seekp(at);
    f.put(static_cast<char>(c ^ 0x5a));
  }
  const DataDirView v = Read(dir);
  ASSERT_EQ(v.problems.size(), 1u);
  EXPECT_EQ(v.problems[0].rfind("wal/00000003: corruption in segment ", 0), 0u) << v.problems[0];
  EXPECT_NE(v.problems[0].find(dir + "/wal/00000003 at "), std::string::npos) << v.problems[0];
  // The records before the damage; the other segments and files whole.
  const DataDirView whole = Read(FixturePath(kKilled));
  ASSERT_EQ(v.world.wal.segments.size(), 4u);
  EXPECT_LT(v.world.wal.segments[1].records, whole.world.wal.segments[1].records);
  EXPECT_GT(v.world.wal.segments[1].records, 0);
  EXPECT_EQ(v.world.wal.segments[2], whole.world.wal.segments[2]);
  EXPECT_EQ(v.world.blocks, whole.world.blocks);
}

}  // namespace
}  // namespace tsdbsim
