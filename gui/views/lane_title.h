// LaneTitle: the cell left of a lane, its name in bold and a few lines of
// what it shows now below, on a grey box. Unlike QCPTextElement it grows
// with its row, so the lanes share the canvas's height by their rows.
#pragma once

#include <qcustomplot.h>

#include "gui/views/palette.h"

namespace tsdbsim::gui {

class LaneTitle : public QCPLayoutElement {
  Q_OBJECT

 public:
  LaneTitle(QCustomPlot* plot, int width_px);
  void SetText(const QString& title, const QString& subtitle);
  void SetPalette(const Palette& palette, const QFont& base);
  const QString& subtitle() const { return subtitle_; }

 protected:
  void applyDefaultAntialiasingHint(QCPPainter* painter) const override;
  void draw(QCPPainter* painter) override;
  QSize minimumOuterSizeHint() const override;

 private:
  QString title_;
  QString subtitle_;
  QFont title_font_;
  QFont subtitle_font_;
  Palette palette_;
  int width_px_;
};

}  // namespace tsdbsim::gui
