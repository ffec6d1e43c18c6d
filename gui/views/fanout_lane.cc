#include "gui/views/lanes.h"

namespace tsdbsim::gui {

namespace {

// Commits closer together than this merge into one band: the lane shows
// "committing" as a stretch, not thousands of ticks.
constexpr int64_t kBandGapMs = 60'000;

}  // namespace

FanoutLane::FanoutLane(QCustomPlot* plot, QCPAxisRect* rect) : Lane(plot, rect, "fanout") {
  bands_ = AddLayer();
  ticks_ = AddLayer();
  ticks_->set_min_width_px(2.0);
}

void FanoutLane::Update(const RunModel& model) {
  const LaneItems& items = model.lanes();
  SetRows(items.has_secondary ? QStringList{"primary (tsdb)", "secondary (remote write)"} : QStringList{"primary (tsdb)"});
  auto& bands = bands_->rects();
  auto& ticks = ticks_->rects();
  bands.clear();
  ticks.clear();
  std::array<int64_t, 2> band_start{-1, -1}, band_end{-1, -1};
  std::array<int64_t, 2> failed{0, 0}, rolled_back{0, 0};
  const auto close_band = [&](int row) {
    if (band_start[row] < 0) return;
    bands.push_back({.x0 = Seconds(band_start[row]), .x1 = Seconds(band_end[row]) + 0.5, .y0 = row + 0.25,
                     .y1 = row + 0.75, .fill = palette_.wal_fill, .border = palette_.wal,
                     .label = row == 0 ? "commit" : "commit (sent on to remote write)"});
    band_start[row] = -1;
  };
  for (const FanoutItem& f : items.fanout) {
    const int row = f.row;
    if (f.outcome == FanoutOutcome::kCommitted) {
      if (band_start[row] >= 0 && f.t_ms - band_end[row] > kBandGapMs) close_band(row);
      if (band_start[row] < 0) band_start[row] = f.t_ms;
      band_end[row] = f.t_ms;
      continue;
    }
    const bool fail = f.outcome == FanoutOutcome::kFailed;
    (fail ? failed : rolled_back)[row]++;
    ticks.push_back({.x0 = Seconds(f.t_ms), .x1 = Seconds(f.t_ms) + 0.5, .y0 = row + 0.1, .y1 = row + 0.9,
                     .fill = fail ? palette_.failure : palette_.rollback,
                     .detail = fail ? QString("commit failed at %1: %2").arg(FormatElapsed(f.t_ms), QString::fromStdString(f.error))
                                    : QString("rollback at %1").arg(FormatElapsed(f.t_ms))});
  }
  close_band(0);
  close_band(1);
  subtitle_ = QString("primary: %1 failed, %2 rollbacks").arg(failed[0]).arg(rolled_back[0]);
  if (items.has_secondary) subtitle_ += QString("\nsecondary: %1 failed").arg(failed[1]);
}

}  // namespace tsdbsim::gui
