// A session started from a copy of a real Prometheus 2.42 data directory
// (SessionOptions::initial_data_dir): before its first step the world shows
// the directory as ReadDataDirView does; its first `run` replays it exactly
// as `tsdbsim replay` does (the same DB open on a copy on the real
// filesystem); the oracle takes the directory's samples (promtool dump's
// count) as acknowledged, so a crash and restart after it find no phantom;
// and the fixture on the host is never written.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <map>

#include "engine/base/posix_filesystem.h"
#include "engine/base/random_source.h"
#include "engine/base/realtime_clock.h"
#include "engine/db/db.h"
#include "sim/step/datadir_view.h"
#include "sim/step/seek_cache.h"
#include "sim/step/session.h"
#include "support/fixtures.h"
#include "support/temp_dir.h"

namespace tsdbsim {
namespace {

using tsdb::testing::FixturePath;

// The host as a session sees it: reads pass, and any call that would
// change something is counted and refused.
class ReadOnlyHost final : public tsdb::Filesystem {
 public:
  int writes = 0;
  tsdb::Result<std::unique_ptr<tsdb::WritableFile>> OpenAppend(const std::string& p) override { return Refuse(p); }
  tsdb::Result<std::unique_ptr<tsdb::WritableFile>> Create(const std::string& p) override { return Refuse(p); }
  tsdb::Result<std::unique_ptr<tsdb::ReadableFile>> OpenRead(const std::string& p) override {
    return base_.OpenRead(p);
  }
  tsdb::Result<std::unique_ptr<tsdb::MappedFile>> MapReadOnly(const std::string& p) override {
    return base_.MapReadOnly(p);
  }
  tsdb::Result<std::vector<tsdb::DirEntry>> List(const std::string& d) override { return base_.List(d); }
  tsdb::Result<tsdb::FileInfo> Stat(const std::string& p) override { return base_.Stat(p); }
  tsdb::Status MkdirAll(const std::string& p) override { return Refuse(p).status(); }
  tsdb::Status Rename(const std::string& a, const std::string&) override { return Refuse(a).status(); }
  tsdb::Status Remove(const std::string& p) override { return Refuse(p).status(); }
  tsdb::Status RemoveAll(const std::string& p) override { return Refuse(p).status(); }
  tsdb::Status SyncDir(const std::string& p) override { return Refuse(p).status(); }
  tsdb::Status Truncate(const std::string& p, uint64_t) override { return Refuse(p).status(); }

 private:
  tsdb::Result<std::unique_ptr<tsdb::WritableFile>> Refuse(const std::string& p) {
    writes++;
    return tsdb::Status::IOError(p + ": the host is read-only here");
  }
  tsdb::PosixFilesystem base_;
};

// Every path under dir with its size and modification time.
std::map<std::string, std::pair<uintmax_t, std::filesystem::file_time_type>> Fingerprint(const std::string& dir) {
  std::map<std::string, std::pair<uintmax_t, std::filesystem::file_time_type>> out;
  for (const auto& e : std::filesystem::recursive_directory_iterator(dir)) {
    out[e.path().string()] = {e.is_regular_file() ? e.file_size() : 0, e.last_write_time()};
  }
  return out;
}

struct Fixture {
  std::string rel;
  std::string chunk_range;  // the directory's --storage.tsdb.min-block-duration
  int64_t chunk_range_ms;
  int64_t dump_samples;  // promtool dump's count: every sample the directory holds
};

const Fixture kFixtures[] = {{"prometheus-2.42/killed-datadir", "2m", 120'000, 288'256},
                             {"prometheus-2.42/mmapped-datadir", "10m", 600'000, 210'944}};

// `tsdbsim replay`'s open (sim/cli/datadir/replay.cc): a copy on the real
// filesystem, compaction off.
tsdb::db::OpenReport ReplayOfCopy(const Fixture& f) {
  tsdb::PosixFilesystem fs;
  tsdb::testing::TempDir tmp;
  const std::string copy = tmp.Join("data");
  EXPECT_TRUE(tsdb::CopyTree(fs, FixturePath(f.rel), copy).ok());
  tsdb::db::DbOptions opts;
  opts.head.chunk_range_ms = f.chunk_range_ms;
  opts.compaction_enabled = false;
  tsdb::RealtimeClock clock;
  tsdb::SplitMix64 random(1);
  tsdb::db::OpenReport report;
  auto db = tsdb::db::DB::Open(&fs, copy, opts, &clock, &random, nullptr, nullptr, &report);
  EXPECT_TRUE(db.ok()) << db.status().ToString();
  if (db.ok()) {
    EXPECT_TRUE((*db)->Close().ok());
  }
  return report;
}

std::unique_ptr<Session> OpenOn(const Fixture& f, tsdb::Filesystem* host, const std::string& then) {
  SessionOptions o;
  o.host_fs = host;
  o.initial_data_dir = FixturePath(f.rel);
  auto s = Session::Open("config chunk_range=" + f.chunk_range + "\nrun 1m\n" + then, "replay.tsdbsim", o);
  EXPECT_TRUE(s.ok()) << s.status().ToString();
  return s.ok() ? std::move(s).value() : nullptr;
}

int64_t Count(const TraceRecorder& trace, std::string_view type) {
  const auto& r = trace.records();
  return std::count_if(r.begin(), r.end(), [&](const TraceRecord& x) { return x.type_name() == type; });
}

TEST(SessionDataDirReplayTest, FirstRunReplaysTheCopyAsTsdbsimReplayDoes) {
  for (const Fixture& f : kFixtures) {
    SCOPED_TRACE(f.rel);
    const auto fingerprint = Fingerprint(FixturePath(f.rel));
    ReadOnlyHost host;
    std::unique_ptr<Session> s = OpenOn(f, &host, "");
    ASSERT_NE(s, nullptr);
    ASSERT_NE(s->initial_view(), nullptr);
    const DataDirView& view = *s->initial_view();
    EXPECT_TRUE(view.problems.empty());

    // Before the first step: the directory, as the view shows it.
    const World before = s->TakeWorld();
    EXPECT_FALSE(before.process_up);
    EXPECT_EQ(before.blocks, view.world.blocks);
    EXPECT_EQ(before.wal, view.world.wal);
    EXPECT_EQ(before.chunks_head, view.world.chunks_head);
    EXPECT_EQ(before.replay.phase, "");

    ASSERT_TRUE(s->RunToEnd().ok());
    const World w = s->TakeWorld();
    const tsdb::db::OpenReport want = ReplayOfCopy(f);
    const tsdb::head::ReplayStats& r = want.replay;
    EXPECT_TRUE(w.process_up);
    EXPECT_EQ(w.replay.phase, "done");
    EXPECT_EQ(w.replay.opens, 1);
    EXPECT_EQ(w.replay.mmapped_chunks_loaded, r.mmapped_chunks_loaded);
    EXPECT_EQ(w.replay.samples, r.samples_loaded);
    EXPECT_EQ(w.replay.series, r.series_loaded);
    EXPECT_EQ(w.replay.records, r.records_loaded);
    EXPECT_EQ(w.replay.samples_skipped_mmapped, r.samples_skipped_mmapped);
    EXPECT_EQ(w.replay.unknown_series_refs, r.unknown_series_refs);
    EXPECT_EQ(w.replay.checkpoint_segment, r.checkpoint_index);
    EXPECT_EQ(w.replay.first_segment, r.first_segment);
    EXPECT_EQ(w.replay.last_segment, r.last_segment);
    EXPECT_EQ(w.replay.segments_done, r.last_segment - r.first_segment + 1);
    EXPECT_EQ(w.replay.corruption_file, "");
    EXPECT_FALSE(want.corruption.has_value());
    EXPECT_GT(w.replay.samples, 0);
    EXPECT_EQ(w.replay.mmapped_chunks_loaded, static_cast<int64_t>(view.chunks.size()));

    // The events of the replay, in the trace.
    EXPECT_EQ(Count(s->trace(), "replay_start"), r.checkpoint_index >= 0 ? 3 : 2);
    // One per chunks_head/ file with chunks to load (killed-datadir's has none).
    const int64_t files_with_chunks = std::count_if(view.world.chunks_head.begin(), view.world.chunks_head.end(),
                                                    [](const WorldChunkFile& c) { return c.chunks > 0; });
    EXPECT_EQ(Count(s->trace(), "replay_chunk_file"), files_with_chunks);
    EXPECT_EQ(w.replay.mmapped_chunk_files, files_with_chunks);
    EXPECT_EQ(Count(s->trace(), "replay_segment"), w.replay.segments_done);
    EXPECT_GE(Count(s->trace(), "replay_end"), 2);

    // The head holds the directory's own times: the WAL replay took them.
    EXPECT_EQ(w.head.series, r.series_loaded);
    EXPECT_EQ(w.head.max_time_ms, view.max_time_ms);
    EXPECT_GE(w.head.min_time_ms, view.min_time_ms);
    // The oracle holds every sample of the directory, durable.
    EXPECT_EQ(w.oracle.acked_samples, f.dump_samples);
    EXPECT_EQ(w.oracle.durable_samples, f.dump_samples);
    EXPECT_EQ(w.oracle.violations, 0);
    EXPECT_EQ(w.blocks, view.world.blocks);

    EXPECT_EQ(host.writes, 0);
    EXPECT_EQ(Fingerprint(FixturePath(f.rel)), fingerprint);
  }
}

// Seeking back runs the session again from the copy: exact, and the same
// trace as a second session's.
TEST(SessionDataDirReplayTest, SeeksAndRerunsStartFromTheSameCopy) {
  const Fixture& f = kFixtures[0];
  tsdb::PosixFilesystem host;
  std::unique_ptr<Session> s = OpenOn(f, &host, "");
  ASSERT_NE(s, nullptr);
  const World start = s->TakeWorld();
  ASSERT_TRUE(s->RunToEnd().ok());
  const World end = s->TakeWorld();
  ASSERT_TRUE(s->Seek(0).ok());
  EXPECT_EQ(s->TakeWorld(), start);
  ASSERT_TRUE(s->RunToEnd().ok());
  EXPECT_EQ(s->TakeWorld(), end);
  std::unique_ptr<Session> again = OpenOn(f, &host, "");
  ASSERT_TRUE(again->RunToEnd().ok());
  EXPECT_EQ(again->TraceHashHex(), s->TraceHashHex());
  EXPECT_NE(s->ForkText({}).find("# started from a copy of " + FixturePath(f.rel)), std::string::npos);
}

// Parked sessions (built on the seek cache's thread) start from the copy too.
TEST(SessionDataDirReplayTest, TheSeekCacheParksSessionsOfTheCopy) {
  const Fixture& f = kFixtures[1];
  tsdb::PosixFilesystem host;
  std::unique_ptr<Session> s = OpenOn(f, &host, "crash process\nrestart\nrun 1m\n");
  ASSERT_NE(s, nullptr);
  s->EnableSeekCache({.spacing_ms = 20'000, .max_parked = 2});
  ASSERT_TRUE(s->RunToEnd().ok());
  s->seek_cache()->WaitIdle();
  ASSERT_TRUE(s->Seek(110'000).ok());
  EXPECT_EQ(s->seek_cache_hits(), 1);
  std::unique_ptr<Session> fresh = OpenOn(f, &host, "crash process\nrestart\nrun 1m\n");
  ASSERT_TRUE(fresh->RunUntil(110'000).ok());
  EXPECT_EQ(s->TakeWorld(), fresh->TakeWorld());
  EXPECT_EQ(s->TakeWorld().replay.opens, 2);
}

// After a power loss the restart finds every sample of the directory (it
// was durable before the run) and nothing the oracle did not expect.
TEST(SessionDataDirReplayTest, CrashAndRestartAfterTheCopyLoseNothing) {
  for (const Fixture& f : kFixtures) {
    SCOPED_TRACE(f.rel);
    tsdb::PosixFilesystem host;
    std::unique_ptr<Session> s = OpenOn(f, &host, "crash power_loss\nrestart\n");
    ASSERT_NE(s, nullptr);
    ASSERT_TRUE(s->RunToEnd().ok());
    const World w = s->TakeWorld();
    EXPECT_EQ(w.replay.opens, 2);
    EXPECT_EQ(w.replay.phase, "done");
    EXPECT_EQ(w.oracle.checks, 1);
    EXPECT_EQ(w.oracle.violations, 0) << w.oracle.last_check;
    EXPECT_EQ(w.oracle.lost_acked, 0);
    EXPECT_EQ(w.oracle.phantom, 0);
    EXPECT_EQ(w.oracle.acked_samples, f.dump_samples);
  }
}

// The virtual clock starts at kSimEpochMs (2023), the fixture's samples in
// November 2026: a scrape after the open is far older than the head's max
// time, every sample and the scrape's own `up` are out of bounds, and 2.42
// rolls the whole scrape back. Nothing is stored; the directory stays as it was.
TEST(SessionDataDirReplayTest, ScrapesAfterTheCopyAreOutOfBounds) {
  const Fixture& f = kFixtures[0];
  tsdb::PosixFilesystem host;
  SessionOptions o;
  o.host_fs = &host;
  o.initial_data_dir = FixturePath(f.rel);
  auto s = Session::Open("config chunk_range=2m\ntarget a series=10\nrun 1m\n", "scrape.tsdbsim", o);
  ASSERT_TRUE(s.ok());
  ASSERT_TRUE((*s)->RunToEnd().ok());
  const World w = (*s)->TakeWorld();
  ASSERT_EQ(w.targets.size(), 1u);
  EXPECT_EQ(w.targets[0].scrapes_total, 4);
  EXPECT_EQ(w.fanout.commits, 0);
  EXPECT_EQ(w.fanout.rollbacks, 4);
  EXPECT_EQ(w.head.series, 512);  // the directory's, no new one
  EXPECT_EQ(w.head.max_time_ms, (*s)->initial_view()->max_time_ms);
  EXPECT_EQ(w.oracle.acked_samples, f.dump_samples);
}

TEST(SessionDataDirReplayTest, AMissingDirectoryFailsTheOpen) {
  tsdb::PosixFilesystem host;
  SessionOptions o;
  o.host_fs = &host;
  o.initial_data_dir = "/nonexistent/tsdbsim-data";
  EXPECT_FALSE(Session::Open("run 1m\n", "x.tsdbsim", o).ok());
  o.host_fs = nullptr;
  o.initial_data_dir = FixturePath(kFixtures[0].rel);
  EXPECT_FALSE(Session::Open("run 1m\n", "x.tsdbsim", o).ok());
}

}  // namespace
}  // namespace tsdbsim
