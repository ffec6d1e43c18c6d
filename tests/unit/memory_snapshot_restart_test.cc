// One directory a clean shutdown left with a memory snapshot, restarted
// twice: from the snapshot (2.42 with --enable-feature=memory-snapshot-on-
// shutdown) and without it (the same directory, the feature off: the WAL
// alone). Both hold the same samples; the snapshot restart reads no WAL
// record and appends no sample, the other replays every record.
#include <gtest/gtest.h>

#include "engine/base/posix_filesystem.h"
#include "support/db_samples.h"
#include "support/snapshot_dir.h"
#include "support/temp_dir.h"

namespace tsdb::db {
namespace {

struct Restarted {
  head::ReplayStats replay;
  tsdb::testing::SampleSet samples;
};

Restarted Restart(Filesystem& fs, const std::string& from, const std::string& copy, bool snapshot) {
  Restarted out;
  EXPECT_TRUE(CopyTree(fs, from, copy).ok());
  ManualClock clock(tsdb::testing::kSnapshotDirStartMs + 3'600'000);
  SplitMix64 random(2);
  DbOptions opts;
  opts.head.memory_snapshot_on_shutdown = snapshot;
  opts.compaction_enabled = false;
  OpenReport report;
  auto db = DB::Open(&fs, copy, opts, &clock, &random, nullptr, nullptr, &report);
  EXPECT_TRUE(db.ok()) << db.status().ToString();
  if (!db.ok()) return out;
  out.replay = report.replay;
  int64_t duplicates = 0;
  auto samples = tsdb::testing::CollectSamples(fs, copy, &(*db)->head(), &duplicates);
  EXPECT_TRUE(samples.ok());
  EXPECT_EQ(duplicates, 0);
  if (samples.ok()) out.samples = std::move(samples).value();
  return out;
}

TEST(MemorySnapshotRestart, TheSameDirectoryFromTheSnapshotAndFromTheWal) {
  PosixFilesystem fs;
  tsdb::testing::TempDir tmp;
  const std::string dir = tmp.Join("data");
  constexpr int kSeries = 300, kMinutes = 50;  // 200 samples each: one cut chunk, one open
  ASSERT_TRUE(tsdb::testing::WriteSnapshotDir(fs, dir, kSeries, kMinutes).ok());

  const Restarted snap = Restart(fs, dir, tmp.Join("with"), true);
  const Restarted wal = Restart(fs, dir, tmp.Join("without"), false);
  ASSERT_EQ(snap.samples.size(), static_cast<size_t>(kSeries));
  EXPECT_TRUE(snap.samples == wal.samples);
  size_t total = 0;
  for (const auto& [name, points] : wal.samples) total += points.size();
  EXPECT_EQ(total, static_cast<size_t>(kSeries * kMinutes * 4));

  // From the snapshot: series and open chunks restored, the full chunks
  // from chunks_head/, no WAL record read, no sample appended.
  EXPECT_FALSE(snap.replay.snapshot_dir.empty());
  EXPECT_EQ(snap.replay.snapshot_series, kSeries);
  EXPECT_EQ(snap.replay.snapshot_head_chunks, kSeries);
  EXPECT_EQ(snap.replay.records_loaded, 0);
  EXPECT_EQ(snap.replay.samples_loaded, 0);
  EXPECT_EQ(snap.replay.mmapped_chunks_loaded, kSeries);

  // Without: every Series and Samples record of the WAL is read again; the
  // samples already in mmapped chunks are skipped, the rest appended.
  EXPECT_TRUE(wal.replay.snapshot_dir.empty());
  EXPECT_EQ(wal.replay.series_loaded, kSeries);
  EXPECT_EQ(wal.replay.records_loaded, 1 + kMinutes * 4);  // one Series record, a Samples record per commit
  EXPECT_EQ(wal.replay.samples_loaded + wal.replay.samples_skipped_mmapped, kSeries * kMinutes * 4);
  EXPECT_EQ(wal.replay.samples_loaded, snap.replay.snapshot_samples);
}

}  // namespace
}  // namespace tsdb::db
