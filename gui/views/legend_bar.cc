#include "gui/views/legend_bar.h"

#include <QPainter>

namespace tsdbsim::gui {

LegendBar::LegendBar(QWidget* parent) : QWidget(parent) { SetPalette(NormalPalette()); }

void LegendBar::SetPalette(const Palette& palette) {
  palette_ = palette;
  QFont f = font();
  f.setPointSize(palette.base_point_size);
  setFont(f);
  updateGeometry();
  update();
}

std::vector<LegendBar::Entry> LegendBar::Entries() const {
  const Palette& p = palette_;
  return {
      {p.sample, p.sample, "scrape (samples in)"},
      {p.failure, p.failure, "failed / corrupt"},
      {p.wal_fill, p.wal, "WAL / commit"},
      {p.checkpoint_fill, p.checkpoint, "checkpoint"},
      {p.head, p.head, "open head chunk"},
      {p.mmapped_fill, p.mmapped, "mmapped chunk"},
      {p.block_fill, p.block, "block"},
      {p.deleted, p.rollback, "deleted / rolled back"},
      {p.now, p.now, "now"},
  };
}

QStringList LegendBar::names() const {
  QStringList out;
  for (const Entry& e : Entries()) out << e.name;
  return out;
}

QSize LegendBar::sizeHint() const { return QSize(800, fontMetrics().height() + 8); }

void LegendBar::paintEvent(QPaintEvent*) {
  QPainter painter(this);
  const QFontMetrics m = fontMetrics();
  const int swatch = m.height() - 2;
  int x = 4;
  for (const Entry& e : Entries()) {
    const QRect box(x, (height() - swatch) / 2, swatch * 2, swatch);
    painter.setPen(QPen(e.border, palette_.border_px));
    painter.setBrush(e.fill);
    painter.drawRect(box);
    x = box.right() + 6;
    painter.setPen(palette_.text);
    painter.drawText(QRect(x, 0, m.horizontalAdvance(e.name) + 2, height()), Qt::AlignVCenter, e.name);
    x += m.horizontalAdvance(e.name) + 18;
  }
}

}  // namespace tsdbsim::gui
