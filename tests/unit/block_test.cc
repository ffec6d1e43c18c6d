// Blocks we write ourselves: a few hundred seeded series through WriteBlock
// and back through BlockReader, chunk segment cutting, the empty block,
// meta.json (Go's formatting and parsing rules), ULIDs, the tombstones file,
// and corrupt meta.json / tombstones.
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "engine/base/crc32c.h"
#include "engine/base/posix_filesystem.h"
#include "engine/base/random_source.h"
#include "engine/block/block_format.h"
#include "engine/block/block_list.h"
#include "engine/block/block_reader.h"
#include "engine/block/block_writer.h"
#include "engine/block/meta.h"
#include "engine/block/tombstones_file.h"
#include "engine/block/ulid.h"
#include "engine/chunkenc/xor.h"
#include "engine/chunks/block_chunk_writer.h"
#include "support/temp_dir.h"

namespace tsdb::block {
namespace {

using tsdb::testing::TempDir;

// Seeded series: random label sets from small alphabets (so postings share
// values), each with 1..5 XOR chunks of 1..150 samples.
struct Generated {
  std::vector<chunkenc::XorChunk> chunks;  // owns the bytes SeriesData points at
  std::vector<SeriesData> series;
};

Generated Generate(uint64_t seed, size_t n, int64_t mint) {
  SplitMix64 rnd(seed);
  auto pick = [&](uint64_t k) { return rnd.NextU64() % k; };
  std::set<Labels> sets;
  while (sets.size() < n) {
    LabelsBuilder b;
    b.Add("__name__", "metric_" + std::to_string(pick(20)));
    b.Add("job", "job" + std::to_string(pick(4)));
    b.Add("instance", "host-" + std::to_string(pick(50)) + ":9100");
    if (pick(3) == 0) b.Add("mode", std::string(1 + pick(8), static_cast<char>('a' + pick(26))));
    b.Sort();
    sets.insert(b.Build());
  }
  Generated g;
  g.chunks.reserve(n * 5);
  for (const Labels& l : sets) {
    SeriesData s;
    s.labels = l;
    int64_t t = mint + static_cast<int64_t>(pick(1000));
    const size_t nchunks = 1 + pick(5);
    for (size_t c = 0; c < nchunks; c++) {
      chunkenc::XorChunk chunk;
      const size_t samples = 1 + pick(150);
      ChunkData d;
      d.min_time = t;
      for (size_t i = 0; i < samples; i++) {
        chunk.Append(t, static_cast<double>(pick(1000)) / 8.0);
        d.max_time = t;
        t += 1000 + static_cast<int64_t>(pick(20));
      }
      g.chunks.push_back(std::move(chunk));
      d.data = g.chunks.back().bytes();
      s.chunks.push_back(d);
    }
    g.series.push_back(std::move(s));
  }
  return g;
}

uint64_t Samples(const std::vector<SeriesData>& series) {
  uint64_t n = 0;
  for (const auto& s : series) {
    for (const auto& c : s.chunks) n += GetBE16(c.data.data());
  }
  return n;
}

class BlockWriteTest : public ::testing::Test {
 protected:
  Ulid NewUlid(int64_t ms) { return Ulid::New(ms, rnd_); }
  PosixFilesystem fs_;
  TempDir dir_;
  SplitMix64 rnd_{42};
};

TEST_F(BlockWriteTest, SeveralHundredSeriesReadBackIdentically) {
  constexpr int64_t kMint = 1'700'000'000'000;
  const Generated g = Generate(7, 300, kMint);
  const Ulid id = NewUlid(kMint + 7'200'000);
  auto res = WriteBlock(fs_, dir_.path(), id, kMint, kMint + 7'200'000, g.series);
  ASSERT_TRUE(res.ok()) << res.status().ToString();
  ASSERT_TRUE(res->written());
  EXPECT_EQ(res->dir, dir_.Join(id.ToString()));
  EXPECT_EQ(res->meta.stats.num_series, 300u);
  EXPECT_EQ(res->meta.stats.num_samples, Samples(g.series));
  uint64_t chunks = 0;
  for (const auto& s : g.series) chunks += s.chunks.size();
  EXPECT_EQ(res->meta.stats.num_chunks, chunks);
  EXPECT_EQ(res->meta.compaction.level, 1);
  EXPECT_EQ(res->meta.compaction.sources, std::vector<Ulid>{id});
  EXPECT_FALSE(Exists(fs_, dir_.Join(id.ToString() + ".tmp-for-creation")));

  auto b = BlockReader::Open(fs_, res->dir);
  ASSERT_TRUE(b.ok()) << b.status().ToString();
  EXPECT_EQ((*b)->meta(), res->meta);
  EXPECT_TRUE((*b)->index().Verify().ok());
  EXPECT_TRUE((*b)->tombstones().empty());
  EXPECT_EQ(ReadWholeFile(fs_, JoinPath(res->dir, "tombstones"))->size(), 9u);
  EXPECT_EQ((*b)->num_chunk_segments(), 1u);

  auto it = (*b)->Series();
  ASSERT_TRUE(it.ok());
  size_t i = 0;
  while (it->Next()) {
    ASSERT_LT(i, g.series.size());
    const SeriesData& want = g.series[i++];
    EXPECT_EQ(it->labels(), want.labels);
    ASSERT_EQ(it->chunks().size(), want.chunks.size());
    for (size_t c = 0; c < want.chunks.size(); c++) {
      EXPECT_EQ(it->chunks()[c].min_time, want.chunks[c].min_time);
      EXPECT_EQ(it->chunks()[c].max_time, want.chunks[c].max_time);
      auto e = (*b)->Chunk(it->chunks()[c].ref);
      ASSERT_TRUE(e.ok()) << e.status().ToString();
      EXPECT_EQ(e->encoding, 1);
      EXPECT_TRUE(std::equal(e->data.begin(), e->data.end(), want.chunks[c].data.begin(),
                             want.chunks[c].data.end()));
    }
  }
  ASSERT_TRUE(it->status().ok());
  EXPECT_EQ(i, g.series.size());

  // Postings agree with a scan of the labels.
  const index::IndexReader& ix = (*b)->index();
  for (const std::string_view name : ix.LabelNames()) {
    for (const std::string_view value : ix.LabelValues(name)) {
      auto p = ix.Postings(name, value);
      ASSERT_TRUE(p.ok());
      size_t expected = 0;
      for (const auto& s : g.series) expected += s.labels.Get(name) == value ? 1 : 0;
      EXPECT_EQ(p->size(), expected) << name << "=" << value;
      auto sub = (*b)->Series(*p);
      while (sub.Next()) EXPECT_EQ(sub.labels().Get(name), value);
      EXPECT_TRUE(sub.status().ok());
    }
  }

  // The data directory lists it.
  auto list = ListBlocks(fs_, dir_.path());
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->blocks.size(), 1u);
  EXPECT_EQ(list->blocks[0].meta, res->meta);
}

TEST_F(BlockWriteTest, SmallSegmentsCutBeforeAChunkThatWouldNotFit) {
  const Generated g = Generate(9, 60, 0);
  const Ulid id = NewUlid(1);
  BlockWriterOptions o;
  o.max_chunk_segment_size = 4096;
  auto res = WriteBlock(fs_, dir_.path(), id, 0, 10'000'000, g.series, o);
  ASSERT_TRUE(res.ok()) << res.status().ToString();
  auto b = BlockReader::Open(fs_, res->dir);
  ASSERT_TRUE(b.ok()) << b.status().ToString();
  EXPECT_GT((*b)->num_chunk_segments(), 3u);
  auto files = fs_.List(JoinPath(res->dir, "chunks"));
  ASSERT_TRUE(files.ok());
  for (size_t i = 0; i < files->size(); i++) {
    char want[32];
    std::snprintf(want, sizeof want, "%06zu", i + 1);
    EXPECT_EQ((*files)[i].name, want);
    // Preallocated files were truncated to their content.
    EXPECT_LE(fs_.Stat(JoinPath(res->dir, "chunks/" + (*files)[i].name))->size_bytes, 4096u);
  }
  auto it = (*b)->Series();
  uint64_t samples = 0;
  while (it->Next()) {
    for (const auto& c : it->chunks()) {
      auto e = (*b)->Chunk(c.ref);
      ASSERT_TRUE(e.ok()) << e.status().ToString();
      samples += GetBE16(e->data.data());
    }
  }
  EXPECT_EQ(samples, Samples(g.series));
}

TEST_F(BlockWriteTest, ChunkBiggerThanASegmentStillGetsWritten) {
  TempDir d;
  auto w = chunks::BlockChunkWriter::Open(fs_, d.Join("chunks"), 64);
  ASSERT_TRUE(w.ok());
  const Bytes big(100, 0xAB), small(10, 0xCD);
  std::vector<chunks::ChunkToWrite> a = {{.data = big}, {.data = small}};
  ASSERT_TRUE((*w)->WriteChunks(a).ok());
  std::vector<chunks::ChunkToWrite> b = {{.data = small}};
  ASSERT_TRUE((*w)->WriteChunks(b).ok());
  const Bytes mid(30, 0xEF);
  std::vector<chunks::ChunkToWrite> c = {{.data = mid}};
  ASSERT_TRUE((*w)->WriteChunks(c).ok());
  ASSERT_TRUE((*w)->Close().ok());
  EXPECT_EQ(a[0].ref, chunks::BlockChunkRef(0, 8));
  EXPECT_EQ(a[1].ref, chunks::BlockChunkRef(1, 8));  // cut before the second chunk
  EXPECT_EQ(b[0].ref, chunks::BlockChunkRef(1, 24));  // 24 written + 20 estimated <= 64
  EXPECT_EQ(c[0].ref, chunks::BlockChunkRef(2, 8));   // 40 written + 40 estimated > 64
  EXPECT_EQ((*w)->num_segments(), 3u);
  EXPECT_EQ(fs_.Stat(d.Join("chunks/000001"))->size_bytes, 8u + 1 + 1 + 100 + 4);
}

TEST_F(BlockWriteTest, NoSamplesWritesNothing) {
  const Ulid id = NewUlid(5);
  std::vector<SeriesData> none = {{Labels::FromStrings({"a", "b"}), {}}};
  auto res = WriteBlock(fs_, dir_.path(), id, 0, 100, none);
  ASSERT_TRUE(res.ok());
  EXPECT_EQ(res->outcome, BlockWriteOutcome::kEmpty);
  EXPECT_TRUE(fs_.List(dir_.path())->empty());

  // The streaming writer cleans up its temporary directory too.
  const std::vector<std::string_view> symbols = {"", "a", "b"};
  auto w = BlockWriter::Open(fs_, dir_.path(), id, 0, 100, symbols);
  ASSERT_TRUE(w.ok());
  EXPECT_TRUE(Exists(fs_, dir_.Join(id.ToString() + ".tmp-for-creation")));
  ASSERT_TRUE((*w)->AddSeries(Labels::FromStrings({"a", "b"}), {}).ok());
  auto fin = (*w)->Finish();
  ASSERT_TRUE(fin.ok());
  EXPECT_FALSE(fin->written());
  EXPECT_TRUE(fs_.List(dir_.path())->empty());
}

TEST_F(BlockWriteTest, AbandonedWriterRemovesItsTemporaryDirectory) {
  const Generated g = Generate(3, 5, 0);
  const Ulid id = NewUlid(5);
  {
    const std::vector<std::string_view> symbols = {"", "__name__"};
    auto w = BlockWriter::Open(fs_, dir_.path(), id, 0, 100, symbols);
    ASSERT_TRUE(w.ok());
    // A label value that is not a symbol fails the series.
    EXPECT_FALSE((*w)->AddSeries(g.series[0].labels, g.series[0].chunks).ok());
  }
  EXPECT_TRUE(fs_.List(dir_.path())->empty());
}

TEST_F(BlockWriteTest, ReplacesAnExistingBlockAndKeepsCompactionInfo) {
  const Ulid id = NewUlid(5);
  const Generated a = Generate(1, 3, 0), b = Generate(2, 4, 0);
  ASSERT_TRUE(WriteBlock(fs_, dir_.path(), id, 0, 1'000'000, a.series).ok());
  BlockWriterOptions o;
  BlockMetaCompaction c;
  c.level = 2;
  c.sources = {NewUlid(1), NewUlid(2)};
  c.parents = {{c.sources[0], 0, 500'000}, {c.sources[1], 500'000, 1'000'000}};
  o.compaction = c;
  auto res = WriteBlock(fs_, dir_.path(), id, 0, 1'000'000, b.series, o);
  ASSERT_TRUE(res.ok());
  auto r = BlockReader::Open(fs_, res->dir);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ((*r)->meta().stats.num_series, 4u);
  EXPECT_EQ((*r)->meta().compaction, c);
}

// --- meta.json -------------------------------------------------------------

BlockMeta FullMeta() {
  BlockMeta m;
  m.ulid = *Ulid::Parse("01M7Y58916E608TSR6NPPZ45WP");
  m.min_time = -5;
  m.max_time = 7'200'000;
  m.stats = {.num_samples = 3, .num_series = 0, .num_chunks = 1, .num_tombstones = 9};
  m.compaction.level = 3;
  m.compaction.sources = {m.ulid, *Ulid::Parse("01M7Y58EWEJYYZBZK0JE965GV5")};
  m.compaction.deletable = true;
  m.compaction.parents = {{m.ulid, 1, 2}};
  m.compaction.failed = true;
  m.compaction.hints = {"from-out-of-order", "<&>\"\\\n\x01\xff\xe2\x80\xa8é"};
  return m;
}

TEST(MetaTest, MarshalsLikeGoMarshalIndent) {
  const std::string want =
      "{\n"
      "\t\"ulid\": \"01M7Y58916E608TSR6NPPZ45WP\",\n"
      "\t\"minTime\": -5,\n"
      "\t\"maxTime\": 7200000,\n"
      "\t\"stats\": {\n"
      "\t\t\"numSamples\": 3,\n"
      "\t\t\"numChunks\": 1,\n"
      "\t\t\"numTombstones\": 9\n"
      "\t},\n"
      "\t\"compaction\": {\n"
      "\t\t\"level\": 3,\n"
      "\t\t\"sources\": [\n"
      "\t\t\t\"01M7Y58916E608TSR6NPPZ45WP\",\n"
      "\t\t\t\"01M7Y58EWEJYYZBZK0JE965GV5\"\n"
      "\t\t],\n"
      "\t\t\"deletable\": true,\n"
      "\t\t\"parents\": [\n"
      "\t\t\t{\n"
      "\t\t\t\t\"ulid\": \"01M7Y58916E608TSR6NPPZ45WP\",\n"
      "\t\t\t\t\"minTime\": 1,\n"
      "\t\t\t\t\"maxTime\": 2\n"
      "\t\t\t}\n"
      "\t\t],\n"
      "\t\t\"failed\": true,\n"
      "\t\t\"hints\": [\n"
      "\t\t\t\"from-out-of-order\",\n"
      "\t\t\t\"\\u003c\\u0026\\u003e\\\"\\\\\\n\\u0001\\ufffd\\u2028é\"\n"
      "\t\t]\n"
      "\t},\n"
      "\t\"version\": 1\n"
      "}";
  EXPECT_EQ(MarshalMeta(FullMeta()), want);
}

TEST(MetaTest, ZeroStatsAreAnEmptyObject) {
  BlockMeta m;
  const std::string s = MarshalMeta(m);
  EXPECT_NE(s.find("\t\"stats\": {},\n"), std::string::npos) << s;
  EXPECT_NE(s.find("\t\"compaction\": {\n\t\t\"level\": 0\n\t},\n"), std::string::npos) << s;
  EXPECT_EQ(s.back(), '}');  // no trailing newline
}

TEST(MetaTest, ParsesWhatItWritesAndGoSpellings) {
  BlockMeta m = FullMeta();
  m.compaction.hints[1] = "<&>\"\\\n\x01\xe2\x80\xa8é";  // valid UTF-8 survives the trip
  auto back = ParseMeta(MarshalMeta(m), "meta.json");
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(*back, m);

  // encoding/json: names match ignoring case, unknown fields are ignored,
  // null leaves a field alone, whitespace anywhere.
  auto g = ParseMeta(
      R"( { "ULID":"01m7y58916e608tsr6nppz45wp", "MinTime": 10, "maxtime": 20, "extra": [1,{}],
            "stats": {"numSamples": 5, "numSeries": null}, "compaction": {"level": 1},
            "version": 1 } )",
      "meta.json");
  ASSERT_TRUE(g.ok()) << g.status().ToString();
  EXPECT_EQ(g->ulid.ToString(), "01M7Y58916E608TSR6NPPZ45WP");
  EXPECT_EQ(g->min_time, 10);
  EXPECT_EQ(g->max_time, 20);
  EXPECT_EQ(g->stats.num_samples, 5u);
}

TEST(MetaTest, BadFilesAreCorruptionsWithFileAndOffset) {
  struct Case {
    std::string json;
    std::string want;
  };
  const std::vector<Case> cases = {
      {"", "at offset 0: unexpected end of JSON input"},
      {"{\"ulid\": \"01M7Y58916E608TSR6NPPZ45WP\",", "at offset 38: unexpected end of JSON input"},
      {"{\"version\": 1} x", "at offset 15: invalid character 'x' after top-level value"},
      {"{\"minTime\": \"12\", \"version\": 1}",
       "at offset 12: json: cannot unmarshal string into Go struct field BlockMeta.minTime of type int64"},
      {"{\"minTime\": 1.5, \"version\": 1}", "at offset 12: json: cannot unmarshal number 1.5"},
      {"{\"stats\": {\"numSeries\": -1}, \"version\": 1}", "of type uint64"},
      {"{\"ulid\": \"01M7Y58916E608TSR6NPPZ45W\", \"version\": 1}", "at offset 9: ulid: bad data size"},
      {"{\"ulid\": \"01M7Y58916E608TSR6NPPZ45WU\", \"version\": 1}", "bad data characters"},
      {"{\"ulid\": \"81M7Y58916E608TSR6NPPZ45WP\", \"version\": 1}", "overflow"},
      {"{\"version\": 2}", "unexpected meta file version 2"},
      {"{}", "unexpected meta file version 0"},
      {"[1]", "at offset 0: json: cannot unmarshal array into Go value of type tsdb.BlockMeta"},
      {"{\"a\": \"\x01\"}", "at offset 7: invalid character '\\x01' in string literal"},
      {std::string(2000, '['), "exceeded max depth"},
  };
  for (const Case& c : cases) {
    auto r = ParseMeta(c.json, "/d/meta.json");
    ASSERT_FALSE(r.ok()) << c.json;
    EXPECT_EQ(r.status().code(), StatusCode::kCorruption);
    EXPECT_NE(r.status().message().find("/d/meta.json"), std::string::npos);
    EXPECT_NE(r.status().message().find(c.want), std::string::npos)
        << c.json.substr(0, 60) << "\n  got: " << r.status().ToString();
  }
}

TEST_F(BlockWriteTest, CorruptMetaJsonFailsTheBlockAndIsListedAsUnreadable) {
  const Generated g = Generate(1, 3, 0);
  auto res = WriteBlock(fs_, dir_.path(), NewUlid(9), 0, 1'000'000, g.series);
  ASSERT_TRUE(res.ok());
  const std::string meta = JoinPath(res->dir, "meta.json");
  Bytes b = *ReadWholeFile(fs_, meta);
  b.resize(b.size() / 2);
  ASSERT_TRUE(WriteWholeFile(fs_, meta, b, false).ok());
  auto r = BlockReader::Open(fs_, res->dir);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kCorruption);
  EXPECT_NE(r.status().message().find(meta + " at offset " + std::to_string(b.size())),
            std::string::npos)
      << r.status().ToString();
  auto list = ListBlocks(fs_, dir_.path());
  ASSERT_TRUE(list.ok());
  EXPECT_TRUE(list->blocks.empty());
  ASSERT_EQ(list->unreadable.size(), 1u);
}

// --- ULID ------------------------------------------------------------------

TEST(UlidTest, EncodesTimeAndRandomnessLikeOklog) {
  // oklog/ulid's documented example: time.Unix(1000000, 0).
  auto u = Ulid::Parse("0000XSNJG0MQJHBF4QX1EFD6Y3");
  ASSERT_TRUE(u.ok());
  EXPECT_EQ(u->TimeMs(), 1'000'000'000);
  EXPECT_EQ(u->ToString(), "0000XSNJG0MQJHBF4QX1EFD6Y3");
  EXPECT_EQ(Ulid().ToString(), "00000000000000000000000000");
  EXPECT_EQ(Ulid::Parse("7ZZZZZZZZZZZZZZZZZZZZZZZZZ")->bytes(), (std::array<uint8_t, 16>{
      0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF}));

  SplitMix64 a(1), b(1);
  const Ulid x = Ulid::New(1'795'234'735'142, a), y = Ulid::New(1'795'234'735'142, b);
  EXPECT_EQ(x, y);  // same seed, same name
  EXPECT_EQ(x.TimeMs(), 1'795'234'735'142);
  // The fixture block 01M7Y58916E608TSR6NPPZ45WP was minted in that millisecond.
  EXPECT_EQ(x.ToString().substr(0, 10), "01M7Y58916");
  EXPECT_EQ(Ulid::Parse("01M7Y58916E608TSR6NPPZ45WP")->TimeMs(), 1'795'234'735'142);
  EXPECT_EQ(*Ulid::Parse(x.ToString()), x);
  EXPECT_NE(Ulid::New(1, a), Ulid::New(1, a));
  EXPECT_LT(Ulid::New(1, a), Ulid::New(2, a));  // sorts by time first
}

TEST(UlidTest, RejectsBadNames) {
  for (const char* bad : {"", "01M7Y58916E608TSR6NPPZ45W", "01M7Y58916E608TSR6NPPZ45WPX",
                          "01M7Y58916E608TSR6NPPZ45WI", "01M7Y58916E608TSR6NPPZ45W-",
                          "81M7Y58916E608TSR6NPPZ45WP", "01M7Y58916E608TSR6NPPZ45WP.tmp"}) {
    EXPECT_FALSE(Ulid::IsValid(bad)) << bad;
  }
  EXPECT_TRUE(IsBlockDirName("01M7Y58916E608TSR6NPPZ45WP"));
  EXPECT_FALSE(IsBlockDirName("01M7Y58916E608TSR6NPPZ45WP.tmp-for-creation"));
  EXPECT_FALSE(IsBlockDirName("01M7Y58916E608TSR6NPPZ45WP.tmp-for-deletion"));
  EXPECT_FALSE(IsBlockDirName("wal"));
}

TEST_F(BlockWriteTest, ListIgnoresTemporaryAndForeignDirectories) {
  const Generated g = Generate(1, 3, 0);
  const Ulid late = NewUlid(1), early = NewUlid(2);
  ASSERT_TRUE(WriteBlock(fs_, dir_.path(), late, 5000, 9000, g.series).ok());
  ASSERT_TRUE(WriteBlock(fs_, dir_.path(), early, 0, 5000, g.series).ok());
  for (const std::string& d : std::vector<std::string>{early.ToString() + ".tmp-for-creation",
                                                       late.ToString() + ".tmp-for-deletion",
                                                       "x.tmp", "wal", "chunks_head"}) {
    ASSERT_TRUE(fs_.MkdirAll(dir_.Join(d)).ok());
  }
  ASSERT_TRUE(WriteWholeFile(fs_, dir_.Join("lock"), {}, false).ok());
  auto list = ListBlocks(fs_, dir_.path());
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->blocks.size(), 2u);
  EXPECT_EQ(list->blocks[0].meta.ulid, early);
  EXPECT_EQ(list->blocks[1].meta.ulid, late);
  EXPECT_TRUE(list->unreadable.empty());
}

// --- tombstones ------------------------------------------------------------

TEST(TombstonesTest, EmptyFileIsNineBytes) {
  const Bytes want = {0x01, 0x30, 0xBA, 0x30, 0x01, 0x00, 0x00, 0x00, 0x00};
  EXPECT_EQ(tombstones::EncodeTombstonesFile({}), want);
  auto t = tombstones::DecodeTombstonesFile(want, "t");
  ASSERT_TRUE(t.ok());
  EXPECT_TRUE(t->empty());
}

TEST(TombstonesTest, EntriesAreSortedByRefThenTimeAndRoundTrip) {
  tombstones::MemTombstones t;
  t.AddInterval(9, {100, 200});
  t.AddInterval(2, {50, 60});
  t.AddInterval(9, {-10, 5});
  t.AddInterval(2, {61, 70});   // touches [50,60]: merges
  t.AddInterval(9, {150, 300});  // overlaps [100,200]: merges
  EXPECT_EQ(t.Total(), 3u);
  EXPECT_EQ(t.Get(2), (tombstones::Intervals{{50, 70}}));
  EXPECT_EQ(t.Get(9), (tombstones::Intervals{{-10, 5}, {100, 300}}));
  EXPECT_TRUE(t.Get(3).empty());
  const Bytes file = tombstones::EncodeTombstonesFile(t);
  // ref 2 first, then ref 9's intervals in time order.
  EXPECT_EQ(file[5], 2);
  auto back = tombstones::DecodeTombstonesFile(file, "t");
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, t);
}

TEST(TombstonesTest, IntervalsMergeLike242) {
  tombstones::Intervals in;
  tombstones::AddInterval(&in, {10, 20});
  tombstones::AddInterval(&in, {30, 40});
  tombstones::AddInterval(&in, {50, 60});
  tombstones::AddInterval(&in, {0, 5});
  EXPECT_EQ(in, (tombstones::Intervals{{0, 5}, {10, 20}, {30, 40}, {50, 60}}));
  tombstones::AddInterval(&in, {21, 49});  // bridges three
  EXPECT_EQ(in, (tombstones::Intervals{{0, 5}, {10, 60}}));
  tombstones::AddInterval(&in, {-100, 100});
  EXPECT_EQ(in, (tombstones::Intervals{{-100, 100}}));
}

TEST(TombstonesTest, BadFilesAreCorruptionsWithOffset) {
  tombstones::MemTombstones t;
  t.AddInterval(1, {1, 2});
  const Bytes good = tombstones::EncodeTombstonesFile(t);

  Bytes bad_crc = good;
  bad_crc[6] ^= 1;
  auto r = tombstones::DecodeTombstonesFile(bad_crc, "/b/tombstones");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kCorruption);
  EXPECT_NE(r.status().message().find("/b/tombstones at offset " + std::to_string(good.size() - 4) +
                                      ": checksum did not match"),
            std::string::npos)
      << r.status().ToString();

  Bytes bad_magic = good;
  bad_magic[0] = 0;
  EXPECT_NE(tombstones::DecodeTombstonesFile(bad_magic, "t").status().message().find("invalid magic"),
            std::string::npos);
  Bytes bad_version = good;
  bad_version[4] = 2;
  EXPECT_NE(tombstones::DecodeTombstonesFile(bad_version, "t").status().message().find(
                "invalid tombstone format 2"),
            std::string::npos);
  for (size_t n = 0; n < good.size(); n++) {
    EXPECT_EQ(tombstones::DecodeTombstonesFile(ByteView(good).first(n), "t").status().code(),
              StatusCode::kCorruption)
        << n;
  }
  // A valid CRC over a torn entry still fails, at the entry's offset.
  Bytes torn = {0x01, 0x30, 0xBA, 0x30, 0x01, 0x80};
  torn.resize(10);
  PutBE32(torn.data() + 6, Crc32c(ByteView(torn).subspan(5, 1)));
  auto t2 = tombstones::DecodeTombstonesFile(torn, "t");
  EXPECT_NE(t2.status().message().find("at offset 5: tombstone entry"), std::string::npos)
      << t2.status().ToString();
}

TEST(TombstonesTest, FileInABlockDirectory) {
  PosixFilesystem fs;
  TempDir d;
  auto missing = tombstones::ReadTombstonesFile(fs, d.path());
  ASSERT_TRUE(missing.ok());
  EXPECT_TRUE(missing->empty());
  tombstones::MemTombstones t;
  t.AddInterval(4, {7, 8});
  auto n = tombstones::WriteTombstonesFile(fs, d.path(), t);
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(*n, fs.Stat(d.Join("tombstones"))->size_bytes);
  EXPECT_EQ(*tombstones::ReadTombstonesFile(fs, d.path()), t);
}

}  // namespace
}  // namespace tsdb::block
