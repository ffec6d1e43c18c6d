// Replaying real Prometheus 2.42 WALs through tsdbsim's DB.
#include <gtest/gtest.h>

#include "engine/base/clock.h"
#include "engine/base/posix_filesystem.h"
#include "engine/base/random_source.h"
#include "engine/db/db.h"
#include "support/fixtures.h"
#include "support/temp_dir.h"

namespace tsdb::db {
namespace {

using tsdb::testing::FixturePath;

constexpr int64_t kMinute = 60 * 1000;

// The mmapped fixture's WAL holds every sample; its chunks_head/000001 is
// what 2.42 cut from them. Replaying the WAL alone into tsdbsim with the
// same chunk range (10m) must cut the same chunks, in the same order, into
// a byte-identical file.
TEST(DbFixtureReplay, WalReplayRebuildsTheExactChunksHeadFile) {
  PosixFilesystem fs;
  tsdb::testing::TempDir tmp;
  ASSERT_TRUE(tsdb::CopyTree(fs, FixturePath("prometheus-2.42/mmapped-datadir/wal"),
                                     tmp.Join("wal")).ok());
  ManualClock clock(1'795'236'300'000);
  SplitMix64 random(1);
  DbOptions opts;
  opts.head.chunk_range_ms = 10 * kMinute;
  OpenReport report;
  {
    auto db = DB::Open(&fs, tmp.path(), opts, &clock, &random, nullptr, nullptr, &report);
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    EXPECT_FALSE(report.corruption.has_value());
    EXPECT_EQ((*db)->head().NumSeries(), 512u);
    EXPECT_EQ(report.replay.samples_loaded, 210944);
    ASSERT_TRUE((*db)->Close().ok());
  }
  auto ours = ReadWholeFile(fs, tmp.Join("chunks_head/000001"));
  auto theirs = ReadWholeFile(fs, FixturePath("prometheus-2.42/mmapped-datadir/chunks_head/000001"));
  ASSERT_TRUE(ours.ok() && theirs.ok());
  ASSERT_EQ(ours->size(), theirs->size());
  size_t first_diff = 0;
  while (first_diff < ours->size() && (*ours)[first_diff] == (*theirs)[first_diff]) first_diff++;
  EXPECT_EQ(first_diff, ours->size()) << "first difference at byte " << first_diff;
}

// Opening the SIGKILLed fixture replays its checkpoint and segments without
// corruption; the head then holds exactly the dump's samples after the last block.
TEST(DbFixtureReplay, KilledDatadirOpensCleanly) {
  PosixFilesystem fs;
  tsdb::testing::TempDir tmp;
  ASSERT_TRUE(tsdb::CopyTree(fs, FixturePath("prometheus-2.42/killed-datadir"), tmp.path()).ok());
  ManualClock clock(1'795'235'200'000);
  SplitMix64 random(1);
  DbOptions opts;
  opts.head.chunk_range_ms = 2 * kMinute;
  opts.compaction_enabled = false;
  OpenReport report;
  auto db = DB::Open(&fs, tmp.path(), opts, &clock, &random, nullptr, nullptr, &report);
  ASSERT_TRUE(db.ok()) << db.status().ToString();
  EXPECT_FALSE(report.corruption.has_value());
  EXPECT_EQ((*db)->blocks().size(), 5u);
  EXPECT_EQ(report.min_valid_time, 1795235040000);
  EXPECT_EQ(report.replay.checkpoint_index, 1);
  EXPECT_EQ(report.replay.unknown_series_refs, 0);
  int64_t want = 0;
  ASSERT_TRUE(tsdb::testing::ForEachGzipLine(
      FixturePath("prometheus-2.42/killed-datadir.promtool-dump.txt.gz"),
      [&](const std::string& line) { want += tsdb::testing::DumpLineTimestamp(line) >= 1795235040000; }));
  EXPECT_EQ(report.replay.samples_loaded, want);
  EXPECT_EQ((*db)->head().MinTime(), 1795235040000);
  ASSERT_TRUE((*db)->Close().ok());
}

}  // namespace
}  // namespace tsdb::db
