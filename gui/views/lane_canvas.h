// LaneCanvas: the lanes stacked on one shared time axis in one QCustomPlot,
// with the "now" line across all of them, hover details, click-to-follow,
// and zoom and pan of the time axis (wheel and drag, horizontally only).
#pragma once

#include <qcustomplot.h>

#include <memory>
#include <optional>
#include <vector>

#include "gui/model/run_model.h"
#include "gui/views/lane.h"
#include "gui/views/lane_title.h"
#include "gui/views/palette.h"

namespace tsdbsim::gui {

class LaneCanvas : public QCustomPlot {
  Q_OBJECT

 public:
  explicit LaneCanvas(QWidget* parent = nullptr);
  ~LaneCanvas() override;

  // Redraws from the model; `follow_now` keeps the whole run in view unless
  // the user has zoomed or panned (ResetZoom brings that back).
  void Update(const RunModel& model);
  void SetPalette(const Palette& palette);
  void ResetZoom();
  void ZoomBy(double factor);  // < 1 zooms in, around now
  void PanBy(double fraction);  // of the visible range; > 0 later

  const std::vector<std::unique_ptr<Lane>>& lanes() const { return lanes_; }
  template <class T>
  T* lane() const {
    for (const auto& l : lanes_) {
      if (auto* t = dynamic_cast<T*>(l.get())) return t;
    }
    return nullptr;
  }
  // What the hover tooltip would say at a point of the widget.
  QString DescribeAt(const QPoint& pos) const;
  QCPRange time_range_s() const;

 signals:
  void SeriesClicked(std::optional<uint64_t> series_ref);
  void Hovered(const QString& text);

 private:
  void Build();
  void ApplyFonts();
  void OnRangeChanged(const QCPRange& range);
  void OnMouseMove(QMouseEvent* event);
  void OnMousePress(QMouseEvent* event);
  Lane* LaneAt(const QPoint& pos) const;

  std::vector<std::unique_ptr<Lane>> lanes_;
  std::vector<LaneTitle*> titles_;
  std::vector<QCPItemLine*> now_lines_;
  Palette palette_;
  bool user_zoomed_ = false;
  bool syncing_ = false;
  double now_s_ = 0;
};

}  // namespace tsdbsim::gui
