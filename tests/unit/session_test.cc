// Session: however a run is driven (event by event, to an event kind, line
// by line, to a time, seeking back), it is the run `tsdbsim run` makes, and
// the world at a time is the same however it was reached. Forks leave their
// origin alone and are reproduced by the file they write.
#include "sim/step/session.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "engine/base/posix_filesystem.h"
#include "sim/scenario/scenario_parser.h"
#include "sim/scenario/sim_disk.h"
#include "sim/step/seek_cache.h"
#include "sim/step/world_json.h"
#include "support/session_support.h"

namespace tsdbsim {
namespace {

constexpr char kSmall[] = R"(seed 7
config chunk_range=20m scrape_interval=15s wal_segment_size=64KiB
target node series=20 churn=0.01
run 25m
crash process
restart
run 20m
)";

TEST(SessionTest, SteppingEveryScenarioGivesTheTraceHashOfRun) {
  for (const std::string& file : RepositoryScenarios()) {
    SCOPED_TRACE(file);
    const std::string text = ReadText(file);
    const std::string want = RunHash(text, file);
    auto s = OpenText(text, file);
    int64_t steps = 0;
    while (!s->done()) {
      auto records = s->Step();
      ASSERT_TRUE(records.ok()) << records.status().ToString();
      ASSERT_TRUE(!records->empty() || s->done());
      steps++;
    }
    EXPECT_GT(steps, 10);
    EXPECT_EQ(s->TraceHashHex(), want);
  }
}

TEST(SessionTest, MixedDrivingGivesTheTraceHashOfRun) {
  const std::string want = RunHash(kSmall, "small");
  auto s = OpenText(kSmall, "small");
  // The first sample of a series opens its first chunk: the first scrape cuts.
  auto cut = s->StepTo("chunk_cut");
  ASSERT_TRUE(cut.ok());
  EXPECT_EQ(std::count_if(cut->begin(), cut->end(), [](const TraceRecord& r) { return r.type_name() == "head_chunk_cut"; }),
            s->TakeWorld().head.series);
  EXPECT_EQ(cut->back().type_name(), "scrape_end");  // the task ends with its scrape
  auto mmap = s->StepTo("mmap");
  ASSERT_TRUE(mmap.ok());
  EXPECT_EQ(std::count_if(mmap->begin(), mmap->end(), [](const TraceRecord& r) { return r.type_name() == "chunk_mmapped"; }),
            s->TakeWorld().head.mmapped_chunks);
  ASSERT_TRUE(s->RunUntil(22 * 60'000).ok());
  EXPECT_EQ(s->elapsed_ms(), 22 * 60'000);
  ASSERT_TRUE(s->RunLine().ok());  // the rest of `run 25m`
  EXPECT_EQ(s->elapsed_ms(), 25 * 60'000);
  ASSERT_TRUE(s->StepTo("crash").ok());
  EXPECT_FALSE(s->TakeWorld().process_up);
  auto replay = s->StepTo("replay_end");
  ASSERT_TRUE(replay.ok());
  EXPECT_TRUE(s->TakeWorld().process_up);
  ASSERT_TRUE(s->RunToEnd().ok());
  EXPECT_EQ(s->TraceHashHex(), want);
}

TEST(SessionTest, SeekBackGivesTheWorldOfRunningForward) {
  auto forward = OpenText(kSmall, "small");
  ASSERT_TRUE(forward->RunUntil(18 * 60'000).ok());
  const World want = forward->TakeWorld();
  EXPECT_EQ(want.elapsed_ms, 18 * 60'000);
  EXPECT_FALSE(want.head.watched.empty());

  auto s = OpenText(kSmall, "small");
  ASSERT_TRUE(s->Seek(40 * 60'000).ok());
  EXPECT_NE(s->TakeWorld(), want);
  ASSERT_TRUE(s->Seek(18 * 60'000).ok());
  EXPECT_EQ(s->rebuilds(), 1);
  EXPECT_EQ(s->TakeWorld(), want) << WorldToJson(s->TakeWorld()).dump(1) << "\nwant\n" << WorldToJson(want).dump(1);
  // Forward from there is not a rebuild.
  ASSERT_TRUE(s->Seek(19 * 60'000).ok());
  EXPECT_EQ(s->rebuilds(), 1);
}

TEST(SessionTest, SeekBackFromAParkedSessionIsTheSameRun) {
  const std::string want_hash = RunHash(kSmall, "small");
  auto s = OpenText(kSmall, "small");
  s->EnableSeekCache({.spacing_ms = 10 * 60'000, .max_parked = 3});
  ASSERT_TRUE(s->RunUntil(44 * 60'000).ok());
  s->seek_cache()->WaitIdle();
  EXPECT_EQ(s->seek_cache()->parked(), 3u);  // at 20m, 30m and 40m
  for (const int64_t t : {33 * 60'000 + 1234, 21 * 60'000, 40 * 60'000}) {
    SCOPED_TRACE(t);
    auto forward = OpenText(kSmall, "small");
    ASSERT_TRUE(forward->RunUntil(t).ok());
    const int64_t hits = s->seek_cache_hits();
    ASSERT_TRUE(s->Seek(t).ok());
    EXPECT_EQ(s->seek_cache_hits(), hits + 1);
    EXPECT_EQ(s->TakeWorld(), forward->TakeWorld());
    ASSERT_TRUE(s->Seek(44 * 60'000).ok());
    s->seek_cache()->WaitIdle();
  }
  // Before the first parked session: from the start.
  ASSERT_TRUE(s->Seek(5 * 60'000).ok());
  EXPECT_EQ(s->seek_cache_hits(), 3);
  ASSERT_TRUE(s->RunToEnd().ok());
  EXPECT_EQ(s->TraceHashHex(), want_hash);
}

TEST(SessionTest, SeekToTheTimeOfAStepStopsBeforeIt) {
  // `crash process` comes at 25m: seeking to 25m shows the process still up,
  // after a step past it a seek back to 25m rebuilds.
  auto s = OpenText(kSmall, "small");
  ASSERT_TRUE(s->Seek(25 * 60'000).ok());
  EXPECT_TRUE(s->TakeWorld().process_up);
  const World at25 = s->TakeWorld();
  ASSERT_TRUE(s->StepTo("crash").ok());
  EXPECT_FALSE(s->TakeWorld().process_up);
  EXPECT_EQ(s->elapsed_ms(), 25 * 60'000);
  ASSERT_TRUE(s->Seek(25 * 60'000).ok());
  EXPECT_EQ(s->rebuilds(), 1);
  EXPECT_EQ(s->TakeWorld(), at25);
}

TEST(SessionTest, StepBackBySeekToReturnsToTheSameWorld) {
  // Several tasks share one virtual time (targets scraped together, a crash
  // at 25m): positions count tasks, so going back lands between them.
  auto s = OpenText(kSmall, "small");
  s->EnableSeekCache({.spacing_ms = 10 * 60'000, .max_parked = 3});
  ASSERT_TRUE(s->Seek(24 * 60'000 + 500).ok());
  std::vector<std::pair<SessionPosition, World>> seen;
  for (int i = 0; i < 40 && !s->done(); i++) {
    seen.emplace_back(s->position(), s->TakeWorld());
    ASSERT_TRUE(s->Step().ok());
  }
  s->seek_cache()->WaitIdle();
  for (auto it = seen.rbegin(); it != seen.rend(); ++it) {
    ASSERT_TRUE(s->SeekTo(it->first).ok());
    EXPECT_EQ(s->position(), it->first);
    EXPECT_EQ(s->TakeWorld(), it->second) << "tasks " << it->first.tasks;
  }
  EXPECT_GT(s->seek_cache_hits(), 0);
  // And forward again, to a position it has been at.
  ASSERT_TRUE(s->SeekTo(seen.back().first).ok());
  EXPECT_EQ(s->TakeWorld(), seen.back().second);
  EXPECT_FALSE(s->SeekTo({.tasks = 1'000'000'000, .elapsed_ms = 0}).ok());
}

TEST(SessionTest, TakeSeriesOfAWatchedSeriesIsWhatTheWorldShows) {
  auto s = OpenText(kSmall, "small");
  ASSERT_TRUE(s->RunUntil(20 * 60'000).ok());
  const World w = s->TakeWorld();
  ASSERT_FALSE(w.head.watched.empty());
  for (const WorldSeries& watched : w.head.watched) EXPECT_EQ(s->TakeSeries(watched.labels), watched);
  const WorldSeries none = s->TakeSeries("{__name__=\"no_such_series\"}");
  EXPECT_FALSE(none.in_head);
  EXPECT_FALSE(s->TakeSeries("not labels").in_head);
}

TEST(SessionTest, AReplayThatHitsCorruptionSaysWhereBeforeTheRepair) {
  const std::string text =
      "seed 5\ntarget a series=50\nrun 20m\ncrash process\n"
      "fault bit_flip on=read,map path=*/wal/00000000 times=1\nrestart\n";
  auto s = OpenText(text, "corrupt");
  auto records = s->StepTo("wal_corruption");
  ASSERT_TRUE(records.ok()) << records.status().ToString();
  // The whole open is one task: the corruption is among its records.
  const auto found = std::find_if(records->begin(), records->end(),
                                  [](const TraceRecord& r) { return r.type_name() == "wal_corruption"; });
  ASSERT_NE(found, records->end());
  const TraceRecord corruption = *found;
  EXPECT_EQ(corruption.segment, 0);
  EXPECT_FALSE(corruption.detail.empty());
  // The repair that follows in the same open cuts the segment at that offset.
  const auto& all = s->trace().records();
  const auto repair = std::find_if(all.begin(), all.end(), [](const TraceRecord& r) { return r.type_name() == "wal_repair"; });
  ASSERT_NE(repair, all.end());
  EXPECT_EQ(repair->segment, corruption.segment);
  EXPECT_EQ(repair->offset, corruption.offset);
  const World w = s->TakeWorld();
  EXPECT_EQ(w.replay.corruption_file, "wal/0");
  EXPECT_EQ(w.replay.corruption_offset, corruption.offset);
  EXPECT_EQ(s->TraceHashHex(), RunHash(text, "corrupt"));
}

TEST(SessionTest, ForkLeavesTheOriginAloneAndItsFileReproducesIt) {
  const std::string want = RunHash(kSmall, "small");
  auto s = OpenText(kSmall, "small");
  ASSERT_TRUE(s->RunUntil(10 * 60'000 + 7'500).ok());
  const World before = s->TakeWorld();
  const std::vector<std::string> lines = {"crash power_loss", "restart", "run 5m"};
  auto fork = s->Fork(lines);
  ASSERT_TRUE(fork.ok()) << fork.status().ToString();
  EXPECT_EQ(s->TakeWorld(), before);
  EXPECT_EQ((*fork)->elapsed_ms(), 10 * 60'000 + 7'500);
  EXPECT_TRUE((*fork)->TakeWorld().process_up);
  ASSERT_TRUE((*fork)->RunToEnd().ok());
  EXPECT_EQ((*fork)->TakeWorld().replay.opens, 2);

  const std::string text = s->ForkText(lines);
  EXPECT_NE(text.find("run 10m7s500ms\n"), std::string::npos) << text;
  EXPECT_EQ(RunHash(text, "fork"), (*fork)->TraceHashHex());
  ASSERT_TRUE(s->RunToEnd().ok());
  EXPECT_EQ(s->TraceHashHex(), want);
}

TEST(SessionTest, ForkPinsAnOverriddenSeed) {
  SessionOptions options;
  options.seed = 99;
  auto s = Session::Open(kSmall, "small", options);
  ASSERT_TRUE(s.ok());
  ASSERT_TRUE((*s)->RunUntil(60'000).ok());
  const std::string text = (*s)->ForkText({"run 1m"});
  EXPECT_EQ(text.rfind("seed 99\n", 0), 0u) << text;
  EXPECT_EQ(text.find("seed 7"), std::string::npos);
}

TEST(SessionTest, BadInputIsAnErrorNamingTheLine) {
  auto s = Session::Open("seed 1\nrun forever\n", "bad.tsdbsim", {});
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().message().rfind("bad.tsdbsim:2:", 0), 0u) << s.status().ToString();
  auto ok = OpenText(kSmall, "small");
  EXPECT_FALSE(ok->StepTo("no_such_event").ok());
  auto fork = ok->Fork({"crash sideways"});
  ASSERT_FALSE(fork.ok());
  EXPECT_NE(fork.status().message().find("small (fork):"), std::string::npos) << fork.status().ToString();
}

TEST(SessionTest, WorldFollowsChunksAndMatchesTheHead) {
  SessionOptions options;
  options.watch.matchers = *tsdb::ParseMatchers("{__name__=~\"synth_level.*\"}");
  options.watch.max_series = 2;
  auto s = Session::Open(kSmall, "small", options);
  ASSERT_TRUE(s.ok());
  ASSERT_TRUE((*s)->RunUntil(24 * 60'000).ok());
  const World w = (*s)->TakeWorld();
  ASSERT_EQ(w.head.watched.size(), 2u);
  for (const WorldSeries& series : w.head.watched) {
    EXPECT_EQ(series.labels.find("__name__=\"synth_level"), 1u) << series.labels;
    EXPECT_TRUE(series.in_head);
    ASSERT_TRUE(series.has_open_chunk);
    EXPECT_GT(series.open.samples, 0);
    EXPECT_LE(series.open.samples, series.open.samples_target * 2);
    EXPECT_GT(series.open.next_at_ms, series.open.maxt);
    EXPECT_FALSE(series.mmapped.empty());  // 96 samples in 24m, range 20m: one cut
  }
  const tsdb::db::DB* db = (*s)->simulation().db();
  ASSERT_NE(db, nullptr);
  const tsdb::head::HeadChunkTotals counted = db->head().CountChunkTotals();
  EXPECT_EQ(db->head().chunk_totals(), counted);
  EXPECT_EQ(w.head.open_chunk_samples, counted.open_samples);
  EXPECT_EQ(w.head.open_chunk_bytes, counted.open_bytes);
  EXPECT_GT(w.head.open_chunk_bytes, 0);
  EXPECT_EQ(w.head.mmapped_chunks, counted.mmapped_chunks);
  EXPECT_EQ(w.head.series, static_cast<int64_t>(db->head().NumSeries()));
  ASSERT_FALSE(w.wal.segments.empty());
  EXPECT_GT(w.wal.segments.back().records, 0);
  EXPECT_LE(w.wal.segments.back().bytes_fsynced, w.wal.segments.back().bytes_written);
  ASSERT_FALSE(w.targets.empty());
  EXPECT_EQ(w.targets[0].scrapes_total, 24 * 4);
  EXPECT_EQ(w.blocks.size(), 0u);
}

TEST(SessionTest, ChunkTotalsStayExactThroughCompactionCrashAndReplay) {
  for (const std::string& file : RepositoryScenarios()) {
    SCOPED_TRACE(file);
    auto s = OpenText(ReadText(file), file);
    while (!s->done()) {
      ASSERT_TRUE(s->RunLine().ok());
      if (const tsdb::db::DB* db = s->simulation().db()) {
        ASSERT_EQ(db->head().chunk_totals(), db->head().CountChunkTotals()) << "line " << s->TakeWorld().line;
      }
      // The oracle's durable count, kept as commits change state, is its walk's.
      ASSERT_EQ(s->simulation().oracle().durable_samples(), s->simulation().oracle().CountDurableSamples())
          << "line " << s->TakeWorld().line;

    }
  }
}

}  // namespace
}  // namespace tsdbsim
