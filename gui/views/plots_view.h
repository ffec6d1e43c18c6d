// PlotsView: the small plots under the lanes, against the same virtual
// time — head series, samples in the head, bytes in open head chunks vs
// mmapped ones, WAL size — and the last replay's progress against records.
#pragma once

#include <qcustomplot.h>

#include <QWidget>
#include <vector>

#include "gui/model/run_model.h"
#include "gui/views/palette.h"

namespace tsdbsim::gui {

class PlotsView : public QWidget {
  Q_OBJECT

 public:
  explicit PlotsView(QWidget* parent = nullptr);
  void Update(const RunModel& model);
  void SetPalette(const Palette& palette);
  const std::vector<QCustomPlot*>& plots() const { return plots_; }

 private:
  QCustomPlot* AddPlot(const QString& title);

  std::vector<QCustomPlot*> plots_;
  Palette palette_;
};

}  // namespace tsdbsim::gui
