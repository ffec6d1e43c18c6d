#include "gui/views/rect_layer.h"

#include <algorithm>

namespace tsdbsim::gui {

RectLayer::RectLayer(QCPAxis* key_axis, QCPAxis* value_axis) : QCPAbstractPlottable(key_axis, value_axis) {
  setSelectable(QCP::stNone);
  setAntialiased(false);
}

QRectF RectLayer::PixelRect(const RectSpec& r) const {
  const double px0 = mKeyAxis->coordToPixel(r.x0);
  double px1 = mKeyAxis->coordToPixel(r.x1);
  if (px1 - px0 < min_width_px_) px1 = px0 + min_width_px_;
  const double py0 = mValueAxis->coordToPixel(r.y0);
  const double py1 = mValueAxis->coordToPixel(r.y1);
  return QRectF(QPointF(px0, std::min(py0, py1)), QPointF(px1, std::max(py0, py1)));
}

void RectLayer::draw(QCPPainter* painter) {
  in_view_ = 0;
  if (mKeyAxis.isNull() || mValueAxis.isNull()) return;
  const QCPRange visible = mKeyAxis->range();
  painter->setFont(label_font_);
  const QFontMetrics metrics(label_font_);
  QColor brush_color, pen_color;
  painter->setBrush(Qt::NoBrush);
  painter->setPen(Qt::NoPen);
  QRect last_small;
  QRgb last_small_color = 0;
  for (const RectSpec& r : rects_) {
    if (r.x1 < visible.lower || r.x0 > visible.upper) continue;
    const QRectF px = PixelRect(r);
    in_view_++;
    // A rectangle a few pixels thin shows as its fill only: filled in one
    // call, and skipped when it covers the same pixels as the one before
    // (thousands of chunks stack up like that zoomed out).
    if (px.width() <= 3 || px.height() <= 3) {
      const QColor& c = r.fill.isValid() ? r.fill : r.border;
      const QRect aligned = px.toAlignedRect();
      if (aligned == last_small && c.rgb() == last_small_color) continue;
      painter->fillRect(aligned, c);
      last_small = aligned;
      last_small_color = c.rgb();
      continue;
    }
    // Changing the painter's state costs more than drawing: only on change.
    if (r.fill != brush_color) {
      brush_color = r.fill;
      painter->setBrush(brush_color.isValid() ? QBrush(brush_color) : QBrush(Qt::NoBrush));
    }
    if (r.border != pen_color) {
      pen_color = r.border;
      painter->setPen(pen_color.isValid() ? QPen(pen_color, 1) : QPen(Qt::NoPen));
    }
    painter->drawRect(px);
    if (!r.label.isEmpty() && px.width() > metrics.horizontalAdvance(r.label) + 8 && px.height() >= metrics.height()) {
      const QPen keep = painter->pen();
      painter->setPen(label_color_);
      painter->drawText(px.adjusted(4, 0, -2, 0), Qt::AlignVCenter | Qt::AlignLeft, r.label);
      painter->setPen(keep);
    }
  }
}

int RectLayer::HitTest(const QPointF& pixel) const {
  for (int i = static_cast<int>(rects_.size()) - 1; i >= 0; i--) {
    if (PixelRect(rects_[static_cast<size_t>(i)]).adjusted(-1, -1, 1, 1).contains(pixel)) return i;
  }
  return -1;
}

double RectLayer::selectTest(const QPointF&, bool, QVariant*) const { return -1; }

void RectLayer::drawLegendIcon(QCPPainter* painter, const QRectF& rect) const {
  if (rects_.empty()) return;
  painter->setBrush(rects_.front().fill);
  painter->setPen(rects_.front().border.isValid() ? QPen(rects_.front().border) : QPen(Qt::NoPen));
  painter->drawRect(rect.adjusted(2, 2, -2, -2));
}

QCPRange RectLayer::getKeyRange(bool& found, QCP::SignDomain) const {
  found = !rects_.empty();
  QCPRange range(0, 0);
  for (const RectSpec& r : rects_) range.expand(QCPRange(r.x0, r.x1));
  return range;
}

QCPRange RectLayer::getValueRange(bool& found, QCP::SignDomain, const QCPRange&) const {
  found = !rects_.empty();
  QCPRange range(0, 0);
  for (const RectSpec& r : rects_) range.expand(QCPRange(r.y0, r.y1));
  return range;
}

}  // namespace tsdbsim::gui
