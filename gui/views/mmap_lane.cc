#include "gui/views/lanes.h"

#include <map>

namespace tsdbsim::gui {

MmapLane::MmapLane(QCustomPlot* plot, QCPAxisRect* rect) : Lane(plot, rect, "mmapped chunks") {
  chunks_ = AddLayer();
  followed_ = AddLayer();
  followed_->set_min_width_px(2.0);
}

void MmapLane::Update(const RunModel& model) {
  model_ = &model;
  const LaneItems& items = model.lanes();
  // A row per chunks_head/ file, newest at the bottom; inside a row a chunk
  // sits at its offset in the file, so the rows read as the files' layout.
  std::map<int64_t, int64_t> file_end;
  for (const ChunkItem& c : items.mmapped) file_end[c.file] = std::max(file_end[c.file], c.offset + 1);
  std::map<int64_t, int> row_of;
  QStringList rows;
  for (const auto& [file, end] : file_end) {
    row_of[file] = static_cast<int>(rows.size());
    rows << QString("%1").arg(file, 6, 10, QChar('0'));
  }
  if (rows.isEmpty()) rows << "(none yet)";
  SetRows(rows);
  auto& rects = chunks_->rects();
  auto& followed = followed_->rects();
  rects.clear();
  followed.clear();
  rects.reserve(items.mmapped.size());
  int64_t live = 0;
  for (size_t i = 0; i < items.mmapped.size(); i++) {
    const ChunkItem& c = items.mmapped[i];
    const double row = row_of[c.file];
    const double y = row + 0.1 + 0.8 * static_cast<double>(c.offset) / static_cast<double>(file_end[c.file]);
    live += c.file_deleted ? 0 : 1;
    RectSpec r{.x0 = Seconds(c.mint_ms), .x1 = Seconds(c.maxt_ms), .y0 = y, .y1 = y + 0.04,
               .fill = c.file_deleted ? palette_.rollback : palette_.mmapped_fill,
               .border = c.file_deleted ? palette_.rollback : palette_.mmapped, .id = static_cast<int>(i)};
    if (model.followed() == c.series_ref) {
      r.fill = palette_.followed;
      r.border = palette_.followed;
      r.y1 = y + 0.12;
      followed.push_back(r);
    } else {
      rects.push_back(r);
    }
  }
  subtitle_ = QString("%1 in %2\non disk · mmapped")
                  .arg(Count(live, "chunk"), Count(static_cast<int64_t>(file_end.size()), "file"));
}

QString MmapLane::Describe(const QPointF& pixel) const {
  auto [layer, i] = Hit(pixel);
  if (layer == nullptr || model_ == nullptr) return {};
  const ChunkItem& c = model_->lanes().mmapped[static_cast<size_t>(layer->rects()[static_cast<size_t>(i)].id)];
  const auto& labels = model_->lanes().series_labels;
  const auto it = labels.find(c.series_ref);
  return QString("%1\nchunk of %2 samples [%3, %4]\nchunks_head/%5 at byte %6, written at %7%8")
      .arg(it != labels.end() ? ShortLabels(it->second, 80) : QString("series %1").arg(c.series_ref))
      .arg(c.samples)
      .arg(FormatElapsed(c.mint_ms), FormatElapsed(c.maxt_ms))
      .arg(c.file, 6, 10, QChar('0'))
      .arg(c.offset)
      .arg(FormatElapsed(c.written_ms), c.file_deleted ? " (file deleted since)" : "");
}

std::optional<uint64_t> MmapLane::SeriesAt(const QPointF& pixel) const {
  auto [layer, i] = Hit(pixel);
  if (layer == nullptr || model_ == nullptr) return std::nullopt;
  return model_->lanes().mmapped[static_cast<size_t>(layer->rects()[static_cast<size_t>(i)].id)].series_ref;
}

}  // namespace tsdbsim::gui
