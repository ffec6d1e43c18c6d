#include "gui/views/lanes.h"

namespace tsdbsim::gui {

WalLane::WalLane(QCustomPlot* plot, QCPAxisRect* rect) : Lane(plot, rect, "WAL") {
  segments_ = AddLayer();
  checkpoints_ = AddLayer();
  checkpoints_->set_min_width_px(12.0);  // a moment, but one a class should find
  marks_ = AddLayer();
  marks_->set_min_width_px(2.0);
  SetRows({"segments", "checkpoint", "fsync"});
}

void WalLane::Update(const RunModel& model) {
  const LaneItems& items = model.lanes();
  auto& segs = segments_->rects();
  auto& marks = marks_->rects();
  auto& checkpoints = checkpoints_->rects();
  segs.clear();
  marks.clear();
  checkpoints.clear();
  int64_t live = 0, live_bytes = 0;
  const auto& lives = items.wal_segments;
  for (size_t i = 0; i < lives.size(); i++) {
    const WalSegmentItem& s = lives[i];
    const bool deleted = s.deleted_ms >= 0;
    // A segment is written from its creation until a newer one is cut (or
    // it is deleted, or now): the lane shows when each one took the writes.
    int64_t end = deleted ? s.deleted_ms : std::max(model.now_ms(), s.last_write_ms);
    for (size_t j = i + 1; j < lives.size(); j++) {
      if (lives[j].number > s.number) {
        end = std::min(end, std::max(lives[j].created_ms, s.last_write_ms));
        break;
      }
    }
    if (!deleted) {
      live++;
      live_bytes += s.bytes;
    }
    const QString name = QString("%1").arg(s.number, 8, 10, QChar('0'));
    const QString fate = s.replaced ? " · rewritten" : deleted ? " · deleted" : "";
    QString detail = QString("WAL segment %1 · %2%3\n%4 records, %5 pages, %6 fsyncs")
                         .arg(name, FormatBytes(s.bytes), fate)
                         .arg(s.records)
                         .arg(s.pages)
                         .arg(s.fsyncs);
    if (deleted) detail += (s.replaced ? "\nrewritten by a repair at " : "\ndeleted at ") + FormatElapsed(s.deleted_ms);
    segs.push_back({.x0 = Seconds(s.created_ms), .x1 = Seconds(end), .y0 = 0.12, .y1 = 0.88,
                    .fill = deleted ? palette_.deleted : palette_.wal_fill,
                    .border = deleted ? palette_.rollback : palette_.wal,
                    .label = name + " · " + FormatBytes(s.bytes) + fate,
                    .detail = detail});
  }
  for (const MarkItem& c : items.checkpoints) {
    checkpoints.push_back({.x0 = Seconds(c.t_ms), .x1 = Seconds(c.t_ms), .y0 = 1.15, .y1 = 1.85,
                     .fill = palette_.checkpoint_fill, .border = palette_.checkpoint,
                     .label = QString::fromStdString(c.text) + " at " + FormatElapsed(c.t_ms)});
  }
  for (const MarkItem& t : items.truncations) {
    marks.push_back({.x0 = Seconds(t.t_ms), .x1 = Seconds(t.t_ms), .y0 = 1.05, .y1 = 1.95, .fill = palette_.checkpoint,
                     .label = QString("segment %1 deleted at %2").arg(t.value).arg(FormatElapsed(t.t_ms))});
  }
  for (const MarkItem& f : items.wal_fsyncs) {
    marks.push_back({.x0 = Seconds(f.t_ms), .x1 = Seconds(f.t_ms), .y0 = 2.2, .y1 = 2.8, .fill = palette_.wal,
                     .label = QString("fsync of segment %1 at %2").arg(f.value).arg(FormatElapsed(f.t_ms))});
  }
  if (items.from_directory) {
    subtitle_ = QString("%1 segments · %2\nread from the directory:\nplaced by size, not by time").arg(live).arg(FormatBytes(live_bytes));
    return;
  }
  subtitle_ = QString("%1 segments · %2\n%3 checkpoints · %4 fsyncs")
                  .arg(live)
                  .arg(FormatBytes(live_bytes))
                  .arg(items.checkpoints.size())
                  .arg(items.wal_fsyncs.size());
}

}  // namespace tsdbsim::gui
