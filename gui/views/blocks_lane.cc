#include "gui/views/lanes.h"

#include <map>

namespace tsdbsim::gui {

BlocksLane::BlocksLane(QCustomPlot* plot, QCPAxisRect* rect) : Lane(plot, rect, "blocks") { blocks_ = AddLayer(); }

void BlocksLane::Update(const RunModel& model) {
  const World& w = model.world();
  const int64_t epoch = model.epoch_ms();
  // Rows by level, lowest first; within a level a block that overlaps one
  // already placed goes to the next row of that level.
  std::map<int64_t, std::vector<std::vector<std::pair<int64_t, int64_t>>>> levels;
  std::vector<std::pair<int64_t, int>> placed;  // level, row within level, per block
  for (const WorldBlock& b : w.blocks) {
    auto& rows = levels[b.level];
    int row = 0;
    for (; row < static_cast<int>(rows.size()); row++) {
      bool overlaps = false;
      for (const auto& [lo, hi] : rows[static_cast<size_t>(row)]) overlaps = overlaps || (b.min_time_ms < hi && lo < b.max_time_ms);
      if (!overlaps) break;
    }
    if (row == static_cast<int>(rows.size())) rows.emplace_back();
    rows[static_cast<size_t>(row)].emplace_back(b.min_time_ms, b.max_time_ms);
    placed.emplace_back(b.level, row);
  }
  QStringList names;
  std::map<int64_t, int> first_row;
  for (const auto& [level, rows] : levels) {
    first_row[level] = static_cast<int>(names.size());
    for (size_t i = 0; i < rows.size(); i++) names << (i == 0 ? QString("level %1").arg(level) : QString("level %1 (overlap)").arg(level));
  }
  const std::vector<DeletedBlockItem>& expired = model.lanes().expired_blocks;
  const int expired_row = static_cast<int>(names.size());
  if (!expired.empty()) names << "deleted (retention)";
  if (names.isEmpty()) names << "(none yet)";
  SetRows(names);
  auto& rects = blocks_->rects();
  rects.clear();
  int64_t samples = 0;
  for (size_t i = 0; i < w.blocks.size(); i++) {
    const WorldBlock& b = w.blocks[i];
    const double row = first_row[placed[i].first] + placed[i].second;
    samples += b.samples;
    rects.push_back({.x0 = Seconds(b.min_time_ms - epoch), .x1 = Seconds(b.max_time_ms - epoch), .y0 = row + 0.12,
                     .y1 = row + 0.88, .fill = palette_.block_fill, .border = palette_.block,
                     .label = QString("%1… · %2 series · %3k samples")
                                  .arg(QString::fromStdString(b.ulid.substr(0, 6)))
                                  .arg(b.series)
                                  .arg(b.samples / 1000),
                     .detail = QString("block %1, level %2\n[%3, %4)\n%5 series, %6 chunks, %7 samples\nsources: %8")
                                   .arg(QString::fromStdString(b.ulid))
                                   .arg(b.level)
                                   .arg(FormatElapsed(b.min_time_ms - epoch), FormatElapsed(b.max_time_ms - epoch))
                                   .arg(b.series)
                                   .arg(b.chunks)
                                   .arg(b.samples)
                                   .arg(b.sources.size())});
  }
  for (const DeletedBlockItem& d : expired) {
    const QString why = d.why == "retention_size" ? "size" : "time";
    rects.push_back({.x0 = Seconds(d.mint_ms), .x1 = Seconds(d.maxt_ms), .y0 = expired_row + 0.12,
                     .y1 = expired_row + 0.88, .fill = palette_.deleted, .border = palette_.muted,
                     .label = QString("deleted (%1 retention)").arg(why),
                     .detail = QString("block %1 [%2, %3)\ndeleted by %4 retention at %5")
                                   .arg(QString::fromStdString(d.ulid))
                                   .arg(FormatElapsed(d.mint_ms), FormatElapsed(d.maxt_ms))
                                   .arg(why)
                                   .arg(FormatElapsed(d.deleted_ms))});
  }
  subtitle_ = QString("%1 blocks · %2 samples").arg(w.blocks.size()).arg(samples);
  if (!expired.empty()) subtitle_ += QString("\n%1 deleted by retention").arg(expired.size());
}

}  // namespace tsdbsim::gui
