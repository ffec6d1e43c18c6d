// tsdbsim-gui --open DIR: a real Prometheus 2.42 data directory shown
// read-only (the shared fixtures), then a copy of it replayed.
#include <gtest/gtest.h>

#include <QDir>
#include <QDirIterator>
#include <QFileInfo>

#include "gui/app/main_window.h"
#include "gui/views/lanes.h"
#include "gui_support.h"

namespace tsdbsim::gui {
namespace {

QString Fixture(const char* name) { return QString(TSDB_FIXTURES_DIR) + "/prometheus-2.42/" + name; }

// Block lines of `promtool tsdb list` (a header, then one line per block).
int PromtoolBlocks(const char* list) {
  QFile f(Fixture(list));
  EXPECT_TRUE(f.open(QIODevice::ReadOnly)) << list;
  int n = 0;
  for (const QByteArray& line : f.readAll().split('\n')) n += line.startsWith("01") ? 1 : 0;
  return n;
}

struct Listing {
  QStringList names;
  QList<qint64> sizes;
  bool operator==(const Listing&) const = default;
};

Listing ListRecursively(const QString& dir) {
  Listing l;
  QDirIterator it(dir, QDir::Files, QDirIterator::Subdirectories);
  while (it.hasNext()) {
    const QString path = it.next();
    l.names << path;
  }
  l.names.sort();
  for (const QString& n : l.names) l.sizes << QFileInfo(n).size();
  return l;
}

TEST(OpenDirTest, KilledDataDirShowsItsBlocksAndWalThenReplaysACopy) {
  const QString dir = Fixture("killed-datadir");
  const Listing before = ListRecursively(dir);
  Controller c;
  c.set_animation_frames(30);
  QString error;
  ASSERT_TRUE(c.OpenDataDir(dir, &error)) << error.toStdString();
  EXPECT_TRUE(c.directory_problems().isEmpty()) << c.directory_problems().join("\n").toStdString();
  MainWindow w(&c);
  w.resize(1600, 1000);
  QDir().mkpath(QString(TSDB_GUI_ARTIFACTS_DIR));
  ASSERT_TRUE(SaveScreenshot(w, QString(TSDB_GUI_ARTIFACTS_DIR) + "/open-killed-datadir.png", &error));
  const int blocks = PromtoolBlocks("killed-datadir.promtool-list.txt");
  ASSERT_GT(blocks, 0);
  EXPECT_EQ(static_cast<int>(w.canvas()->lane<BlocksLane>()->layers()[0]->rects().size()), blocks);
  const WalLane* wal = w.canvas()->lane<WalLane>();
  EXPECT_EQ(wal->layers()[0]->rects().size(), c.model().world().wal.segments.size());
  EXPECT_GE(wal->layers()[0]->rects().size(), 1u);
  EXPECT_TRUE(wal->subtitle().contains("placed by size"));
  // The blocks are at the directory's own times: the first starts at 0 on the axis.
  EXPECT_LE(w.canvas()->lane<BlocksLane>()->layers()[0]->rects()[0].x0, 1.0);
  // Restart: the copy is opened as 2.42 opens it; the replay runs to 100 %.
  ASSERT_TRUE(c.Restart(&error)) << error.toStdString();
  while (c.animating()) c.Tick();
  w.Refresh();
  const ReplayLane* replay = w.canvas()->lane<ReplayLane>();
  EXPECT_DOUBLE_EQ(replay->progress(), 1.0);
  EXPECT_EQ(c.model().world().replay.phase, "done");
  EXPECT_GT(c.model().world().replay.samples, 0);
  EXPECT_EQ(c.model().world().oracle.violations, 0);
  ASSERT_TRUE(SaveScreenshot(w, QString(TSDB_GUI_ARTIFACTS_DIR) + "/open-killed-datadir-replayed.png", &error));
  EXPECT_EQ(ListRecursively(dir), before);  // the fixture is never written
}

TEST(OpenDirTest, MmappedDataDirShowsEveryChunkInItsFile) {
  Controller c;
  QString error;
  ASSERT_TRUE(c.OpenDataDir(Fixture("mmapped-datadir"), &error)) << error.toStdString();
  MainWindow w(&c);
  w.resize(1600, 1000);
  QDir().mkpath(QString(TSDB_GUI_ARTIFACTS_DIR));
  ASSERT_TRUE(SaveScreenshot(w, QString(TSDB_GUI_ARTIFACTS_DIR) + "/open-mmapped-datadir.png", &error));
  const MmapLane* mmap = w.canvas()->lane<MmapLane>();
  int64_t chunks = 0;
  for (const WorldChunkFile& f : c.model().world().chunks_head) chunks += f.chunks;
  ASSERT_GT(chunks, 0);
  EXPECT_EQ(static_cast<int64_t>(mmap->layers()[0]->rects().size()), chunks);
  EXPECT_EQ(mmap->layers()[0]->in_view(), chunks);  // all within the axis
}

TEST(OpenDirTest, AMissingDirectoryIsAnErrorNamingIt) {
  Controller c;
  QString error;
  EXPECT_FALSE(c.OpenDataDir("/nonexistent/data", &error));
  EXPECT_TRUE(error.contains("/nonexistent/data")) << error.toStdString();
}

}  // namespace
}  // namespace tsdbsim::gui
