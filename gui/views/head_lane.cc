#include "gui/views/lanes.h"

namespace tsdbsim::gui {

HeadLane::HeadLane(QCustomPlot* plot, QCPAxisRect* rect) : Lane(plot, rect, "head chunks") {
  chunks_ = AddLayer();
  open_ = AddLayer();
  marks_ = AddLayer();
  marks_->set_min_width_px(2.0);
}

void HeadLane::AddRow(const WorldSeries& s, bool followed, int64_t epoch, QStringList* rows) {
  const double row = static_cast<double>(rows->size());
  *rows << ValuesOnly(s.labels) + (s.in_head ? "" : " (not in the head)");
  row_refs_.push_back(s.ref);
  const QColor edge = followed ? palette_.followed : palette_.mmapped;
  for (const WorldChunk& c : s.mmapped) {
    chunks_->rects().push_back({.x0 = Seconds(c.mint - epoch), .x1 = Seconds(c.maxt - epoch), .y0 = row + 0.2,
                                .y1 = row + 0.8, .fill = palette_.mmapped_fill, .border = edge,
                                .label = QString("%1 · mmapped").arg(c.samples),
                                .detail = QString("mmapped chunk, %1 samples\n[%2, %3]\nchunks_head/%4 at byte %5")
                                              .arg(c.samples)
                                              .arg(FormatElapsed(c.mint - epoch), FormatElapsed(c.maxt - epoch))
                                              .arg(c.file, 6, 10, QChar('0'))
                                              .arg(c.offset)});
  }
  if (!s.has_open_chunk) return;
  const WorldOpenChunk& o = s.open;
  const int64_t full_at = std::max(o.next_at_ms, o.maxt);
  const QString detail = QString("open head chunk, %1/%2 samples, %3 bytes\n[%4, %5]\nnextAt %6 · chunk range ends %7")
                             .arg(o.samples)
                             .arg(o.samples_target)
                             .arg(o.bytes)
                             .arg(FormatElapsed(o.mint - epoch), FormatElapsed(o.maxt - epoch),
                                  FormatElapsed(o.next_at_ms - epoch), FormatElapsed(o.range_end_ms - epoch));
  auto& open = open_->rects();
  open.push_back({.x0 = Seconds(o.mint - epoch), .x1 = Seconds(full_at - epoch), .y0 = row + 0.2, .y1 = row + 0.8,
                  .fill = palette_.head_light, .border = palette_.head, .detail = detail});
  open.push_back({.x0 = Seconds(o.mint - epoch), .x1 = Seconds(o.maxt - epoch), .y0 = row + 0.2, .y1 = row + 0.8,
                  .fill = palette_.head, .border = followed ? palette_.followed : palette_.head,
                  .label = QString("%1/%2").arg(o.samples).arg(o.samples_target), .detail = detail});
  auto& marks = marks_->rects();
  marks.push_back({.x0 = Seconds(o.next_at_ms - epoch), .x1 = Seconds(o.next_at_ms - epoch), .y0 = row + 0.05,
                   .y1 = row + 0.95, .fill = palette_.head, .detail = "nextAt " + FormatElapsed(o.next_at_ms - epoch)});
  marks.push_back({.x0 = Seconds(o.range_end_ms - epoch), .x1 = Seconds(o.range_end_ms - epoch), .y0 = row,
                   .y1 = row + 1, .fill = palette_.muted,
                   .detail = "end of the chunk range " + FormatElapsed(o.range_end_ms - epoch)});
}

void HeadLane::Update(const RunModel& model) {
  const World& w = model.world();
  QStringList rows;
  row_refs_.clear();
  chunks_->rects().clear();
  open_->rects().clear();
  marks_->rects().clear();
  for (const WorldSeries& s : w.head.watched) AddRow(s, model.followed() == s.ref && s.in_head, model.epoch_ms(), &rows);
  // A clicked series that is not watched gets a row of its own, last.
  if (const auto& f = model.followed_series()) AddRow(*f, true, model.epoch_ms(), &rows);
  if (rows.isEmpty()) rows << "(no watched series yet)";
  SetRows(rows);
  subtitle_ = QString("%1 series · %2 chunks\nopen: %3 samples, %4")
                  .arg(w.head.series)
                  .arg(w.head.chunks)
                  .arg(w.head.open_chunk_samples)
                  .arg(FormatBytes(w.head.open_chunk_bytes));
}

std::optional<uint64_t> HeadLane::SeriesAt(const QPointF& pixel) const {
  const double row = rect_->axis(QCPAxis::atLeft)->pixelToCoord(pixel.y());
  if (row < 0 || row >= static_cast<double>(row_refs_.size())) return std::nullopt;
  return row_refs_[static_cast<size_t>(row)];
}

}  // namespace tsdbsim::gui
