// Chunk snapshots (memory-snapshot-on-shutdown): the real 2.42 snapshot in
// tests/fixtures/memory_snapshot decodes to the head chunks its promtool dump
// implies and re-encodes byte for byte; records and directories round-trip;
// damaged snapshots fail naming the file and offset.
#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <fstream>
#include <map>
#include <set>

#include "engine/base/posix_filesystem.h"
#include "engine/chunkenc/xor.h"
#include "engine/db/promtool_format.h"
#include "engine/head/chunk_snapshot.h"
#include "engine/head/head.h"
#include "engine/head/head_append.h"
#include "engine/wlog/reader.h"
#include "engine/wlog/wal.h"
#include "support/memory_chunk_mapper.h"
#include "support/temp_dir.h"

namespace tsdb::head {
namespace {

const std::string kFixtureDir = std::string(TSDB_SOURCE_DIR) + "/tests/fixtures/memory_snapshot/";
const std::string kDataDir = kFixtureDir + "datadir";
const std::string kSnapshotName = "chunk_snapshot.000000.0000032768";

std::set<std::string> DumpLines() {
  std::ifstream in(kFixtureDir + "datadir.promtool-dump.txt");
  std::set<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.insert(line);
  return lines;
}

// `{labels}` of a dump line.
std::string DumpLineSeries(const std::string& line) { return line.substr(0, line.find("} ") + 1); }
int64_t DumpLineTime(const std::string& line) { return std::stoll(line.substr(line.rfind(' ') + 1)); }

bool Deleted(const tombstones::MemTombstones& t, uint64_t ref, int64_t ts) {
  return tombstones::IsDeleted(t.Get(ref), ts);
}

TEST(ChunkSnapshotFixture, FindsTheNewestSnapshot) {
  PosixFilesystem fs;
  auto last = LastChunkSnapshot(fs, kDataDir);
  ASSERT_TRUE(last.ok()) << last.status().ToString();
  EXPECT_EQ(last->dir, JoinPath(kDataDir, kSnapshotName));
  EXPECT_EQ(last->position, (SnapshotPosition{0, 32768}));
  EXPECT_EQ(ChunkSnapshotDirName(0, 32768), kSnapshotName);
}

// Every series of the dump is in the snapshot, each with the head chunk
// holding exactly the dump's newest samples: those from the chunk's mint on.
TEST(ChunkSnapshotFixture, SeriesAndHeadChunksAgreeWithThePromtoolDump) {
  PosixFilesystem fs;
  auto snap = ReadChunkSnapshot(fs, kDataDir);
  ASSERT_TRUE(snap.ok()) << snap.status().ToString();
  EXPECT_EQ(snap->records, 13);  // 12 series, 1 tombstones
  EXPECT_EQ(snap->ref.position, (SnapshotPosition{0, 32768}));
  const auto& series = snap->contents.series;
  ASSERT_EQ(series.size(), 12u);

  const std::set<std::string> dump = DumpLines();
  ASSERT_EQ(dump.size(), 845u);
  std::map<std::string, std::vector<int64_t>> dump_times;  // series -> its timestamps
  for (const auto& line : dump) dump_times[DumpLineSeries(line)].push_back(DumpLineTime(line));
  ASSERT_EQ(dump_times.size(), 12u);

  // One interval of go_threads was deleted through the admin API.
  const auto& stones = snap->contents.tombstones;
  ASSERT_EQ(stones.by_ref().size(), 1u);
  const uint64_t deleted_ref = stones.by_ref().begin()->first;
  ASSERT_EQ(stones.Total(), 1u);

  uint64_t prev_ref = 0;
  for (const SnapshotSeries& s : series) {
    EXPECT_GT(s.ref, prev_ref) << "fewer series than stripes: ascending ref order";
    prev_ref = s.ref;
    const std::string name = s.labels.ToString();
    ASSERT_TRUE(dump_times.count(name)) << name;
    if (s.ref == deleted_ref) {
      EXPECT_EQ(s.labels.Get("__name__"), "go_threads");
    }
    ASSERT_TRUE(s.head_chunk.has_value()) << name;
    const SnapshotChunk& c = *s.head_chunk;
    EXPECT_EQ(c.encoding, static_cast<uint8_t>(chunkenc::Encoding::kXor));

    // The chunk's samples, as dump lines.
    chunkenc::XorIterator it(c.data);
    int n = 0;
    int64_t first_t = 0, last_t = 0;
    uint64_t last_bits = 0;
    while (it.Next()) {
      std::string line;
      db::AppendDumpLine(name, it.t(), it.v(), &line);
      if (!line.empty() && line.back() == '\n') line.pop_back();
      if (!Deleted(stones, s.ref, it.t())) {
        EXPECT_TRUE(dump.count(line)) << line;
      }
      if (n == 0) first_t = it.t();
      last_t = it.t();
      last_bits = it.v_bits();
      n++;
    }
    ASSERT_TRUE(it.status().ok()) << it.status().ToString();
    ASSERT_GT(n, 0);
    EXPECT_EQ(first_t, c.mint);
    EXPECT_EQ(last_t, c.maxt);
    // 2.42 keeps the last value (not its time, which is the chunk's maxt).
    EXPECT_EQ(s.last_value_bits, last_bits) << name;
    // The chunk holds the series' newest samples: every dump sample from mint on.
    const auto& times = dump_times[name];
    const auto from_mint = std::count_if(times.begin(), times.end(), [&](int64_t t) { return t >= c.mint; });
    EXPECT_EQ(n, from_mint) << name;
    EXPECT_EQ(*std::max_element(times.begin(), times.end()), c.maxt) << name;
  }
}

// The records of a snapshot segment file, in order.
std::vector<Bytes> SegmentRecords(Filesystem& fs, const std::string& dir) {
  std::vector<Bytes> out;
  auto segments = wlog::SegmentRangeReader::OpenDir(fs, dir);
  EXPECT_TRUE(segments.ok());
  if (!segments.ok()) return out;
  wlog::Reader& r = (*segments)->reader();
  while (r.Next()) out.emplace_back(r.Record().begin(), r.Record().end());
  EXPECT_FALSE(r.Err().has_value());
  return out;
}

// Decoding every record of the fixture and encoding it again gives 2.42's
// bytes. Writing the decoded contents as a snapshot gives the same records
// in a file of the same size; the compressed bytes differ where C++ snappy
// and Go's snappy choose different matches (PROMETHEUS.md §15).
TEST(ChunkSnapshotFixture, ReencodesByteForByte) {
  PosixFilesystem fs;
  const std::vector<Bytes> theirs = SegmentRecords(fs, JoinPath(kDataDir, kSnapshotName));
  ASSERT_EQ(theirs.size(), 13u);
  ChunkSnapshotContents contents;
  for (const Bytes& rec : theirs) {
    Bytes again;
    if (rec[0] == static_cast<uint8_t>(snapshot_format::RecordType::kSeries)) {
      SnapshotSeries s;
      ASSERT_TRUE(DecodeSnapshotSeries(rec, &s).ok());
      EncodeSnapshotSeries(s, &again);
      contents.series.push_back(std::move(s));
    } else {
      ASSERT_EQ(rec[0], static_cast<uint8_t>(snapshot_format::RecordType::kTombstones));
      ASSERT_TRUE(DecodeSnapshotTombstones(rec, &contents.tombstones).ok());
      EncodeSnapshotTombstones(contents.tombstones, &again);
    }
    EXPECT_EQ(again, rec);
  }

  tsdb::testing::TempDir tmp;
  auto stats = WriteChunkSnapshot(fs, tmp.path(), {0, 32768}, contents, {.compress = true});
  ASSERT_TRUE(stats.ok()) << stats.status().ToString();
  EXPECT_EQ(stats->dir, tmp.Join(kSnapshotName));
  EXPECT_EQ(stats->total_series, 12);
  EXPECT_EQ(stats->series_with_chunk, 12);
  EXPECT_EQ(SegmentRecords(fs, tmp.Join(kSnapshotName)), theirs);
  auto ours = fs.Stat(JoinPath(tmp.Join(kSnapshotName), "00000000"));
  auto their_file = fs.Stat(JoinPath(JoinPath(kDataDir, kSnapshotName), "00000000"));
  ASSERT_TRUE(ours.ok() && their_file.ok());
  EXPECT_EQ(ours->size_bytes, their_file->size_bytes);
}

SnapshotSeries MakeSeries(uint64_t ref, int samples, double last) {
  SnapshotSeries s;
  s.ref = ref;
  s.labels = Labels::FromStrings({"__name__", "m", "i", std::to_string(ref)});
  if (samples > 0) {
    chunkenc::XorChunk c;
    for (int i = 0; i < samples; i++) c.Append(1000 + i * 15000, i + 1 == samples ? last : i * 0.5);
    const ByteView b = c.bytes();
    s.head_chunk = SnapshotChunk{1000, 1000 + (samples - 1) * 15000, 1, Bytes(b.begin(), b.end())};
    s.last_value_bits = std::bit_cast<uint64_t>(last);
  }
  return s;
}

void ExpectSameSeries(const SnapshotSeries& a, const SnapshotSeries& b) {
  EXPECT_EQ(a.ref, b.ref);
  EXPECT_EQ(a.labels, b.labels);
  EXPECT_EQ(a.last_value_bits, b.last_value_bits);
  ASSERT_EQ(a.head_chunk.has_value(), b.head_chunk.has_value());
  if (!a.head_chunk) return;
  EXPECT_EQ(a.head_chunk->mint, b.head_chunk->mint);
  EXPECT_EQ(a.head_chunk->maxt, b.head_chunk->maxt);
  EXPECT_EQ(a.head_chunk->encoding, b.head_chunk->encoding);
  EXPECT_EQ(a.head_chunk->data, b.head_chunk->data);
}

TEST(ChunkSnapshotRecords, SeriesRoundTrip) {
  const double stale = std::bit_cast<double>(uint64_t{0x7FF0000000000002});
  for (const SnapshotSeries& in :
       {MakeSeries(1, 0, 0), MakeSeries(7, 1, 3.5), MakeSeries(1u << 20, 130, stale)}) {
    Bytes rec;
    EncodeSnapshotSeries(in, &rec);
    SnapshotSeries out;
    ASSERT_TRUE(DecodeSnapshotSeries(rec, &out).ok());
    ExpectSameSeries(in, out);
  }
  // Without a head chunk the record stops after the flag.
  const SnapshotSeries bare = MakeSeries(1, 0, 0);
  Bytes rec;
  EncodeSnapshotSeries(bare, &rec);
  EXPECT_EQ(rec.back(), 0);
  EXPECT_EQ(rec.size(), 1 + 8 + 1 + bare.labels.EncodedPairs().size() + 8 + 1);
}

TEST(ChunkSnapshotRecords, TombstonesAndExemplarsRoundTrip) {
  tombstones::MemTombstones t;
  Bytes rec;
  EncodeSnapshotTombstones(t, &rec);
  EXPECT_EQ(rec, (Bytes{2, 1, 1}));  // always written, empty here
  t.AddInterval(3, {-5, 10});
  t.AddInterval(3, {20, 30});
  t.AddInterval(1, {INT64_MIN, INT64_MAX});
  rec.clear();
  EncodeSnapshotTombstones(t, &rec);
  tombstones::MemTombstones back;
  ASSERT_TRUE(DecodeSnapshotTombstones(rec, &back).ok());
  EXPECT_EQ(back, t);

  std::vector<record::RefExemplar> ex = {{5, 1000, 1.5, Labels::FromStrings({"trace_id", "a"})},
                                         {2, 900, -1, Labels::FromStrings({"trace_id", "b"})}};
  rec.clear();
  EncodeSnapshotExemplars(ex, &rec);
  EXPECT_EQ(rec[0], 3);
  std::vector<record::RefExemplar> ex_back;
  ASSERT_TRUE(DecodeSnapshotExemplars(rec, &ex_back).ok());
  ASSERT_EQ(ex_back.size(), 2u);
  EXPECT_EQ(ex_back[1].ref, 2u);
  EXPECT_EQ(ex_back[1].t, 900);
  EXPECT_EQ(ex_back[1].labels, ex[1].labels);
}

TEST(ChunkSnapshotRecords, DecodeErrorsUse242Wording) {
  Bytes rec;
  EncodeSnapshotSeries(MakeSeries(4, 3, 1), &rec);
  SnapshotSeries out;
  EXPECT_EQ(DecodeSnapshotSeries(Bytes{9}, &out).message(), "invalid record type 9");
  // Cut inside the legacy slots: the failed read leaves bytes behind.
  const Bytes cut(rec.begin(), rec.end() - 4);
  EXPECT_EQ(DecodeSnapshotSeries(cut, &out).message(), "unexpected 4 bytes left in entry");
  // Bytes after the last value are ignored.
  Bytes longer = rec;
  longer.push_back(0xAB);
  EXPECT_TRUE(DecodeSnapshotSeries(longer, &out).ok());
  tombstones::MemTombstones t;
  EXPECT_EQ(DecodeSnapshotTombstones(Bytes{2, 1, 7}, &t).message(),
            "decode tombstones: invalid tombstone format 7");
}

class ChunkSnapshotDirTest : public ::testing::Test {
 protected:
  std::vector<std::string> Names() {
    std::vector<std::string> out;
    auto entries = fs_.List(tmp_.path());
    for (const auto& e : *entries) out.push_back(e.name);
    return out;
  }
  PosixFilesystem fs_;
  tsdb::testing::TempDir tmp_;
};

TEST_F(ChunkSnapshotDirTest, WriteReadDeleteOlderSkipSame) {
  ChunkSnapshotContents c;
  c.series = {MakeSeries(2, 5, 7), MakeSeries(1, 0, 0), MakeSeries(3, 121, -2)};
  c.tombstones.AddInterval(2, {1000, 2000});
  c.exemplars = {{2, 1000, 1.5, Labels::FromStrings({"trace_id", "x"})}};
  // 2.42 at shutdown: once with the WAL open, once after its close padded it.
  ASSERT_TRUE(WriteChunkSnapshot(fs_, tmp_.path(), {4, 9082}, c, {}).ok());
  auto second = WriteChunkSnapshot(fs_, tmp_.path(), {4, 32768}, c, {.compress = true});
  ASSERT_TRUE(second.ok()) << second.status().ToString();
  EXPECT_FALSE(second->skipped);
  EXPECT_TRUE(second->delete_old.ok());
  EXPECT_EQ(Names(), std::vector<std::string>{"chunk_snapshot.000004.0000032768"});
  auto again = WriteChunkSnapshot(fs_, tmp_.path(), {4, 32768}, c, {});
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->skipped);

  auto snap = ReadChunkSnapshot(fs_, tmp_.path());
  ASSERT_TRUE(snap.ok()) << snap.status().ToString();
  ASSERT_EQ(snap->contents.series.size(), 3u);
  for (size_t i = 0; i < 3; i++) ExpectSameSeries(snap->contents.series[i], c.series[i]);
  EXPECT_EQ(snap->contents.tombstones, c.tombstones);
  ASSERT_EQ(snap->contents.exemplars.size(), 1u);
  auto skipped = ReadChunkSnapshot(fs_, tmp_.path(), {.decode_exemplars = false});
  ASSERT_TRUE(skipped.ok());
  EXPECT_TRUE(skipped->contents.exemplars.empty());
  EXPECT_EQ(skipped->exemplar_records_skipped, 1);
}

TEST_F(ChunkSnapshotDirTest, NamesThatDoNotParseAreIgnoredAndAFileIsAnError) {
  EXPECT_EQ(ReadChunkSnapshot(fs_, tmp_.path()).status().code(), StatusCode::kNotFound);
  for (const char* d : {"chunk_snapshot.000001.0000000100", "chunk_snapshot.000002.0000000050.tmp",
                        "chunk_snapshot.x.1", "chunk_snapshot.000001.0000000200"}) {
    ASSERT_TRUE(fs_.MkdirAll(tmp_.Join(d)).ok());
  }
  auto last = LastChunkSnapshot(fs_, tmp_.path());
  ASSERT_TRUE(last.ok());
  EXPECT_EQ(last->position, (SnapshotPosition{1, 200}));
  ASSERT_TRUE(DeleteChunkSnapshots(fs_, tmp_.path(), {1, 200}).ok());
  EXPECT_EQ(Names(), (std::vector<std::string>{"chunk_snapshot.000001.0000000200",
                                               "chunk_snapshot.000002.0000000050.tmp",
                                               "chunk_snapshot.x.1"}));
  ASSERT_TRUE(WriteWholeFile(fs_, tmp_.Join("chunk_snapshot.9.9"), Bytes{1}, false).ok());
  auto bad = LastChunkSnapshot(fs_, tmp_.path());
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message(), "chunk snapshot chunk_snapshot.9.9 is not a directory");
}

// A head's snapshot: every series in stripe order (ref order here), each
// open head chunk with its bytes and the last value; series whose chunks
// were all cut hold none; compression follows the head's WAL.
TEST_F(ChunkSnapshotDirTest, WritesAHead) {
  auto wal = wlog::Wal::Open(&fs_, tmp_.Join("wal"), {.compress = true});
  ASSERT_TRUE(wal.ok());
  tsdb::testing::MemoryChunkMapper cdm;
  ManualClock clock;
  Head head(HeadOptions{}, wal->get(), &cdm, &clock, nullptr);
  const int64_t t0 = int64_t{7'200'000} * 250'000;  // chunk range aligned
  for (int i = 0; i < 150; i++) {
    auto app = head.Appender();
    for (int k = 0; k < 3; k++) {
      const Labels l = Labels::FromStrings({"__name__", "m", "k", std::to_string(k)});
      ASSERT_TRUE(app->Append(0, l, t0 + i * 15'000, i * 1.5 + k).ok());
    }
    ASSERT_TRUE(app->Commit().ok());
  }
  auto stats = WriteChunkSnapshot(fs_, tmp_.path(), head, 0, 1234);
  ASSERT_TRUE(stats.ok()) << stats.status().ToString();
  EXPECT_EQ(stats->dir, tmp_.Join("chunk_snapshot.000000.0000001234"));
  EXPECT_EQ(stats->total_series, 3);
  EXPECT_EQ(stats->series_with_chunk, 3);
  auto snap = ReadChunkSnapshot(fs_, tmp_.path());
  ASSERT_TRUE(snap.ok()) << snap.status().ToString();
  ASSERT_EQ(snap->contents.series.size(), 3u);
  for (uint64_t ref = 1; ref <= 3; ref++) {
    const SnapshotSeries& s = snap->contents.series[ref - 1];
    const MemSeries* m = head.GetByRef(ref);
    ASSERT_NE(m, nullptr);
    EXPECT_EQ(s.ref, ref);
    EXPECT_EQ(s.labels, m->labels());
    ASSERT_TRUE(s.head_chunk.has_value());
    const ByteView live = m->head_chunk()->chunk.bytes();
    EXPECT_EQ(s.head_chunk->data, Bytes(live.begin(), live.end()));
    EXPECT_EQ(s.head_chunk->mint, m->head_chunk()->mint);
    EXPECT_EQ(s.head_chunk->maxt, t0 + 149 * 15'000);
    EXPECT_EQ(s.last_value_bits, std::bit_cast<uint64_t>(149 * 1.5 + static_cast<double>(ref - 1)));
  }
  // Snappy flag on the first fragment, as the head's WAL compresses.
  auto seg = ReadWholeFile(fs_, JoinPath(stats->dir, "00000000"));
  ASSERT_TRUE(seg.ok());
  EXPECT_EQ((*seg)[0] & 0x08, 0x08);
}

// A copy of the fixture's data directory whose snapshot segment was changed by fn.
std::string DamagedFixture(PosixFilesystem& fs, const tsdb::testing::TempDir& tmp,
                           const std::function<void(Bytes*)>& fn) {
  const std::string dir = tmp.Join(kSnapshotName);
  EXPECT_TRUE(CopyTree(fs, JoinPath(kDataDir, kSnapshotName), dir).ok());
  const std::string seg = JoinPath(dir, "00000000");
  auto bytes = ReadWholeFile(fs, seg);
  EXPECT_TRUE(bytes.ok());
  fn(&*bytes);
  EXPECT_TRUE(WriteWholeFile(fs, seg, *bytes, false).ok());
  return seg;
}

TEST(ChunkSnapshotCorruption, FlippedByteNamesFileAndOffset) {
  PosixFilesystem fs;
  tsdb::testing::TempDir tmp;
  const std::string seg = DamagedFixture(fs, tmp, [](Bytes* b) { (*b)[300] ^= 0x40; });
  auto snap = ReadChunkSnapshot(fs, tmp.path());
  ASSERT_FALSE(snap.ok());
  EXPECT_EQ(snap.status().code(), StatusCode::kCorruption);
  const std::string& m = snap.status().message();
  EXPECT_NE(m.find("corruption in segment " + seg + " at "), std::string::npos) << m;
  EXPECT_NE(m.find("unexpected checksum"), std::string::npos) << m;
}

TEST(ChunkSnapshotCorruption, TruncatedSnapshotNamesFileAndOffset) {
  PosixFilesystem fs;
  tsdb::testing::TempDir tmp;
  // Cut in the middle of the tombstones record (the last one: 0x6fc-0x712).
  const std::string seg = DamagedFixture(fs, tmp, [](Bytes* b) { b->resize(0x710); });
  auto snap = ReadChunkSnapshot(fs, tmp.path());
  ASSERT_FALSE(snap.ok());
  const std::string& m = snap.status().message();
  EXPECT_NE(m.find("corruption in segment " + seg + " at "), std::string::npos) << m;
}

TEST(ChunkSnapshotCorruption, UndecodableRecordNamesFileAndOffset) {
  PosixFilesystem fs;
  tsdb::testing::TempDir tmp;
  const std::string dir = tmp.Join("chunk_snapshot.000000.0000000000");
  auto w = wlog::Wal::Open(&fs, dir, {});
  ASSERT_TRUE(w.ok());
  Bytes good;
  EncodeSnapshotSeries(MakeSeries(1, 3, 1), &good);
  ASSERT_TRUE((*w)->Log(good).ok());
  const Bytes cut(good.begin(), good.begin() + 20);  // inside the labels
  ASSERT_TRUE((*w)->Log(cut).ok());
  ASSERT_TRUE((*w)->Log(Bytes{0x07, 1, 2}).ok());
  ASSERT_TRUE((*w)->Close().ok());
  auto snap = ReadChunkSnapshot(fs, tmp.path());
  ASSERT_FALSE(snap.ok());
  const std::string offset = std::to_string(7 + good.size() + 7 + cut.size());
  EXPECT_EQ(snap.status().message(), "read chunk snapshot: corruption in segment " + dir +
                                         "/00000000 at " + offset + ": decode series record: invalid size");
}

TEST(ChunkSnapshotCorruption, UnknownRecordType) {
  PosixFilesystem fs;
  tsdb::testing::TempDir tmp;
  const std::string dir = tmp.Join("chunk_snapshot.000000.0000000000");
  auto w = wlog::Wal::Open(&fs, dir, {});
  ASSERT_TRUE(w.ok());
  ASSERT_TRUE((*w)->Log(Bytes{0x05, 1, 2}).ok());
  ASSERT_TRUE((*w)->Close().ok());
  auto snap = ReadChunkSnapshot(fs, tmp.path());
  ASSERT_FALSE(snap.ok());
  EXPECT_NE(snap.status().message().find("at 10: decode loop: unsuported snapshot record type 0b101"),
            std::string::npos)
      << snap.status().message();
}

}  // namespace
}  // namespace tsdb::head
