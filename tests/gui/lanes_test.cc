// What each lane holds at known moments, and a PNG of each view as an
// artifact (build/<preset>/gui-artifacts/).
#include <gtest/gtest.h>

#include "gui/app/main_window.h"
#include "gui/views/lanes.h"
#include "gui_support.h"

namespace tsdbsim::gui {
namespace {

constexpr char kOneTarget[] = R"(seed 7
config scrape_interval=15s
target node-1 series=5
run 2h
)";

int64_t WatchedSamples(const WorldSeries& s) {
  int64_t n = s.has_open_chunk ? s.open.samples : 0;
  for (const WorldChunk& c : s.mmapped) n += c.samples;
  return n;
}

void SaveLanes(MainWindow& w, const QString& prefix) {
  SaveArtifact(w, prefix + "-window");
  SaveArtifact(*w.plots(), prefix + "-plots");
  SaveArtifact(*w.event_log(), prefix + "-events");
  for (const auto& lane : w.canvas()->lanes()) {
    QRect r = lane->rect()->outerRect();
    r.setLeft(0);
    const QPixmap png = w.canvas()->grab(r);
    QString name = lane->title();
    name.replace(' ', '_').replace('/', '_');
    EXPECT_TRUE(png.save(QString(TSDB_GUI_ARTIFACTS_DIR) + "/" + prefix + "-lane-" + name + ".png"));
  }
}

void Render(MainWindow& w) {
  QDir().mkpath(QString(TSDB_GUI_ARTIFACTS_DIR));
  QString error;
  ASSERT_TRUE(SaveScreenshot(w, QString(TSDB_GUI_ARTIFACTS_DIR) + "/last.png", &error)) << error.toStdString();
}

TEST(LanesTest, A240SampleSeriesShowsTwoFullChunksOneMmapped) {
  Controller c;
  OpenControllerText(c, kOneTarget);
  c.SeekTo(59 * 60'000);
  const auto up = [&] { return c.model().world().head.watched.at(0); };
  ASSERT_FALSE(c.model().world().head.watched.empty());
  while (WatchedSamples(up()) < 240 && !c.session()->done()) c.StepOnce();
  ASSERT_EQ(WatchedSamples(up()), 240);
  MainWindow w(&c);
  w.resize(1600, 1000);
  Render(w);
  const HeadLane* head = w.canvas()->lane<HeadLane>();
  ASSERT_NE(head, nullptr);
  ASSERT_EQ(head->row_names().size(), 1);
  EXPECT_TRUE(head->row_names()[0].startsWith("up{")) << head->row_names()[0].toStdString();
  // layers: mmapped chunks, the open chunk (capacity and fill), marks.
  const auto& mmapped = head->layers()[0]->rects();
  ASSERT_EQ(mmapped.size(), 1u);
  EXPECT_EQ(mmapped[0].label, "120 · mmapped");
  const auto& open = head->layers()[1]->rects();
  ASSERT_EQ(open.size(), 2u);
  EXPECT_EQ(open[1].label, "120/120");
  EXPECT_GT(head->layers()[0]->in_view(), 0);
  // The mmapped lane has the same chunk on chunks_head/000001 among the other series'.
  const MmapLane* mmap = w.canvas()->lane<MmapLane>();
  EXPECT_EQ(mmap->row_names(), QStringList{"000001"});
  EXPECT_EQ(mmap->layers()[0]->rects().size(), static_cast<size_t>(c.model().world().head.mmapped_chunks));
  SaveLanes(w, "240-samples");
}

TEST(LanesTest, FlagshipAt3h30mShowsOneBlockAndTheWal) {
  Controller c;
  OpenScenario(c, "flagship.tsdbsim");
  c.SeekTo(3 * 3'600'000 + 30 * 60'000);
  MainWindow w(&c);
  w.resize(1600, 1000);
  Render(w);
  const BlocksLane* blocks = w.canvas()->lane<BlocksLane>();
  ASSERT_EQ(blocks->layers()[0]->rects().size(), 1u);
  EXPECT_EQ(blocks->row_names(), QStringList{"level 1"});
  const RectSpec& b = blocks->layers()[0]->rects()[0];
  EXPECT_DOUBLE_EQ(b.x1, 2 * 3600.0);  // the block ends at the first 2h boundary
  EXPECT_TRUE(b.detail.contains("level 1"));
  const World& world = c.model().world();
  const WalLane* wal = w.canvas()->lane<WalLane>();
  int64_t live = 0;
  for (const RectSpec& r : wal->layers()[0]->rects()) live += r.label.contains("deleted") ? 0 : 1;
  EXPECT_EQ(live, static_cast<int64_t>(world.wal.segments.size()));
  EXPECT_TRUE(wal->subtitle().contains(QString("%1 checkpoints").arg(world.wal.checkpoints_created)));
  const ScrapeLane* scrape = w.canvas()->lane<ScrapeLane>();
  EXPECT_EQ(scrape->row_names().size(), 4);
  int64_t scrapes = 0;
  for (const WorldTarget& t : world.targets) scrapes += t.scrapes_total;
  EXPECT_EQ(static_cast<int64_t>(scrape->layers()[0]->rects().size()), scrapes);
  SaveLanes(w, "flagship-3h30m");
}

// Twenty days at 15-day retention: leveled blocks by level, and the blocks
// retention deleted as ghosts on a row of their own, none of them overlapping
// a block still there.
TEST(LanesTest, TwentyDaysShowsLevelsAndWhatRetentionDeleted) {
  Controller c;
  OpenScenario(c, "twenty-days.tsdbsim");
  c.SeekTo(20 * 24 * 3'600'000LL);
  MainWindow w(&c);
  w.resize(1600, 1000);
  Render(w);
  const BlocksLane* blocks = w.canvas()->lane<BlocksLane>();
  EXPECT_EQ(blocks->row_names(), (QStringList{"level 1", "level 3", "deleted (retention)"}));
  const auto& expired = c.model().lanes().expired_blocks;
  ASSERT_FALSE(expired.empty());
  EXPECT_TRUE(blocks->subtitle().contains(QString("%1 deleted by retention").arg(expired.size())));
  int64_t oldest_kept_ms = INT64_MAX;
  for (const WorldBlock& b : c.model().world().blocks) oldest_kept_ms = std::min(oldest_kept_ms, b.min_time_ms);
  oldest_kept_ms -= c.model().epoch_ms();
  for (const DeletedBlockItem& d : expired) {
    EXPECT_EQ(d.why, "retention_time");
    EXPECT_LE(d.maxt_ms, oldest_kept_ms);
  }
  int ghosts = 0;
  for (const RectSpec& r : blocks->layers()[0]->rects()) ghosts += r.label.startsWith("deleted") ? 1 : 0;
  EXPECT_EQ(ghosts, static_cast<int>(expired.size()));
  SaveLanes(w, "twenty-days-20d");
}

TEST(LanesTest, ReplayLaneReachesOneHundredPercentDuringTheRestart) {
  Controller c;
  OpenScenario(c, "flagship.tsdbsim");
  c.set_animation_frames(40);
  c.StepTo("crash");
  ASSERT_FALSE(c.model().world().process_up);
  MainWindow w(&c);
  w.resize(1600, 1000);
  c.StepTo("restart");
  ASSERT_TRUE(c.animating());
  std::vector<double> seen;
  std::vector<QString> texts;
  int frame = 0;
  while (c.animating()) {
    c.Tick();
    w.canvas()->Update(c.model());
    const ReplayLane* replay = w.canvas()->lane<ReplayLane>();
    seen.push_back(replay->progress());
    texts.push_back(replay->status_text());
    if (frame++ == 20) {
      Render(w);
      SaveLanes(w, "restart-mid-replay");
    }
  }
  ASSERT_GE(seen.size(), 10u);
  EXPECT_TRUE(std::is_sorted(seen.begin(), seen.end()));
  EXPECT_DOUBLE_EQ(seen.back(), 1.0);
  EXPECT_TRUE(std::any_of(seen.begin(), seen.end(), [](double p) { return p > 0.05 && p < 0.95; }));
  EXPECT_TRUE(std::any_of(texts.begin(), texts.end(), [](const QString& t) { return t.contains("reading"); }));
  EXPECT_TRUE(texts.back().contains("checkpoint.")) << texts.back().toStdString();
  Render(w);
  SaveLanes(w, "restart-done");
}

}  // namespace
}  // namespace tsdbsim::gui
