// Compacting persisted blocks into one: meta.json's level, sources and
// parents; chunks passed through byte for byte when nothing overlaps;
// overlapping chunks merged one sample per timestamp; tombstones and the
// block's bounds applied; an empty result marks its inputs deletable; a
// failed compaction marks them failed.
#include "engine/compact/block_compactor.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>

#include "engine/block/block_reader.h"
#include "engine/block/block_writer.h"
#include "engine/block/tombstones_file.h"
#include "engine/chunkenc/xor.h"
#include "support/failing_filesystem.h"
#include "support/temp_dir.h"

namespace tsdb::compact {
namespace {

constexpr int64_t kH = 3600 * 1000;

block::Ulid Id(char last) {
  auto u = block::Ulid::Parse(std::string("01H00000000000000000000AA") + last);
  TSDB_ASSERT(u.ok());
  return *u;
}

using Samples = std::vector<std::pair<int64_t, double>>;
// labels text -> samples (one chunk per series per block)
using Spec = std::map<std::string, Samples>;

Labels L(const std::string& job, const std::string& inst) {
  return Labels::FromStrings({"__name__", "up", "instance", inst, "job", job});
}

class BlockCompactorTest : public ::testing::Test {
 protected:
  // Writes one block: each series one XOR chunk of the given samples.
  block::BlockMeta AddBlock(char id, int64_t mint, int64_t maxt, const std::vector<std::pair<Labels, Samples>>& in) {
    std::vector<std::pair<Labels, Samples>> sorted = in;
    std::sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    std::vector<chunkenc::XorChunk> chunks(sorted.size());
    std::vector<block::SeriesData> series;
    for (size_t i = 0; i < sorted.size(); i++) {
      for (auto [t, v] : sorted[i].second) chunks[i].Append(t, v);
      series.push_back({sorted[i].first,
                        {{sorted[i].second.front().first, sorted[i].second.back().first, 1, chunks[i].bytes()}}});
    }
    auto res = block::WriteBlock(fs_, dir_.path(), Id(id), mint, maxt, series);
    EXPECT_TRUE(res.ok() && res->written());
    return res->meta;
  }

  // Every series of a block with its samples, and its chunks' sample counts.
  Spec Read(const block::Ulid& id, std::vector<int>* chunk_sizes = nullptr) {
    Spec out;
    auto b = block::BlockReader::Open(fs_, JoinPath(dir_.path(), id.ToString()));
    EXPECT_TRUE(b.ok()) << b.status().ToString();
    auto it = (*b)->Series();
    EXPECT_TRUE(it.ok());
    while (it->Next()) {
      for (const auto& c : it->chunks()) {
        auto e = (*b)->Chunk(c.ref);
        EXPECT_TRUE(e.ok());
        chunkenc::XorIterator x(e->data);
        if (chunk_sizes) chunk_sizes->push_back(x.num_samples());
        while (x.Next()) out[it->labels().ToString()].emplace_back(x.t(), x.v());
      }
    }
    return out;
  }

  Samples Every15s(int64_t from, int64_t to, double base) {
    Samples s;
    for (int64_t t = from; t < to; t += 15000) s.emplace_back(t, base + static_cast<double>(t / 15000));
    return s;
  }

  tsdb::testing::TempDir dir_;
  tsdb::testing::FailingFilesystem fs_;
};

TEST_F(BlockCompactorTest, ThreeBlocksBecomeOneLevelTwoBlockWithTheirSamples) {
  const auto a = AddBlock('1', 0, 2 * kH, {{L("node", "a"), Every15s(0, 2 * kH, 0)}});
  const auto b = AddBlock('2', 2 * kH, 4 * kH,
                          {{L("node", "a"), Every15s(2 * kH, 4 * kH, 0)}, {L("node", "b"), Every15s(2 * kH, 3 * kH, 7)}});
  const auto c = AddBlock('3', 4 * kH, 6 * kH, {{L("node", "b"), Every15s(4 * kH, 6 * kH, 7)}});
  const Spec before_a = Read(a.ulid), before_b = Read(b.ulid), before_c = Read(c.ulid);

  auto r = CompactBlocks(fs_, dir_.path(), {a, b, c}, Id('9'), 1 << 20);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_TRUE(r->block.has_value());
  const block::BlockMeta& m = *r->block;
  EXPECT_EQ(m.min_time, 0);
  EXPECT_EQ(m.max_time, 6 * kH);
  EXPECT_EQ(m.compaction.level, 2);
  EXPECT_EQ(m.compaction.sources, (std::vector<block::Ulid>{Id('1'), Id('2'), Id('3')}));
  ASSERT_EQ(m.compaction.parents.size(), 3u);
  EXPECT_EQ(m.compaction.parents[1], (block::BlockDesc{Id('2'), 2 * kH, 4 * kH}));
  EXPECT_EQ(m.stats.num_series, 2u);
  EXPECT_EQ(m.stats.num_chunks, 4u);  // passed through: one per series per parent
  EXPECT_EQ(m.stats.num_samples, 480u + 480u + 240u + 480u);

  // Written as meta.json says, and holding exactly the parents' samples.
  auto on_disk = block::ReadMetaFile(fs_, JoinPath(dir_.path(), Id('9').ToString()));
  ASSERT_TRUE(on_disk.ok());
  EXPECT_EQ(*on_disk, m);
  Spec want = before_a;
  for (const Spec* s : {&before_b, &before_c}) {
    for (const auto& [k, v] : *s) want[k].insert(want[k].end(), v.begin(), v.end());
  }
  EXPECT_EQ(Read(Id('9')), want);
}

TEST_F(BlockCompactorTest, SourcesAreTheUnionAndTheLevelGrowsFromTheHighestParent) {
  block::BlockMeta a = AddBlock('1', 0, 6 * kH, {{L("n", "a"), Every15s(0, kH, 0)}});
  a.compaction.level = 2;
  a.compaction.sources = {Id('5'), Id('6')};
  const block::BlockMeta b = AddBlock('2', 6 * kH, 8 * kH, {{L("n", "a"), Every15s(6 * kH, 7 * kH, 0)}});
  const block::BlockMeta m = CompactBlockMetas(Id('9'), {a, b});
  EXPECT_EQ(m.compaction.level, 3);
  EXPECT_EQ(m.compaction.sources, (std::vector<block::Ulid>{Id('2'), Id('5'), Id('6')}));
}

TEST_F(BlockCompactorTest, OverlappingBlocksMergeOneSamplePerTimestamp) {
  // b repeats a's last hour (same values) and adds a second hour.
  const auto a = AddBlock('1', 0, 2 * kH, {{L("n", "a"), Every15s(0, 2 * kH, 0)}});
  const auto b = AddBlock('2', kH, 3 * kH, {{L("n", "a"), Every15s(kH, 3 * kH, 0)}});
  auto r = CompactBlocks(fs_, dir_.path(), {a, b}, Id('9'), 1 << 20);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  std::vector<int> sizes;
  const Spec got = Read(Id('9'), &sizes);
  EXPECT_EQ(got.at(L("n", "a").ToString()), Every15s(0, 3 * kH, 0));
  EXPECT_EQ(r->block->stats.num_samples, 720u);
  // Re-encoded 120 samples a chunk.
  EXPECT_EQ(sizes, std::vector<int>(6, 120));
}

TEST_F(BlockCompactorTest, TombstonesAndBoundsCutChunks) {
  const auto a = AddBlock('1', 0, 2 * kH, {{L("n", "a"), Every15s(0, 2 * kH, 0)}, {L("n", "b"), Every15s(0, kH, 1)}});
  const auto b = AddBlock('2', 2 * kH, 4 * kH, {{L("n", "a"), Every15s(2 * kH, 4 * kH, 0)}});
  // Delete [30m, 60m] of n=a in block 1 (series refs are offset/16 in v2;
  // the first series entry is the one with the smallest labels).
  auto br = block::BlockReader::Open(fs_, JoinPath(dir_.path(), a.ulid.ToString()));
  ASSERT_TRUE(br.ok());
  auto all = (*br)->index().AllPostings();
  ASSERT_TRUE(all.ok());
  tombstones::MemTombstones t;
  t.AddInterval((*all)[0], {.min_time = kH / 2, .max_time = kH});
  br->reset();
  ASSERT_TRUE(tombstones::WriteTombstonesFile(fs_, JoinPath(dir_.path(), a.ulid.ToString()), t).ok());

  auto r = CompactBlocks(fs_, dir_.path(), {a, b}, Id('9'), 1 << 20);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const Spec got = Read(Id('9'));
  Samples want;
  for (auto s : Every15s(0, 4 * kH, 0)) {
    if (s.first < kH / 2 || s.first > kH) want.push_back(s);
  }
  EXPECT_EQ(got.at(L("n", "a").ToString()), want);
  EXPECT_EQ(got.at(L("n", "b").ToString()), Every15s(0, kH, 1));
  EXPECT_EQ(r->block->stats.num_tombstones, 0u);  // applied, not carried over
}

TEST_F(BlockCompactorTest, AllSamplesDeletedWritesNoBlockAndMarksTheInputsDeletable) {
  const auto a = AddBlock('1', 0, 2 * kH, {{L("n", "a"), Every15s(0, kH, 0)}});
  tombstones::MemTombstones t;
  auto br = block::BlockReader::Open(fs_, JoinPath(dir_.path(), a.ulid.ToString()));
  ASSERT_TRUE(br.ok());
  t.AddInterval((*(*br)->index().AllPostings())[0], {.min_time = 0, .max_time = 2 * kH});
  br->reset();
  ASSERT_TRUE(tombstones::WriteTombstonesFile(fs_, JoinPath(dir_.path(), a.ulid.ToString()), t).ok());

  auto r = CompactBlocks(fs_, dir_.path(), {a}, Id('9'), 1 << 20);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_FALSE(r->block.has_value());
  EXPECT_FALSE(fs_.Stat(JoinPath(dir_.path(), Id('9').ToString())).ok());
  auto meta = block::ReadMetaFile(fs_, JoinPath(dir_.path(), a.ulid.ToString()));
  ASSERT_TRUE(meta.ok());
  EXPECT_TRUE(meta->compaction.deletable);
}

TEST_F(BlockCompactorTest, AFailedCompactionMarksItsInputsFailedAndLeavesNoBlock) {
  const auto a = AddBlock('1', 0, 2 * kH, {{L("n", "a"), Every15s(0, 2 * kH, 0)}});
  const auto b = AddBlock('2', 2 * kH, 4 * kH, {{L("n", "a"), Every15s(2 * kH, 4 * kH, 0)}});
  // Flip a byte inside b's only chunk: its CRC no longer checks out.
  const std::string seg = JoinPath(dir_.path(), b.ulid.ToString() + "/chunks/000001");
  {
    auto f = fs_.OpenRead(seg);
    ASSERT_TRUE(f.ok());
    std::vector<uint8_t> bytes(*(*f)->Size());
    ASSERT_TRUE((*f)->ReadAt(0, bytes).ok());
    bytes[20] ^= 0xff;
    auto w = fs_.Create(seg);
    ASSERT_TRUE(w.ok());
    ASSERT_TRUE((*w)->Append(bytes).ok());
    ASSERT_TRUE((*w)->Close().ok());
  }
  auto r = CompactBlocks(fs_, dir_.path(), {a, b}, Id('9'), 1 << 20);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().ToString().find("compact 2 blocks"), std::string::npos) << r.status().ToString();
  EXPECT_FALSE(fs_.Stat(JoinPath(dir_.path(), Id('9').ToString())).ok());
  EXPECT_FALSE(fs_.Stat(JoinPath(dir_.path(), Id('9').ToString() + ".tmp-for-creation")).ok());
  for (const auto& m : {a, b}) {
    auto meta = block::ReadMetaFile(fs_, JoinPath(dir_.path(), m.ulid.ToString()));
    ASSERT_TRUE(meta.ok());
    EXPECT_TRUE(meta->compaction.failed) << m.ulid.ToString();
  }
}

}  // namespace
}  // namespace tsdb::compact
