#include "gui/views/lanes.h"

namespace tsdbsim::gui {

namespace {

QCPItemRect* RatioRect(QCustomPlot* plot, QCPAxisRect* rect) {
  auto* item = new QCPItemRect(plot);
  item->setClipAxisRect(rect);
  for (QCPItemPosition* p : {item->topLeft, item->bottomRight}) {
    p->setAxisRect(rect);
    p->setType(QCPItemPosition::ptAxisRectRatio);
  }
  return item;
}

QCPItemText* RatioText(QCustomPlot* plot, QCPAxisRect* rect, double x, double y) {
  auto* item = new QCPItemText(plot);
  item->setClipAxisRect(rect);
  item->position->setAxisRect(rect);
  item->position->setType(QCPItemPosition::ptAxisRectRatio);
  item->position->setCoords(x, y);
  item->setPositionAlignment(Qt::AlignLeft | Qt::AlignVCenter);
  item->setTextAlignment(Qt::AlignLeft);
  return item;
}

QString PhaseText(const ReplayItem& r) {
  QString text = QString("open at %1: ").arg(FormatElapsed(r.t_ms));
  if (r.from_snapshot) text += QString("snapshot (%1) → ").arg(Count(r.snapshot_samples, "sample"));
  text += QString("%1 mmapped chunks (%2)").arg(r.chunks_loaded).arg(Count(r.chunk_files, "file"));
  if (r.checkpoint_segment >= 0) text += QString(" → checkpoint.%1").arg(r.checkpoint_segment, 8, 10, QChar('0'));
  if (r.first_segment >= 0) {
    text += QString(" → WAL %1..%2").arg(r.first_segment).arg(r.last_segment);
    if (r.phase == "wal") text += QString(", reading %1").arg(r.segment);
  }
  return text;
}

// What the open found damaged and what the repair dropped; "" when nothing.
QString ProblemText(const ReplayItem& r) {
  QStringList parts;
  if (!r.mmap_error.empty()) parts << "chunks_head corrupt: " + QString::fromStdString(r.mmap_error);
  if (!r.corruption.empty()) parts << "corruption: " + QString::fromStdString(r.corruption);
  if (!r.repair.empty()) parts << "repaired: " + QString::fromStdString(r.repair);
  return parts.join(" · ");
}

}  // namespace

ReplayLane::ReplayLane(QCustomPlot* plot, QCPAxisRect* rect) : Lane(plot, rect, "restart / replay") {
  marks_ = AddLayer();
  marks_->set_min_width_px(3.0);
  SetRows({"", "", ""});
  bar_back_ = RatioRect(plot, rect);
  bar_ = RatioRect(plot, rect);
  text_ = RatioText(plot, rect, 0.005, 0.17);
  counts_ = RatioText(plot, rect, 0.36, 0.5);
  verdict_ = RatioText(plot, rect, 0.005, 0.83);
}

void ReplayLane::Update(const RunModel& model) {
  const LaneItems& items = model.lanes();
  auto& marks = marks_->rects();
  marks.clear();
  for (const MarkItem& c : items.crashes) {
    // Crashes in the lane's top half, restarts in its bottom half: one after
    // the other at the same moment, both stay visible.
    marks.push_back({.x0 = Seconds(c.t_ms), .x1 = Seconds(c.t_ms), .y0 = 0, .y1 = 1.45, .fill = palette_.now,
                     .detail = "crash at " + FormatElapsed(c.t_ms) + ": " + QString::fromStdString(c.text)});
  }
  for (const MarkItem& s : items.shutdowns) {
    marks.push_back({.x0 = Seconds(s.t_ms), .x1 = Seconds(s.t_ms), .y0 = 0, .y1 = 1.45, .fill = palette_.muted,
                     .detail = "clean shutdown at " + FormatElapsed(s.t_ms)});
  }
  for (const MarkItem& f : items.faults) {
    marks.push_back({.x0 = Seconds(f.t_ms), .x1 = Seconds(f.t_ms), .y0 = 1.5, .y1 = 3, .fill = palette_.failure,
                     .detail = "fault at " + FormatElapsed(f.t_ms) + ": " + QString::fromStdString(f.text)});
  }
  for (const MarkItem& r : items.restarts) {
    marks.push_back({.x0 = Seconds(r.t_ms), .x1 = Seconds(r.t_ms), .y0 = 1.55, .y1 = 3, .fill = palette_.mmapped,
                     .detail = "restart at " + FormatElapsed(r.t_ms)});
  }
  const ReplayItem last = items.replays.empty() ? ReplayItem{} : items.replays.back();
  // A first start on an empty directory replays nothing: no bar for it.
  const bool empty_start = items.replays.size() == 1 && last.phase == "done" && last.records == 0 &&
                           last.chunks_loaded == 0 && last.checkpoint_segment < 0 && last.corruption.empty();
  const bool any = !items.replays.empty() && !empty_start;
  progress_ = any ? last.progress() : 0.0;
  const double left = 0.005, right = 0.35;
  bar_back_->topLeft->setCoords(left, 0.38);
  bar_back_->bottomRight->setCoords(right, 0.62);
  bar_->topLeft->setCoords(left, 0.38);
  bar_->bottomRight->setCoords(left + (right - left) * progress_, 0.62);
  bar_back_->setBrush(palette_.deleted);
  bar_back_->setPen(QPen(palette_.muted));
  const bool corrupt = any && (!last.corruption.empty() || !last.mmap_error.empty());
  bar_->setBrush(corrupt ? palette_.failure : palette_.mmapped_fill);
  bar_->setPen(QPen(palette_.mmapped));
  bar_->setVisible(any);
  bar_back_->setVisible(any);
  status_text_ = any           ? PhaseText(last)
                 : empty_start ? QString("first start at %1: an empty data directory, nothing to replay")
                                     .arg(FormatElapsed(last.t_ms))
                               : QString("no open yet: play, step or restart starts Prometheus");
  text_->setText(status_text_);
  // Corruption and repair go on the verdict's line, in the failure colour.
  const QString problems = any ? ProblemText(last) : QString();
  if (!problems.isEmpty()) status_text_ += " · " + problems;
  text_->setFont(font_);
  verdict_->setFont(font_);
  text_->setColor(palette_.text);
  QString counts = any ? QString("%1 % · %2 records · %3 samples")
                             .arg(static_cast<int>(progress_ * 100.0 + 0.5))
                             .arg(last.records)
                             .arg(last.samples)
                       : QString();
  const WorldOracle& o = model.world().oracle;
  // The verdict is the oracle's check after the open: shown once the replay
  // is, beside the bar; corruption and repair take the line below.
  if (o.checks > 0 && (!any || last.phase == "done")) {
    // lost_acked is every acknowledged sample lost; the causes break it down.
    // Only the causes that lost something, so the line fits beside the bar.
    QStringList causes;
    if (o.lost_unsynced > 0) causes << QString("%1 unsynced").arg(o.lost_unsynced);
    if (o.lost_unsynced_entry > 0) causes << QString("%1 unsynced entry").arg(o.lost_unsynced_entry);
    if (o.lost_to_repair > 0) causes << QString("%1 to repair").arg(o.lost_to_repair);
    if (o.lost_dependent > 0) causes << QString("%1 after a lost segment").arg(o.lost_dependent);
    counts += QString("%1oracle: %2 lost%3, %4 phantom, %5 violations")
                  .arg(counts.isEmpty() ? "" : "   ")
                  .arg(o.lost_acked)
                  .arg(causes.isEmpty() ? QString() : " (" + causes.join(", ") + ")")
                  .arg(o.phantom)
                  .arg(o.violations);
  }
  counts_->setText(counts);
  counts_->setFont(font_);
  counts_->setColor(o.violations > 0 ? palette_.failure : palette_.text);
  verdict_->setText(problems);
  verdict_->setColor(palette_.failure);
  subtitle_ = QString("%1 opens · %2 crashes").arg(items.replays.size()).arg(items.crashes.size());
}

}  // namespace tsdbsim::gui
