// LegendBar: what each colour of the lanes means, as swatches in one row
// (the colours are the palette's; projector mode redraws it larger).
#pragma once

#include <QWidget>

#include "gui/views/palette.h"

namespace tsdbsim::gui {

class LegendBar : public QWidget {
  Q_OBJECT

 public:
  explicit LegendBar(QWidget* parent = nullptr);
  void SetPalette(const Palette& palette);
  QSize sizeHint() const override;
  // The entries in order (tests): a name per swatch.
  QStringList names() const;

 protected:
  void paintEvent(QPaintEvent* event) override;

 private:
  struct Entry {
    QColor fill;
    QColor border;
    QString name;
  };
  std::vector<Entry> Entries() const;

  Palette palette_;
};

}  // namespace tsdbsim::gui
