// The DB with memory_snapshot_on_shutdown: opening 2.42's data directory
// starts from its chunk snapshot and replays no WAL record, yet holds every
// sample of promtool's dump; our Close writes the snapshot twice as 2.42
// does; a bad snapshot is counted and the WAL replayed instead; samples
// written after a snapshot come back from the WAL after a crash.
#include <gtest/gtest.h>

#include <fstream>
#include <set>

#include "engine/base/clock.h"
#include "engine/base/posix_filesystem.h"
#include "engine/base/random_source.h"
#include "engine/db/db.h"
#include "engine/db/promtool_format.h"
#include "support/db_samples.h"
#include "support/temp_dir.h"

namespace tsdb::db {
namespace {

const std::string kFixtureDir = std::string(TSDB_SOURCE_DIR) + "/tests/fixtures/memory_snapshot/";

std::set<std::string> PromtoolDump() {
  std::ifstream in(kFixtureDir + "datadir.promtool-dump.txt");
  std::set<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.insert(line);
  return lines;
}

// The head's samples as promtool dump lines, leaving out those the head's
// tombstones delete (tsdbsim's reads do not apply tombstones yet).
std::set<std::string> DumpOf(Filesystem& fs, const std::string& dir, const head::Head& head) {
  int64_t duplicates = 0;
  auto samples = tsdb::testing::CollectSamples(fs, dir, &head, &duplicates);
  EXPECT_TRUE(samples.ok()) << samples.status().ToString();
  EXPECT_EQ(duplicates, 0);
  std::map<std::string, uint64_t> ref_of;
  head.series().ForEach([&](const head::MemSeries& s) { ref_of[s.labels().ToString()] = s.ref(); });
  std::set<std::string> lines;
  for (const auto& [series, points] : *samples) {
    for (const auto& [t, bits] : points) {
      if (tombstones::IsDeleted(head.tombstones().Get(ref_of[series]), t)) continue;
      std::string line;
      AppendDumpLine(series, t, std::bit_cast<double>(bits), &line);
      line.pop_back();  // the newline
      lines.insert(line);
    }
  }
  return lines;
}

class ChunkSnapshotDbTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(CopyTree(fs_, kFixtureDir + "datadir", tmp_.path()).ok());
    opts_.head.chunk_range_ms = 60'000;  // the fixture's --storage.tsdb.min-block-duration=1m
    opts_.head.memory_snapshot_on_shutdown = true;
    opts_.wal.compress = true;
  }
  std::unique_ptr<DB> Open(const DbOptions& opts) {
    auto db = DB::Open(&fs_, tmp_.path(), opts, &clock_, &random_, nullptr, nullptr, &report_);
    EXPECT_TRUE(db.ok()) << db.status().ToString();
    return db.ok() ? std::move(db).value() : nullptr;
  }
  std::vector<std::string> Snapshots() {
    std::vector<std::string> out;
    auto entries = fs_.List(tmp_.path());
    EXPECT_TRUE(entries.ok());
    if (!entries.ok()) return out;
    for (const auto& e : *entries) {
      if (e.name.rfind("chunk_snapshot.", 0) == 0) out.push_back(e.name);
    }
    return out;
  }

  PosixFilesystem fs_;
  tsdb::testing::TempDir tmp_;
  ManualClock clock_{1'796'678'700'000};
  SplitMix64 random_{1};
  DbOptions opts_;
  OpenReport report_;
};

TEST_F(ChunkSnapshotDbTest, OpensTheFixtureFromItsSnapshot) {
  auto db = Open(opts_);
  ASSERT_NE(db, nullptr);
  const head::ReplayStats& r = report_.replay;
  EXPECT_FALSE(r.snapshot_error.has_value()) << *r.snapshot_error;
  EXPECT_EQ(r.snapshot_dir, tmp_.Join("chunk_snapshot.000000.0000032768"));
  EXPECT_EQ(r.snapshot_segment, 0);
  EXPECT_EQ(r.snapshot_offset, 32768);
  EXPECT_EQ(r.snapshot_series, 12);
  EXPECT_EQ(r.snapshot_head_chunks, 12);
  EXPECT_GT(r.snapshot_samples, 0);
  EXPECT_EQ(r.snapshot_tombstones, 1);
  EXPECT_GT(r.mmapped_chunks_loaded, 0);
  // Segment 0 is read from the snapshot's offset, its end: no record. Then
  // the new empty segment 1.
  EXPECT_EQ(r.records_loaded, 0);
  EXPECT_EQ(r.samples_loaded, 0);
  EXPECT_EQ(r.series_loaded, 0);
  EXPECT_EQ(r.first_segment, 0);
  EXPECT_EQ(r.last_segment, 1);
  EXPECT_EQ((*db).head().NumSeries(), 12u);
  EXPECT_EQ((*db).head().chunk_totals().open_samples, r.snapshot_samples);
  EXPECT_EQ(DumpOf(fs_, tmp_.path(), db->head()), PromtoolDump());
}

TEST_F(ChunkSnapshotDbTest, SameSamplesAsAFullWalReplay) {
  DbOptions no_snapshot = opts_;
  no_snapshot.head.memory_snapshot_on_shutdown = false;
  auto db = Open(no_snapshot);
  ASSERT_NE(db, nullptr);
  EXPECT_TRUE(report_.replay.snapshot_dir.empty());
  EXPECT_GT(report_.replay.samples_loaded, 0);
  EXPECT_EQ(report_.replay.unknown_series_refs, 0);
  EXPECT_EQ(db->head().tombstones().Total(), 1u);  // from the WAL's tombstones record
  EXPECT_EQ(DumpOf(fs_, tmp_.path(), db->head()), PromtoolDump());
}

// After the restart the first new sample of a series cuts a chunk (2.42 set
// its end to the restored chunk's maxt); Close snapshots twice, keeping the
// one at the padded offset; the next open starts from it.
TEST_F(ChunkSnapshotDbTest, CloseWritesTheSnapshotAsPrometheusDoes) {
  std::set<std::string> expected = PromtoolDump();
  {
    auto db = Open(opts_);
    ASSERT_NE(db, nullptr);
    const head::MemSeries* up = nullptr;
    db->head().series().ForEach([&](const head::MemSeries& s) {
      if (s.labels().Get("__name__") == "up") up = &s;
    });
    ASSERT_NE(up, nullptr);
    const int64_t maxt = up->MaxTime();
    const size_t mmapped_before = up->mmapped_chunks().size();
    auto app = db->Appender();
    ASSERT_TRUE(app->Append(0, up->labels(), maxt + 1000, 1).ok());
    ASSERT_TRUE(app->Commit().ok());
    EXPECT_EQ(up->mmapped_chunks().size(), mmapped_before + 1) << "the restored chunk was cut";
    EXPECT_EQ(up->head_chunk()->chunk.NumSamples(), 1);
    std::string line;
    AppendDumpLine(up->labels().ToString(), maxt + 1000, 1, &line);
    line.pop_back();
    expected.insert(line);
    ASSERT_TRUE(db->Close().ok());
  }
  // The WAL's new segment 1 ends padded to a page: 32768.
  EXPECT_EQ(Snapshots(), std::vector<std::string>{"chunk_snapshot.000001.0000032768"});
  auto db = Open(opts_);
  ASSERT_NE(db, nullptr);
  EXPECT_EQ(report_.replay.snapshot_segment, 1);
  EXPECT_EQ(report_.replay.samples_loaded, 0);
  EXPECT_EQ(report_.replay.snapshot_tombstones, 1);
  EXPECT_EQ(DumpOf(fs_, tmp_.path(), db->head()), expected);
}

TEST_F(ChunkSnapshotDbTest, BadSnapshotIsCountedAndTheWalReplayed) {
  const std::string seg = tmp_.Join("chunk_snapshot.000000.0000032768/00000000");
  auto bytes = ReadWholeFile(fs_, seg);
  ASSERT_TRUE(bytes.ok());
  (*bytes)[300] ^= 0x40;
  ASSERT_TRUE(WriteWholeFile(fs_, seg, *bytes, false).ok());
  auto db = Open(opts_);
  ASSERT_NE(db, nullptr);
  ASSERT_TRUE(report_.replay.snapshot_error.has_value());
  EXPECT_NE(report_.replay.snapshot_error->find("corruption in segment " + seg), std::string::npos)
      << *report_.replay.snapshot_error;
  EXPECT_TRUE(report_.replay.snapshot_dir.empty());
  EXPECT_EQ(db->head().metrics().snapshot_replay_error_total, 1u);
  EXPECT_GT(report_.replay.samples_loaded, 0);
  EXPECT_EQ(DumpOf(fs_, tmp_.path(), db->head()), PromtoolDump());
}

// A crash after the restart: the snapshot is the old one, and the samples
// written since are in the WAL after its position.
TEST_F(ChunkSnapshotDbTest, SamplesAfterTheSnapshotComeFromTheWal) {
  std::set<std::string> expected = PromtoolDump();
  {
    auto db = Open(opts_);
    ASSERT_NE(db, nullptr);
    const Labels l = Labels::FromStrings({"__name__", "after_snapshot", "job", "t"});
    const int64_t t0 = db->head().MaxTime();
    for (int i = 1; i <= 3; i++) {
      auto app = db->Appender();
      ASSERT_TRUE(app->Append(0, l, t0 + i * 1000, i).ok());
      ASSERT_TRUE(app->Commit().ok());
      std::string line;
      AppendDumpLine(l.ToString(), t0 + i * 1000, i, &line);
      line.pop_back();
      expected.insert(line);
    }
    // No Close: the process dies here.
  }
  auto db = Open(opts_);
  ASSERT_NE(db, nullptr);
  EXPECT_EQ(report_.replay.snapshot_segment, 0);
  EXPECT_EQ(report_.replay.first_segment, 0);
  EXPECT_EQ(report_.replay.samples_loaded, 3);
  EXPECT_EQ(report_.replay.series_loaded, 1);
  EXPECT_EQ(DumpOf(fs_, tmp_.path(), db->head()), expected);
}

}  // namespace
}  // namespace tsdb::db
