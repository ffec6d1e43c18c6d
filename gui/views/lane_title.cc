#include "gui/views/lane_title.h"

namespace tsdbsim::gui {

LaneTitle::LaneTitle(QCustomPlot* plot, int width_px) : QCPLayoutElement(plot), width_px_(width_px) {
  setMinimumSize(width_px, 10);
  setMaximumSize(width_px, QWIDGETSIZE_MAX);
  setMargins(QMargins(0, 0, 0, 0));
}

void LaneTitle::SetText(const QString& title, const QString& subtitle) {
  title_ = title;
  subtitle_ = subtitle;
}

void LaneTitle::SetPalette(const Palette& palette, const QFont& base) {
  palette_ = palette;
  width_px_ = palette.title_width_px;
  setMinimumSize(width_px_, 10);
  setMaximumSize(width_px_, QWIDGETSIZE_MAX);
  title_font_ = base;
  title_font_.setBold(true);
  title_font_.setPointSize(base.pointSize() + 1);
  subtitle_font_ = base;
  subtitle_font_.setPointSize(std::max(7, base.pointSize() - 1));
}

void LaneTitle::applyDefaultAntialiasingHint(QCPPainter* painter) const { painter->setAntialiasing(true); }

void LaneTitle::draw(QCPPainter* painter) {
  const QRect box = mRect.adjusted(4, 3, -6, -3);
  painter->setPen(Qt::NoPen);
  painter->setBrush(palette_.lane_title_bg);
  painter->drawRoundedRect(box, 4, 4);
  const QRect text = box.adjusted(8, 4, -4, -2);
  painter->setFont(title_font_);
  painter->setPen(palette_.text);
  const int title_h = QFontMetrics(title_font_).height();
  painter->drawText(text, Qt::AlignLeft | Qt::AlignTop, title_);
  painter->setFont(subtitle_font_);
  painter->setPen(palette_.muted);
  // Whole lines only, each elided to the width: a short lane shows fewer
  // lines rather than half of one.
  const QFontMetrics metrics(subtitle_font_);
  int y = text.top() + title_h + 2;
  for (const QString& line : subtitle_.split('\n')) {
    if (y + metrics.height() > text.bottom() + 1) break;
    painter->drawText(QRect(text.left(), y, text.width(), metrics.height()), Qt::AlignLeft | Qt::AlignTop,
                      metrics.elidedText(line, Qt::ElideRight, text.width()));
    y += metrics.height();
  }
}

QSize LaneTitle::minimumOuterSizeHint() const {
  return QSize(width_px_, QFontMetrics(title_font_).height() + 8);
}

}  // namespace tsdbsim::gui
