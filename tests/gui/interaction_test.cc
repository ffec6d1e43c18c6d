// Hover, click-to-follow, zoom, projector mode and the keyboard: what a
// user does with the mouse and keys, sent as real Qt events.
#include <gtest/gtest.h>

#include <QApplication>
#include <QMouseEvent>
#include <QSet>

#include "gui/app/main_window.h"
#include "gui/views/lanes.h"
#include "gui_support.h"

namespace tsdbsim::gui {
namespace {

QPoint CenterOf(const Lane& lane, const RectSpec& r) {
  const QCPAxisRect* rect = lane.rect();
  const double x = rect->axis(QCPAxis::atBottom)->coordToPixel((r.x0 + r.x1) / 2);
  const double y = rect->axis(QCPAxis::atLeft)->coordToPixel((r.y0 + r.y1) / 2);
  return QPoint(static_cast<int>(x), static_cast<int>(y));
}

void Click(QWidget* w, QPoint at) {
  QMouseEvent press(QEvent::MouseButtonPress, QPointF(at), w->mapToGlobal(QPointF(at)), Qt::LeftButton,
                    Qt::LeftButton, Qt::NoModifier);
  QApplication::sendEvent(w, &press);
  QMouseEvent release(QEvent::MouseButtonRelease, QPointF(at), w->mapToGlobal(QPointF(at)), Qt::LeftButton,
                      Qt::NoButton, Qt::NoModifier);
  QApplication::sendEvent(w, &release);
}

TEST(InteractionTest, HoverDescribesAChunkAndClickingFollowsItsSeries) {
  auto shown = ShowScenarioAt("flagship.tsdbsim", 65 * 60'000);
  Controller& c = shown->controller;
  MainWindow& w = *shown->window;
  const HeadLane* head = w.canvas()->lane<HeadLane>();
  ASSERT_FALSE(head->layers()[0]->rects().empty());
  const RectSpec chunk = head->layers()[0]->rects()[0];  // a watched series' mmapped chunk
  const QPoint at = CenterOf(*head, chunk);
  const QString hover = w.canvas()->DescribeAt(at);
  EXPECT_TRUE(hover.startsWith("mmapped chunk, 120 samples")) << hover.toStdString();
  EXPECT_TRUE(hover.contains("chunks_head/000001 at byte")) << hover.toStdString();
  Click(w.canvas(), at);
  ASSERT_TRUE(c.model().followed().has_value());
  w.Refresh();
  // The mmapped lane draws that series' chunks apart, in the followed colour.
  const MmapLane* mmap = w.canvas()->lane<MmapLane>();
  const auto& followed = mmap->layers()[1]->rects();
  ASSERT_EQ(followed.size(), c.model().world().head.watched[0].mmapped.size());
  EXPECT_EQ(followed[0].fill, NormalPalette().followed);
  const QString chunk_hover = w.canvas()->DescribeAt(CenterOf(*mmap, followed[0]));
  EXPECT_TRUE(chunk_hover.startsWith("up{")) << chunk_hover.toStdString();
  SaveArtifact(w, "following-a-series");
  w.actions().unfollow->trigger();
  EXPECT_FALSE(c.model().followed().has_value());
}

TEST(InteractionTest, ASeriesClickedInTheMmappedLaneGetsAHeadChunkRowThatFollowsTheRun) {
  auto shown = ShowScenarioAt("flagship.tsdbsim", 65 * 60'000);
  Controller& c = shown->controller;
  MainWindow& w = *shown->window;
  // A chunk of a series that is not watched (the watched ones are `up`).
  const MmapLane* mmap = w.canvas()->lane<MmapLane>();
  const auto& lanes = c.model().lanes();
  // One whose centre pixel is its own (chunks overlap when zoomed out).
  std::optional<uint64_t> clicked;
  for (const RectSpec& r : mmap->layers()[0]->rects()) {
    const ChunkItem& chunk = lanes.mmapped[static_cast<size_t>(r.id)];
    const std::string& labels = lanes.series_labels.at(chunk.series_ref);
    if (labels.find("__name__=\"up\"") != std::string::npos || chunk.file_deleted) continue;
    if (mmap->SeriesAt(CenterOf(*mmap, r)) == chunk.series_ref) {
      clicked = chunk.series_ref;
      break;
    }
  }
  ASSERT_TRUE(clicked.has_value());
  const uint64_t ref = *clicked;
  c.Follow(clicked);
  w.Refresh();
  const HeadLane* head = w.canvas()->lane<HeadLane>();
  ASSERT_EQ(head->row_names().size(), 4);  // three watched `up` series and the followed one
  ASSERT_TRUE(c.model().followed_series().has_value());
  const WorldSeries& f = *c.model().followed_series();
  EXPECT_TRUE(f.in_head);
  EXPECT_EQ(f.ref, *clicked);
  EXPECT_EQ(head->row_names()[3], ValuesOnly(lanes.series_labels.at(ref)));
  const int64_t open_before = f.open.samples;
  // It follows the run: ten minutes on, its open chunk has grown.
  c.SeekTo(75 * 60'000);
  ASSERT_TRUE(c.model().followed_series().has_value());
  EXPECT_NE(c.model().followed_series()->open.samples, open_before);
  c.Follow(std::nullopt);
  EXPECT_FALSE(c.model().followed_series().has_value());
}

TEST(InteractionTest, ZoomAndPanMoveEveryLaneTogether) {
  auto shown = ShowScenarioAt("flagship.tsdbsim", 2 * 3'600'000);
  MainWindow& w = *shown->window;
  const QCPRange whole = w.canvas()->time_range_s();
  w.actions().zoom_in->trigger();
  const QCPRange zoomed = w.canvas()->time_range_s();
  EXPECT_NEAR(zoomed.size(), whole.size() / 2, 1e-6);
  w.actions().pan_left->trigger();
  for (const auto& lane : w.canvas()->lanes()) {
    EXPECT_EQ(lane->rect()->axis(QCPAxis::atBottom)->range(), w.canvas()->time_range_s()) << lane->title().toStdString();
  }
  EXPECT_LT(w.canvas()->time_range_s().lower, zoomed.lower);
  w.actions().reset_zoom->trigger();
  EXPECT_EQ(w.canvas()->time_range_s(), whole);
}

TEST(InteractionTest, EveryControlHasItsOwnShortcutListedUnderHelp) {
  Controller c;
  OpenScenario(c, "flagship.tsdbsim");
  MainWindow w(&c);
  QSet<QString> keys;
  const QString help = ShortcutsHtml(w.actions());
  for (const QAction* a : w.actions().all) {
    const QString key = a->shortcut().toString(QKeySequence::PortableText);
    EXPECT_FALSE(key.isEmpty()) << a->text().toStdString();
    EXPECT_FALSE(keys.contains(key)) << "two controls on " << key.toStdString();
    keys.insert(key);
    EXPECT_TRUE(help.contains(a->statusTip().toHtmlEscaped())) << a->text().toStdString();
  }
  EXPECT_GE(keys.size(), 25);
}

TEST(InteractionTest, ProjectorModeEnlargesEveryFont) {
  auto shown = ShowScenarioAt("flagship.tsdbsim", 9 * 3'600'000, QSize(1920, 1080));
  MainWindow& w = *shown->window;
  const int normal = w.time_label()->font().pointSize();
  w.actions().projector->trigger();
  EXPECT_TRUE(w.actions().projector->isChecked());
  EXPECT_EQ(w.font().pointSize(), ProjectorPalette().base_point_size);
  EXPECT_GE(w.legend()->font().pointSize(), ProjectorPalette().base_point_size);
  EXPECT_GE(w.time_label()->font().pointSize(), normal);
  SaveArtifact(w, "projector-9h");
}

}  // namespace
}  // namespace tsdbsim::gui
