// The world of the flagship at 3h30m against its data directory at that
// moment, written out and read the way `tsdbsim list` and `tsdbsim dump`
// read it: the same blocks, the same chunks_head/ files, and every watched
// series' chunks holding exactly the samples dump finds in their ranges.
#include <gtest/gtest.h>

#include "engine/chunks/head_chunk_stats.h"
#include "engine/db/read_only_db.h"
#include "engine/labels/matcher.h"
#include "sim/step/world_fold.h"
#include "support/session_support.h"
#include "support/temp_dir.h"

namespace tsdbsim {
namespace {

constexpr int64_t kAtMs = (3 * 60 + 30) * 60'000;

std::vector<int64_t> DumpTimes(const tsdb::db::ReadOnlyDB& db, const tsdb::Labels& lset) {
  std::vector<tsdb::Matcher> matchers;
  for (const auto& l : lset) matchers.push_back(*tsdb::Matcher::Make(tsdb::MatchType::kEqual, std::string(l.name), std::string(l.value)));
  std::vector<int64_t> times;
  const tsdb::Status s = db.NewQuerier(INT64_MIN, INT64_MAX)
                             .Select(matchers,
                                     [&](const tsdb::Labels& got, std::span<const tsdb::db::Sample> samples) {
                                       EXPECT_EQ(got, lset);
                                       for (const auto& x : samples) times.push_back(x.t);
                                       return tsdb::Status();
                                     },
                                     tsdb::db::SeriesOrder::kAsStored);
  EXPECT_TRUE(s.ok()) << s.ToString();
  return times;
}

int64_t CountIn(const std::vector<int64_t>& times, int64_t mint, int64_t maxt) {
  return std::count_if(times.begin(), times.end(), [&](int64_t t) { return t >= mint && t <= maxt; });
}

TEST(SessionDataDirTest, FlagshipAt3h30mIsWhatListAndDumpShow) {
  const std::string file = std::string(TSDB_SOURCE_DIR) + "/sim/scenarios/flagship.tsdbsim";
  tsdb::PosixFilesystem host;
  SessionOptions options;
  options.host_fs = &host;
  options.watch.matchers = *tsdb::ParseMatchers("{__name__=~\"synth_level_.*\", instance=\"node-1:9100\"}");
  auto session = Session::Open(ReadText(file), file, options);
  ASSERT_TRUE(session.ok());
  ASSERT_TRUE((*session)->Seek(kAtMs).ok());
  const World w = (*session)->TakeWorld();
  ASSERT_EQ(w.elapsed_ms, kAtMs);
  ASSERT_TRUE(w.process_up);

  tsdb::testing::TempDir dir;
  ASSERT_TRUE((*session)->disk().sim().WriteVisibleTreeTo(host, "/data", dir.path()).ok());
  tsdb::db::ReadOnlyOpenReport report;
  auto db = tsdb::db::ReadOnlyDB::Open(host, dir.path(), nullptr, &report);
  ASSERT_TRUE(db.ok()) << db.status().ToString();

  // list: one block, as the world says.
  ASSERT_EQ(w.blocks.size(), 1u);
  ASSERT_EQ((*db)->blocks().size(), w.blocks.size());
  for (size_t i = 0; i < w.blocks.size(); i++) {
    const tsdb::block::BlockMeta& m = (*db)->blocks()[i]->meta();
    EXPECT_EQ(w.blocks[i].ulid, m.ulid.ToString());
    EXPECT_EQ(w.blocks[i].min_time_ms, m.min_time);
    EXPECT_EQ(w.blocks[i].max_time_ms, m.max_time);
    EXPECT_EQ(w.blocks[i].samples, static_cast<int64_t>(m.stats.num_samples));
    EXPECT_EQ(w.blocks[i].series, static_cast<int64_t>(m.stats.num_series));
    EXPECT_EQ(w.blocks[i].chunks, static_cast<int64_t>(m.stats.num_chunks));
  }

  // chunks_head/: the same files, chunk for chunk.
  auto files = tsdb::chunks::InspectHeadChunks(host, dir.Join("chunks_head"));
  ASSERT_TRUE(files.ok());
  ASSERT_EQ(files->size(), w.chunks_head.size());
  for (size_t i = 0; i < files->size(); i++) {
    EXPECT_EQ((*files)[i].number, w.chunks_head[i].number);
    EXPECT_EQ((*files)[i].size_bytes, w.chunks_head[i].size_bytes);
    EXPECT_EQ((*files)[i].chunks, w.chunks_head[i].chunks_flushed);
    EXPECT_GE(w.chunks_head[i].chunks, w.chunks_head[i].chunks_flushed);
  }

  // dump: each watched series' chunks hold exactly the samples in their ranges.
  ASSERT_EQ(w.head.watched.size(), 3u);
  for (const WorldSeries& s : w.head.watched) {
    SCOPED_TRACE(s.labels);
    ASSERT_TRUE(s.in_head);
    ASSERT_FALSE(s.mmapped.empty());
    const std::optional<tsdb::Labels> lset = LabelsFromText(s.labels);
    ASSERT_TRUE(lset.has_value());
    const std::vector<int64_t> times = DumpTimes(**db, *lset);
    int64_t in_chunks = 0;
    for (const WorldChunk& c : s.mmapped) {
      EXPECT_EQ(CountIn(times, c.mint, c.maxt), c.samples) << "mmapped chunk at " << c.file << ":" << c.offset;
      EXPECT_TRUE(std::binary_search(times.begin(), times.end(), c.mint));
      EXPECT_TRUE(std::binary_search(times.begin(), times.end(), c.maxt));
      in_chunks += c.samples;
    }
    ASSERT_TRUE(s.has_open_chunk);
    EXPECT_EQ(CountIn(times, s.open.mint, s.open.maxt), s.open.samples);
    EXPECT_EQ(times.back(), s.open.maxt);
    in_chunks += s.open.samples;
    // Everything after the block is in the head's chunks.
    EXPECT_EQ(CountIn(times, w.blocks.back().max_time_ms, INT64_MAX), in_chunks);
  }
}

// After a crash, and before the restart repairs anything, the world's
// chunks_head/ is what the disk holds: the writer's buffer is gone, and a
// power loss also takes what no fsync covered, and brings back a file whose
// deletion was never made durable.
TEST(SessionDataDirTest, ChunksHeadAfterACrashIsWhatTheDiskHolds) {
  for (const char* kind : {"process", "power_loss"}) {
    SCOPED_TRACE(kind);
    const std::string text = std::string("seed 3\nconfig chunk_range=10m\ntarget a series=40\nrun 47m\ncrash ") + kind +
                             "\nrestart\nrun 5m\n";
    auto s = OpenText(text, "crash.tsdbsim");
    ASSERT_TRUE(s->RunUntil(47 * 60'000).ok());
    const World before = s->TakeWorld();
    ASSERT_TRUE(before.process_up);
    ASSERT_FALSE(before.chunks_head.empty());
    EXPECT_GT(before.chunks_head.back().chunks, before.chunks_head.back().chunks_flushed);  // in the buffer
    ASSERT_TRUE(s->StepTo("crash").ok());
    const World w = s->TakeWorld();
    ASSERT_FALSE(w.process_up);
    tsdb::PosixFilesystem host;
    tsdb::testing::TempDir dir;
    ASSERT_TRUE(s->disk().sim().WriteVisibleTreeTo(host, "/data", dir.path()).ok());
    auto files = tsdb::chunks::InspectHeadChunks(host, dir.Join("chunks_head"));
    ASSERT_TRUE(files.ok());
    ASSERT_EQ(files->size(), w.chunks_head.size());
    for (size_t i = 0; i < files->size(); i++) {
      const WorldChunkFile& f = w.chunks_head[i];
      EXPECT_EQ((*files)[i].chunks, f.chunks_flushed) << "file " << f.number;
      EXPECT_EQ(f.chunks, f.chunks_flushed);
      EXPECT_EQ(f.bytes_written, f.bytes_flushed);
      if (std::string(kind) == "power_loss") {
        EXPECT_EQ(f.bytes_flushed, f.bytes_fsynced);
      }
    }
  }
}

}  // namespace
}  // namespace tsdbsim
