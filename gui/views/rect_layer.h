// RectLayer: many rectangles on one axis rect, drawn by one plottable in one
// pass. A lane refills its layers' vectors on each update and the layers
// are reused (QCustomPlot items per rectangle cost an object each; 10,000
// chunks on screen would not fit in a frame). Only rectangles in the
// visible key range are painted, at least min_width_px wide so that a
// one-millisecond event stays visible zoomed out.
#pragma once

#include <qcustomplot.h>

#include <QColor>
#include <QString>
#include <vector>

namespace tsdbsim::gui {

struct RectSpec {
  double x0 = 0, x1 = 0;  // key: seconds of virtual time
  double y0 = 0, y1 = 0;  // value: rows, 0 at the top
  QColor fill;
  QColor border;  // invalid: none
  QString label;   // drawn inside when it fits
  QString detail;  // the hover text, when more than the label
  int id = -1;    // the lane's own index, handed back by a hit
};

class RectLayer : public QCPAbstractPlottable {
  Q_OBJECT

 public:
  RectLayer(QCPAxis* key_axis, QCPAxis* value_axis);

  std::vector<RectSpec>& rects() { return rects_; }
  const std::vector<RectSpec>& rects() const { return rects_; }
  void set_min_width_px(double px) { min_width_px_ = px; }
  void set_label_color(QColor c) { label_color_ = c; }
  void set_label_font(const QFont& f) { label_font_ = f; }
  // The topmost rectangle under a pixel (its index in rects()), or -1.
  int HitTest(const QPointF& pixel) const;
  // Rectangles in the visible time range at the last replot (tests, benchmarks).
  int in_view() const { return in_view_; }

  double selectTest(const QPointF& pos, bool only_selectable, QVariant* details = nullptr) const override;
  QCPRange getKeyRange(bool& found, QCP::SignDomain domain = QCP::sdBoth) const override;
  QCPRange getValueRange(bool& found, QCP::SignDomain domain = QCP::sdBoth,
                         const QCPRange& key_range = QCPRange()) const override;

 protected:
  void draw(QCPPainter* painter) override;
  void drawLegendIcon(QCPPainter* painter, const QRectF& rect) const override;

 private:
  QRectF PixelRect(const RectSpec& r) const;

  std::vector<RectSpec> rects_;
  double min_width_px_ = 1.0;
  QColor label_color_ = Qt::black;
  QFont label_font_;
  int in_view_ = 0;
};

}  // namespace tsdbsim::gui
