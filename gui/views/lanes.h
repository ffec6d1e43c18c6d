// The seven lanes, top to bottom as DESIGN.md §6 orders them. Each is
// implemented in its own file (views/<name>_lane.cc).
#pragma once

#include "gui/views/lane.h"

namespace tsdbsim::gui {

// Every scrape as a tick on its target's row: pink when up, vermillion when not.
class ScrapeLane final : public Lane {
 public:
  ScrapeLane(QCustomPlot* plot, QCPAxisRect* rect);
  void Update(const RunModel& model) override;
  QString Describe(const QPointF& pixel) const override;
 private:
  RectLayer* ticks_;
  const RunModel* model_ = nullptr;
};

// Commits as green bands on the primary's and the secondary's rows, with
// failures and rollbacks as ticks on top.
class FanoutLane final : public Lane {
 public:
  FanoutLane(QCustomPlot* plot, QCPAxisRect* rect);
  void Update(const RunModel& model) override;
 private:
  RectLayer* bands_;
  RectLayer* ticks_;
};

// WAL segments from creation to deletion, checkpoints and truncations,
// and every fsync.
class WalLane final : public Lane {
 public:
  WalLane(QCustomPlot* plot, QCPAxisRect* rect);
  void Update(const RunModel& model) override;
 private:
  RectLayer* segments_;
  RectLayer* checkpoints_;
  RectLayer* marks_;
};

// The watched series' head chunks: mmapped ones blue, the open one orange
// filling towards 120 samples, nextAt and the chunk range's end marked.
class HeadLane final : public Lane {
 public:
  HeadLane(QCustomPlot* plot, QCPAxisRect* rect);
  void Update(const RunModel& model) override;
  std::optional<uint64_t> SeriesAt(const QPointF& pixel) const override;
 private:
  void AddRow(const WorldSeries& s, bool followed, int64_t epoch, QStringList* rows);
  RectLayer* chunks_;
  RectLayer* open_;
  RectLayer* marks_;
  std::vector<uint64_t> row_refs_;
};

// Every chunk written to chunks_head/, on its file's row at its offset.
class MmapLane final : public Lane {
 public:
  MmapLane(QCustomPlot* plot, QCPAxisRect* rect);
  void Update(const RunModel& model) override;
  QString Describe(const QPointF& pixel) const override;
  std::optional<uint64_t> SeriesAt(const QPointF& pixel) const override;
 private:
  RectLayer* chunks_;
  RectLayer* followed_;
  const RunModel* model_ = nullptr;
};

// Blocks as the Thanos block viewer draws them: a row per level, an
// overlapping block on a row of its own.
class BlocksLane final : public Lane {
 public:
  BlocksLane(QCustomPlot* plot, QCPAxisRect* rect);
  void Update(const RunModel& model) override;
 private:
  RectLayer* blocks_;
};

// Crashes, faults and restarts on the time axis, and the last replay's
// progress bar: mmapped chunks, checkpoint, WAL segments, corruption and
// repair, and the oracle's verdict.
class ReplayLane final : public Lane {
 public:
  ReplayLane(QCustomPlot* plot, QCPAxisRect* rect);
  void Update(const RunModel& model) override;
  int Rows() const override { return 3; }
  // The bar's fill, 0..1 (tests).
  double progress() const { return progress_; }
  const QString& status_text() const { return status_text_; }
  // The line beside the bar: progress, records, samples and the oracle's verdict.
  QString verdict_text() const { return counts_->text(); }
 private:
  RectLayer* marks_;
  QCPItemRect* bar_back_;
  QCPItemRect* bar_;
  QCPItemText* text_;
  QCPItemText* counts_;
  QCPItemText* verdict_;
  double progress_ = 0;
  QString status_text_;
};

}  // namespace tsdbsim::gui
