// A DB through its whole life: commits every 15 s, compaction into blocks
// once the head spans 1.5 chunk ranges, head and WAL truncation with a
// checkpoint, and restarts -- clean, or after the process was killed at any
// point (the DB object dropped without Close: files stay as written).
#include <gtest/gtest.h>

#include <bit>

#include "engine/base/clock.h"
#include "engine/base/posix_filesystem.h"
#include "engine/base/random_source.h"
#include "engine/db/db.h"
#include "engine/wlog/checkpoint.h"
#include "engine/wlog/segments.h"
#include "support/db_samples.h"
#include "support/temp_dir.h"

namespace tsdb::db {
namespace {

constexpr int64_t kT0 = 1'800'000'000'000;  // a multiple of 2h
constexpr int kSeries = 20;
constexpr int64_t kScrapeMs = 15'000;

class DbLifecycleTest : public ::testing::Test {
 protected:
  DbOptions Options() {
    DbOptions o;
    o.wal.segment_size_bytes = 32 * 1024;  // many segments, so checkpoints happen
    o.block_chunk_segment_size_bytes = 1 << 20;
    return o;
  }
  std::unique_ptr<DB> Open(OpenReport* report = nullptr) {
    OpenReport r;
    auto db = DB::Open(&fs_, dir_.path(), Options(), &clock_, &random_, nullptr, nullptr,
                       report != nullptr ? report : &r);
    TSDB_ASSERT(db.ok());
    return std::move(db).value();
  }
  // One scrape: every series gets a sample at t, committed at once.
  void Scrape(DB& db, int64_t t) {
    auto app = db.Appender();
    for (int i = 0; i < kSeries; i++) {
      const std::string id = std::to_string(i);
      const Labels l = Labels::FromStrings({"__name__", "demo", "id", id});
      const double v = static_cast<double>(t / 1000 * (i + 1));
      auto ref = app->Append(refs_[i], l, t, v);
      ASSERT_TRUE(ref.ok()) << ref.status().ToString();
      refs_[i] = *ref;
      want_[l.ToString()][t] = std::bit_cast<uint64_t>(v);
    }
    ASSERT_TRUE(app->Commit().ok());
    clock_.Set(t);
  }
  void ExpectAllSamples(const head::Head* head) {
    int64_t dups = 0;
    auto got = tsdb::testing::CollectSamples(fs_, dir_.path(), head, &dups);
    ASSERT_TRUE(got.ok()) << got.status().ToString();
    EXPECT_EQ(dups, 0);
    EXPECT_EQ(*got, want_);
  }

  PosixFilesystem fs_;
  tsdb::testing::TempDir dir_;
  ManualClock clock_{kT0};
  SplitMix64 random_{42};
  uint64_t refs_[kSeries] = {};
  tsdb::testing::SampleSet want_;
};

TEST_F(DbLifecycleTest, CompactsCheckpointsAndComesBackAfterCleanRestart) {
  auto db = Open();
  constexpr int64_t kHour = 3600 * 1000;
  for (int64_t t = kT0; t < kT0 + 5 * kHour; t += kScrapeMs) Scrape(*db, t);
  // The head first spanned more than 3h at 3h+15s: [0, 2h) became a block.
  ASSERT_EQ(db->blocks().size(), 1u);
  EXPECT_EQ(db->blocks()[0].min_time, kT0);
  EXPECT_EQ(db->blocks()[0].max_time, kT0 + 2 * kHour);
  EXPECT_EQ(db->blocks()[0].stats.num_series, static_cast<uint64_t>(kSeries));
  EXPECT_EQ(db->blocks()[0].stats.num_samples, static_cast<uint64_t>(kSeries * 480));
  EXPECT_EQ(db->head().MinTime(), kT0 + 2 * kHour);
  // The file being written is never deleted; the truncation started a new one.
  EXPECT_EQ(db->head().chunk_disk_mapper()->Files(), (std::vector<uint32_t>{1, 2}));
  for (int64_t t = kT0 + 5 * kHour; t < kT0 + 7 * kHour; t += kScrapeMs) Scrape(*db, t);
  ASSERT_EQ(db->blocks().size(), 2u);
  EXPECT_EQ(db->blocks()[1].min_time, kT0 + 2 * kHour);
  EXPECT_EQ(db->blocks()[1].max_time, kT0 + 4 * kHour);
  // The WAL was checkpointed and its oldest segments deleted.
  auto cp = wlog::LastCheckpoint(fs_, JoinPath(dir_.path(), "wal"));
  ASSERT_TRUE(cp.ok());
  auto range = wlog::Segments(fs_, JoinPath(dir_.path(), "wal"));
  EXPECT_EQ(range->first, cp->index + 1);
  EXPECT_EQ(db->head().metrics().checkpoint_creations_total, 2u);
  // Every chunk in file 1 ended before 4h: the second truncation deleted it.
  EXPECT_EQ(db->head().chunk_disk_mapper()->Files().front(), 2u);
  ExpectAllSamples(&db->head());
  ASSERT_TRUE(db->Close().ok());
  db.reset();

  OpenReport report;
  db = Open(&report);
  EXPECT_FALSE(report.corruption.has_value());
  EXPECT_EQ(report.replay.unknown_series_refs, 0);
  ExpectAllSamples(&db->head());
  ASSERT_TRUE(db->Close().ok());
}

// Kill after n scrapes (no Close: the chunks_head write buffer is lost, the
// WAL tail is not padded or fsynced), reopen: everything committed is back.
TEST_F(DbLifecycleTest, EveryCommittedSampleSurvivesAKillAtAnyPoint) {
  auto db = Open();
  int64_t t = kT0;
  const int kill_points[] = {1, 2, 33, 240, 481, 750, 977};
  int done = 0;
  for (int kill : kill_points) {
    for (; done < kill; done++, t += kScrapeMs) Scrape(*db, t);
    db.reset();  // the process dies
    OpenReport report;
    db = Open(&report);
    EXPECT_FALSE(report.corruption.has_value()) << report.corruption->ToString();
    ExpectAllSamples(&db->head());
    for (auto& r : refs_) r = 0;  // a new process has an empty scrape cache
  }
  ASSERT_TRUE(db->Close().ok());
}

}  // namespace
}  // namespace tsdb::db
