// The five blocks Prometheus 2.42 wrote into the killed-datadir fixture:
// each opens, its stats match promtool's list and what we count, and
// re-writing its index, chunks, meta.json and tombstones with our writers
// gives the same bytes.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "engine/base/posix_filesystem.h"
#include "engine/block/block_format.h"
#include "engine/block/block_list.h"
#include "engine/block/block_reader.h"
#include "engine/block/meta.h"
#include "engine/block/tombstones_file.h"
#include "engine/chunkenc/xor.h"
#include "engine/chunks/block_chunk_writer.h"
#include "engine/index/index_writer.h"
#include "support/fixtures.h"
#include "support/temp_dir.h"

namespace tsdb::block {
namespace {

using tsdb::testing::FixturePath;
using tsdb::testing::TempDir;

const std::string kDataDir = FixturePath("prometheus-2.42/killed-datadir");

struct ListedStats {
  int64_t min_time = 0, max_time = 0;
  uint64_t samples = 0, chunks = 0, series = 0, size = 0;
};

// killed-datadir.promtool-list.txt: promtool tsdb list's table.
std::map<std::string, ListedStats> ReadListFile() {
  std::ifstream in(FixturePath("prometheus-2.42/killed-datadir.promtool-list.txt"));
  std::map<std::string, ListedStats> out;
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    std::istringstream f(line);
    std::string ulid, duration;
    ListedStats s;
    f >> ulid >> s.min_time >> s.max_time >> duration >> s.samples >> s.chunks >> s.series >> s.size;
    out[ulid] = s;
  }
  return out;
}

std::vector<std::string> BlockNames() {
  std::vector<std::string> names;
  for (const auto& [ulid, s] : ReadListFile()) names.push_back(ulid);
  return names;
}

Bytes ReadAll(const std::string& path) {
  PosixFilesystem fs;
  auto b = ReadWholeFile(fs, path);
  EXPECT_TRUE(b.ok()) << path << ": " << b.status().ToString();
  return b.ok() ? *b : Bytes{};
}

class FixtureBlockTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    dir_ = JoinPath(kDataDir, GetParam());
    auto r = BlockReader::Open(fs_, dir_);
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    block_ = std::move(r).value();
  }
  PosixFilesystem fs_;
  std::string dir_;
  std::unique_ptr<BlockReader> block_;
};

TEST_P(FixtureBlockTest, StatsMatchPromtoolListAndAWalkOfIndexAndChunks) {
  const ListedStats want = ReadListFile().at(GetParam());
  const BlockMeta& m = block_->meta();
  EXPECT_EQ(m.ulid.ToString(), GetParam());
  EXPECT_EQ(m.min_time, want.min_time);
  EXPECT_EQ(m.max_time, want.max_time);
  EXPECT_EQ(m.stats.num_samples, want.samples);
  EXPECT_EQ(m.stats.num_chunks, want.chunks);
  EXPECT_EQ(m.stats.num_series, want.series);
  EXPECT_EQ(block_->size_bytes(), want.size);

  uint64_t series = 0, chunk_count = 0, samples = 0;
  auto it = block_->Series();
  ASSERT_TRUE(it.ok());
  while (it->Next()) {
    series++;
    for (const index::ChunkMeta& c : it->chunks()) {
      chunk_count++;
      auto e = block_->Chunk(c.ref);
      ASSERT_TRUE(e.ok()) << e.status().ToString();
      // The index's time range is the chunk's first and last sample.
      chunkenc::XorIterator x(e->data);
      int64_t first = 0, last = 0;
      int n = 0;
      while (x.Next()) {
        if (n++ == 0) first = x.t();
        last = x.t();
      }
      ASSERT_TRUE(x.status().ok());
      EXPECT_EQ(n, x.num_samples());
      EXPECT_EQ(first, c.min_time);
      EXPECT_EQ(last, c.max_time);
      EXPECT_GE(c.min_time, m.min_time);
      EXPECT_LT(c.max_time, m.max_time);
      samples += static_cast<uint64_t>(n);
    }
  }
  ASSERT_TRUE(it->status().ok()) << it->status().ToString();
  EXPECT_EQ(series, want.series);
  EXPECT_EQ(chunk_count, want.chunks);
  EXPECT_EQ(samples, want.samples);
  EXPECT_TRUE(block_->tombstones().empty());
  EXPECT_TRUE(block_->index().Verify().ok());
}

TEST_P(FixtureBlockTest, RewrittenIndexIsByteIdentical) {
  TempDir tmp;
  const index::IndexReader& r = block_->index();
  auto w = index::IndexWriter::Create(fs_, tmp.Join("index"));
  ASSERT_TRUE(w.ok());
  for (const std::string_view s : r.symbols()) ASSERT_TRUE((*w)->AddSymbol(s).ok());
  auto it = block_->Series();
  ASSERT_TRUE(it.ok());
  index::SeriesRef ref = 0;
  while (it->Next()) ASSERT_TRUE((*w)->AddSeries(ref++, it->labels(), it->chunks()).ok());
  ASSERT_TRUE(it->status().ok());
  ASSERT_TRUE((*w)->Close().ok());
  const Bytes want = ReadAll(JoinPath(dir_, "index"));
  const Bytes got = ReadAll(tmp.Join("index"));
  ASSERT_EQ(got.size(), want.size());
  EXPECT_TRUE(got == want) << "first difference at byte "
                           << (std::mismatch(got.begin(), got.end(), want.begin()).first - got.begin());
}

TEST_P(FixtureBlockTest, RewrittenChunksAreByteIdenticalWithTheSameRefs) {
  TempDir tmp;
  auto w = chunks::BlockChunkWriter::Open(fs_, tmp.Join("chunks"));
  ASSERT_TRUE(w.ok());
  auto it = block_->Series();
  ASSERT_TRUE(it.ok());
  std::vector<chunks::ChunkToWrite> batch;
  while (it->Next()) {
    batch.clear();
    for (const index::ChunkMeta& c : it->chunks()) {
      auto e = block_->Chunk(c.ref);
      ASSERT_TRUE(e.ok());
      batch.push_back({.encoding = e->encoding, .data = e->data});
    }
    ASSERT_TRUE((*w)->WriteChunks(batch).ok());
    for (size_t i = 0; i < batch.size(); i++) EXPECT_EQ(batch[i].ref, it->chunks()[i].ref);
  }
  ASSERT_TRUE((*w)->Close().ok());
  EXPECT_EQ((*w)->num_segments(), block_->num_chunk_segments());
  auto files = fs_.List(tmp.Join("chunks"));
  ASSERT_TRUE(files.ok());
  ASSERT_EQ(files->size(), block_->num_chunk_segments());
  for (const DirEntry& e : *files) {
    EXPECT_TRUE(ReadAll(tmp.Join("chunks/" + e.name)) == ReadAll(JoinPath(dir_, "chunks/" + e.name)))
        << e.name;
  }
}

TEST_P(FixtureBlockTest, MetaAndTombstonesRewriteByteIdentical) {
  const Bytes meta = ReadAll(JoinPath(dir_, "meta.json"));
  EXPECT_EQ(MarshalMeta(block_->meta()), std::string(AsString(meta)));
  TempDir tmp;
  BlockMeta m = block_->meta();
  ASSERT_TRUE(WriteMetaFile(fs_, tmp.path(), &m).ok());
  EXPECT_TRUE(ReadAll(tmp.Join("meta.json")) == meta);

  const Bytes tomb = ReadAll(JoinPath(dir_, "tombstones"));
  EXPECT_TRUE(tombstones::EncodeTombstonesFile(block_->tombstones()) == tomb);
  ASSERT_TRUE(tombstones::WriteTombstonesFile(fs_, tmp.path(), tombstones::MemTombstones()).ok());
  EXPECT_TRUE(ReadAll(tmp.Join("tombstones")) == tomb);
  EXPECT_FALSE(Exists(fs_, tmp.Join("tombstones.tmp")));
  EXPECT_FALSE(Exists(fs_, tmp.Join("meta.json.tmp")));
}

INSTANTIATE_TEST_SUITE_P(KilledDatadir, FixtureBlockTest, ::testing::ValuesIn(BlockNames()),
                         [](const ::testing::TestParamInfo<std::string>& p) { return p.param; });

TEST(FixtureBlockListTest, ListsTheFiveBlocksInTimeOrder) {
  PosixFilesystem fs;
  auto list = ListBlocks(fs, kDataDir);
  ASSERT_TRUE(list.ok()) << list.status().ToString();
  EXPECT_TRUE(list->unreadable.empty());
  ASSERT_EQ(list->blocks.size(), 5u);
  const auto want = ReadListFile();
  int64_t prev = INT64_MIN;
  for (const ListedBlock& b : list->blocks) {
    EXPECT_TRUE(want.contains(b.name)) << b.name;
    EXPECT_GT(b.meta.min_time, prev);
    prev = b.meta.min_time;
    // A head block's ULID is minted right after its range closes.
    EXPECT_GE(b.meta.ulid.TimeMs(), b.meta.max_time);
    EXPECT_LT(b.meta.ulid.TimeMs(), b.meta.max_time + 10 * 60 * 1000);
  }
}

}  // namespace
}  // namespace tsdb::block
