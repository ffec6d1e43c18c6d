// Index v2 writer and reader: layout details 2.42 relies on, round trips,
// writer misuse, a hand-built v1 index, and corrupt or truncated files.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "engine/base/crc32c.h"
#include "engine/base/posix_filesystem.h"
#include "engine/index/index_format.h"
#include "engine/index/index_reader.h"
#include "engine/index/index_writer.h"
#include "support/temp_dir.h"

namespace tsdb::index {
namespace {

using tsdb::testing::TempDir;

struct TestSeries {
  Labels labels;
  std::vector<ChunkMeta> chunks;
};

class IndexTest : public ::testing::Test {
 protected:
  // Writes an index of `series` (sorted) with the symbols they use plus "".
  Bytes Write(const std::vector<TestSeries>& series) {
    std::vector<std::string> symbols = {""};
    for (const auto& s : series) {
      for (const Label& l : s.labels) {
        symbols.emplace_back(l.name);
        symbols.emplace_back(l.value);
      }
    }
    std::sort(symbols.begin(), symbols.end());
    symbols.erase(std::unique(symbols.begin(), symbols.end()), symbols.end());
    auto w = IndexWriter::Create(fs_, path_);
    EXPECT_TRUE(w.ok()) << w.status().ToString();
    for (const auto& s : symbols) EXPECT_TRUE((*w)->AddSymbol(s).ok());
    SeriesRef ref = 0;
    for (const auto& s : series) {
      const Status st = (*w)->AddSeries(ref++, s.labels, s.chunks);
      EXPECT_TRUE(st.ok()) << st.ToString();
    }
    EXPECT_TRUE((*w)->Close().ok());
    return *ReadWholeFile(fs_, path_);
  }

  static std::vector<TestSeries> Sample() {
    return {
        {Labels::FromStrings({"__name__", "up", "job", "a"}), {{8, 1000, 2000}}},
        {Labels::FromStrings({"__name__", "up", "job", "b"}),
         {{30, 1000, 1990}, {55, 2000, 2990}, {90, 3000, 3500}}},
        {Labels::FromStrings({"__name__", "x", "instance", "i:1", "job", "a"}), {}},
    };
  }

  PosixFilesystem fs_;
  TempDir dir_;
  std::string path_ = dir_.Join("index");
};

TEST_F(IndexTest, RoundTripsSymbolsSeriesPostingsAndLabelValues) {
  const auto series = Sample();
  const Bytes file = Write(series);
  auto r = IndexReader::Open(file, path_);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ((*r)->version(), 2);

  const std::vector<std::string_view> want_symbols = {"",  "__name__", "a", "b",  "i:1",
                                                      "instance", "job", "up", "x"};
  EXPECT_EQ(std::vector<std::string_view>((*r)->symbols().begin(), (*r)->symbols().end()),
            want_symbols);

  auto all = (*r)->AllPostings();
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 3u);
  IndexSeriesIterator it(**r, *all);
  size_t i = 0;
  while (it.Next()) {
    ASSERT_LT(i, series.size());
    EXPECT_EQ(it.labels(), series[i].labels);
    EXPECT_EQ(it.chunks(), series[i].chunks);
    EXPECT_EQ(it.ref() * 16 % 16, 0u);
    i++;
  }
  EXPECT_TRUE(it.status().ok()) << it.status().ToString();
  EXPECT_EQ(i, 3u);

  auto up = (*r)->Postings("__name__", "up");
  ASSERT_TRUE(up.ok());
  EXPECT_EQ(up->ToVector(), (std::vector<SeriesRef>{(*all)[0], (*all)[1]}));
  auto job_a = (*r)->Postings("job", "a");
  EXPECT_EQ(job_a->ToVector(), (std::vector<SeriesRef>{(*all)[0], (*all)[2]}));
  EXPECT_TRUE((*r)->Postings("job", "zzz")->empty());
  EXPECT_TRUE((*r)->Postings("nope", "a")->empty());

  EXPECT_EQ((*r)->LabelNames(), (std::vector<std::string_view>{"__name__", "instance", "job"}));
  EXPECT_EQ((*r)->LabelValues("job"), (std::vector<std::string_view>{"a", "b"}));
  EXPECT_TRUE((*r)->LabelValues("nope").empty());
  EXPECT_TRUE((*r)->Verify().ok());
}

TEST_F(IndexTest, LayoutFollows242) {
  const Bytes file = Write(Sample());
  ASSERT_GE(file.size(), 57u);
  EXPECT_EQ(GetBE32(file.data()), kIndexMagic);
  EXPECT_EQ(file[4], 2);
  auto r = IndexReader::Open(file, path_);
  ASSERT_TRUE(r.ok());
  const Toc& toc = (*r)->toc();
  EXPECT_EQ(toc.symbols, 5u);
  // Section order in the file.
  EXPECT_LT(toc.symbols, toc.series);
  EXPECT_LE(toc.series, toc.label_indices);
  EXPECT_LE(toc.label_indices, toc.postings);
  EXPECT_LE(toc.postings, toc.label_indices_table);
  EXPECT_LT(toc.label_indices_table, toc.postings_table);
  EXPECT_EQ(toc.postings_table + 4 + GetBE32(&file[toc.postings_table]) + 4, file.size() - 52);
  // The TOC's series offset is taken before the 16-byte padding.
  EXPECT_EQ(toc.series, 5 + 4 + GetBE32(&file[5]) + 4);
  // Every series starts on a 16-byte boundary and the first posting list is
  // the all-postings key.
  auto all = (*r)->AllPostings();
  for (size_t i = 0; i < all->size(); i++) EXPECT_GE((*all)[i] * 16, toc.series);
  EXPECT_EQ((*r)->num_postings_entries(), 6u);  // "", __name__ x2, instance, job x2
}

TEST_F(IndexTest, EmptyIndexHasOnlyTheAllPostingsList) {
  const Bytes file = Write({});
  auto r = IndexReader::Open(file, path_);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ((*r)->symbols().size(), 1u);
  EXPECT_TRUE((*r)->AllPostings()->empty());
  EXPECT_EQ((*r)->num_postings_entries(), 1u);
  EXPECT_TRUE((*r)->LabelNames().empty());
  EXPECT_TRUE((*r)->Verify().ok());
}

TEST_F(IndexTest, ChunkDeltasWrapLikeGo) {
  // Overlapping and backwards chunks encode with wrapping deltas and still
  // read back exactly.
  std::vector<TestSeries> s = {{Labels::FromStrings({"a", "b"}),
                                {{1ull << 40, INT64_MAX - 5, INT64_MAX},
                                 {8, INT64_MIN, INT64_MIN + 3},
                                 {(1ull << 40) + 7, -5, -10}}}};
  const Bytes file = Write(s);
  auto r = IndexReader::Open(file, path_);
  ASSERT_TRUE(r.ok());
  Labels l;
  std::vector<ChunkMeta> c;
  ASSERT_TRUE((*r)->Series((*(*r)->AllPostings())[0], &l, &c).ok());
  EXPECT_EQ(c, s[0].chunks);
}

TEST_F(IndexTest, WriterRejectsMisuse) {
  auto w = IndexWriter::Create(fs_, path_);
  ASSERT_TRUE(w.ok());
  ASSERT_TRUE((*w)->AddSymbol("a").ok());
  EXPECT_EQ((*w)->AddSymbol("a").code(), StatusCode::kInvalidArgument);
  ASSERT_TRUE((*w)->AddSymbol("b").ok());
  EXPECT_FALSE((*w)->AddSeries(0, Labels::FromStrings({"a", "c"}), {}).ok());  // no symbol c
  ASSERT_TRUE((*w)->AddSeries(1, Labels::FromStrings({"a", "b"}), {}).ok());
  EXPECT_FALSE((*w)->AddSeries(2, Labels::FromStrings({"a", "a"}), {}).ok());  // out of order
  EXPECT_FALSE((*w)->AddSeries(0, Labels::FromStrings({"b", "b"}), {}).ok());  // ref backwards
  const Status late = (*w)->AddSymbol("c");
  EXPECT_NE(late.message().find("invalid stage"), std::string::npos) << late.ToString();
  EXPECT_TRUE((*w)->Close().ok());
  EXPECT_EQ((*w)->Close().code(), StatusCode::kClosed);
}

// --- corruption ------------------------------------------------------------

TEST_F(IndexTest, FlippedSymbolByteIsACorruptionNamingFileAndOffset) {
  Bytes file = Write(Sample());
  file[12] ^= 0x40;  // inside the symbol table
  auto r = IndexReader::Open(file, path_);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kCorruption);
  EXPECT_NE(r.status().message().find(path_), std::string::npos) << r.status().ToString();
  EXPECT_NE(r.status().message().find("at offset 5"), std::string::npos) << r.status().ToString();
  EXPECT_NE(r.status().message().find("checksum mismatch"), std::string::npos);
}

TEST_F(IndexTest, FlippedSeriesByteFailsThatSeries) {
  Bytes file = Write(Sample());
  auto r0 = IndexReader::Open(file, path_);
  const SeriesRef id = (*(*r0)->AllPostings())[1];
  r0.value().reset();
  file[id * 16 + 2] ^= 0x01;
  auto r = IndexReader::Open(file, path_);
  ASSERT_TRUE(r.ok());
  Labels l;
  std::vector<ChunkMeta> c;
  const Status s = (*r)->Series(id, &l, &c);
  EXPECT_EQ(s.code(), StatusCode::kCorruption);
  EXPECT_NE(s.message().find("at offset " + std::to_string(id * 16)), std::string::npos)
      << s.ToString();
  EXPECT_FALSE((*r)->Verify().ok());
  EXPECT_TRUE((*r)->Series((*(*r)->AllPostings())[0], &l, &c).ok());
}

TEST_F(IndexTest, FlippedLabelIndexByteIsFoundByVerify) {
  Bytes file = Write(Sample());
  auto r0 = IndexReader::Open(file, path_);
  const uint64_t li = (*r0)->toc().label_indices;
  r0.value().reset();
  file[((li + 3) & ~uint64_t{3}) + 9] ^= 0x01;  // the first label index's body
  auto r = IndexReader::Open(file, path_);
  ASSERT_TRUE(r.ok());  // 2.42 never reads label indices
  const Status s = (*r)->Verify();
  EXPECT_EQ(s.code(), StatusCode::kCorruption);
  EXPECT_NE(s.message().find("label index"), std::string::npos) << s.ToString();
}

TEST_F(IndexTest, LabelIndexCountsWhoseSizeWrapsAroundAreCorrupt) {
  Bytes file = Write(Sample());
  auto r0 = IndexReader::Open(file, path_);
  const uint64_t li = (*r0)->toc().label_indices;
  r0.value().reset();
  // The first label index rewritten as 2^31 names x 2^31 values and no
  // entries: 4 * names * values wraps to 0 in 64 bits, the body's length.
  const size_t at = (li + 3) & ~uint64_t{3};
  const uint8_t body[] = {0x80, 0, 0, 0, 0x80, 0, 0, 0};
  const uint8_t len[] = {0, 0, 0, 8};
  std::copy(std::begin(len), std::end(len), file.begin() + static_cast<ptrdiff_t>(at));
  std::copy(std::begin(body), std::end(body), file.begin() + static_cast<ptrdiff_t>(at + 4));
  const uint32_t crc = tsdb::Crc32c(ByteView(body, sizeof body));
  for (int i = 0; i < 4; i++) file[at + 12 + i] = static_cast<uint8_t>(crc >> (24 - 8 * i));
  auto r = IndexReader::Open(file, path_);
  ASSERT_TRUE(r.ok());
  const Status s = (*r)->Verify();
  EXPECT_EQ(s.code(), StatusCode::kCorruption) << s.ToString();
  EXPECT_NE(s.message().find("label index"), std::string::npos) << s.ToString();
}

TEST_F(IndexTest, TruncationIsACorruptionAtEveryLength) {
  const Bytes file = Write(Sample());
  for (size_t n = 0; n < file.size(); n++) {
    auto r = IndexReader::Open(ByteView(file).first(n), path_);
    if (r.ok()) {
      // Only a cut that happens to leave a valid TOC can open; reading must
      // still fail cleanly or succeed, never crash.
      (void)(*r)->Verify();
      continue;
    }
    EXPECT_EQ(r.status().code(), StatusCode::kCorruption) << n;
    EXPECT_NE(r.status().message().find("at offset"), std::string::npos) << r.status().ToString();
  }
}

TEST_F(IndexTest, EveryFlippedByteFailsCleanlyOrIsHarmless) {
  const Bytes good = Write(Sample());
  for (size_t i = 0; i < good.size(); i++) {
    for (const uint8_t mask : {uint8_t{0x01}, uint8_t{0x80}, uint8_t{0xFF}}) {
      Bytes file = good;
      file[i] ^= mask;
      auto r = IndexReader::Open(file, path_);
      if (!r.ok()) {
        EXPECT_EQ(r.status().code(), StatusCode::kCorruption);
        continue;
      }
      const Status s = (*r)->Verify();
      EXPECT_TRUE(s.ok() || s.code() == StatusCode::kCorruption) << s.ToString();
      for (const auto name : (*r)->LabelNames()) {
        for (const auto value : (*r)->LabelValues(name)) (void)(*r)->Postings(name, value);
      }
    }
  }
}

TEST_F(IndexTest, BadMagicAndVersion) {
  Bytes file = Write(Sample());
  Bytes bad = file;
  bad[0] = 0;
  EXPECT_NE(IndexReader::Open(bad, path_).status().message().find("invalid magic number"),
            std::string::npos);
  bad = file;
  bad[4] = 3;
  EXPECT_NE(IndexReader::Open(bad, path_).status().message().find("unknown index file version 3"),
            std::string::npos);
}

// --- format v1 -------------------------------------------------------------

// Builds a v1 index by hand: symbol references are file offsets, series IDs
// are byte offsets (no alignment) and the postings offset table is unsorted.
TEST(IndexV1Test, ReadsAHandBuiltV1Index) {
  Encbuf f;
  f.PutBE32(kIndexMagic);
  f.PutByte(1);
  auto section = [&](const Encbuf& body) {
    f.PutBE32(static_cast<uint32_t>(body.size()));
    f.PutBytes(body.bytes());
    f.PutBE32(Crc32c(body.bytes()));
  };
  const uint64_t symbols_at = f.size();
  Encbuf syms;
  syms.PutBE32(3);
  std::vector<uint64_t> sym_off;
  for (const char* s : {"a", "b", "c"}) {
    sym_off.push_back(symbols_at + 4 + syms.size());
    syms.PutUvarintStr(s);
  }
  section(syms);
  const uint64_t series_at = f.size();
  std::vector<uint64_t> series_ids;
  for (const auto& [name, value] : std::vector<std::pair<int, int>>{{0, 1}, {0, 2}}) {
    series_ids.push_back(f.size());
    Encbuf c;
    c.PutUvarint(1);
    c.PutUvarint(sym_off[name]);
    c.PutUvarint(sym_off[value]);
    c.PutUvarint(1);
    c.PutVarint(100);
    c.PutUvarint(10);
    c.PutUvarint(8);
    f.PutUvarint(c.size());
    f.PutBytes(c.bytes());
    f.PutBE32(Crc32c(c.bytes()));
  }
  auto postings = [&](std::vector<uint64_t> ids) {
    const uint64_t at = f.size();
    Encbuf p;
    p.PutBE32(static_cast<uint32_t>(ids.size()));
    for (auto id : ids) p.PutBE32(static_cast<uint32_t>(id));
    section(p);
    return at;
  };
  const uint64_t postings_at = f.size();
  const uint64_t p_ab = postings(std::vector<uint64_t>{series_ids[0]});
  const uint64_t p_all = postings(series_ids);
  const uint64_t p_ac = postings(std::vector<uint64_t>{series_ids[1]});
  const uint64_t table_at = f.size();
  Encbuf t;
  t.PutBE32(3);
  for (const auto& [n, v, off] : std::vector<std::tuple<std::string, std::string, uint64_t>>{
           {"a", "c", p_ac}, {"", "", p_all}, {"a", "b", p_ab}}) {
    t.PutUvarint(2);
    t.PutUvarintStr(n);
    t.PutUvarintStr(v);
    t.PutUvarint(off);
  }
  section(t);
  Encbuf toc;
  for (uint64_t o : {symbols_at, series_at, postings_at, table_at, postings_at, table_at}) {
    toc.PutBE64(o);
  }
  f.PutBytes(toc.bytes());
  f.PutBE32(Crc32c(toc.bytes()));

  auto r = IndexReader::Open(f.bytes(), "v1-index");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ((*r)->version(), 1);
  EXPECT_EQ((*r)->LabelValues("a"), (std::vector<std::string_view>{"b", "c"}));
  auto ac = (*r)->Postings("a", "c");
  ASSERT_TRUE(ac.ok());
  ASSERT_EQ(ac->size(), 1u);
  Labels l;
  std::vector<ChunkMeta> c;
  ASSERT_TRUE((*r)->Series((*ac)[0], &l, &c).ok());
  EXPECT_EQ(l, Labels::FromStrings({"a", "c"}));
  EXPECT_EQ(c, (std::vector<ChunkMeta>{{8, 100, 110}}));
  EXPECT_EQ((*r)->AllPostings()->size(), 2u);
}

}  // namespace
}  // namespace tsdb::index
