#include "gui/views/plots_view.h"

#include <QHBoxLayout>

#include "gui/views/compact_ticker.h"

namespace tsdbsim::gui {

PlotsView::PlotsView(QWidget* parent) : QWidget(parent) {
  auto* layout = new QHBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  for (const char* title : {"head series", "head samples", "bytes: open, mmapped - -", "WAL size",
                            "replay: % of WAL bytes"}) {
    QCustomPlot* plot = AddPlot(title);
    // Equal shares of the row whatever the titles' lengths.
    plot->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Expanding);
    layout->addWidget(plot, 1);
  }
  plots_[2]->addGraph();  // mmapped, beside the open chunks' graph
  SetPalette(NormalPalette());
}

QCustomPlot* PlotsView::AddPlot(const QString& title) {
  auto* plot = new QCustomPlot(this);
  plot->setMinimumSize(120, 120);
  plot->plotLayout()->insertRow(0);
  plot->plotLayout()->addElement(0, 0, new QCPTextElement(plot, title));
  plot->addGraph();
  plots_.push_back(plot);
  return plot;
}

void PlotsView::SetPalette(const Palette& palette) {
  palette_ = palette;
  const std::array<QColor, 5> colors = {palette.head, palette.sample, palette.head, palette.wal, palette.checkpoint};
  QFont font = this->font();
  font.setPointSize(std::max(7, palette.base_point_size - 3));
  for (size_t i = 0; i < plots_.size(); i++) {
    QCustomPlot* plot = plots_[i];
    plot->graph(0)->setPen(QPen(colors[i], 2 * palette.border_px));
    if (auto* title = qobject_cast<QCPTextElement*>(plot->plotLayout()->element(0, 0))) {
      QFont bold = font;
      bold.setBold(true);
      title->setFont(bold);
      title->setTextColor(palette.text);
    }
    for (QCPAxis* axis : plot->axisRect()->axes()) {
      axis->setTickLabelFont(font);
      axis->setTickLabelColor(palette.text);
    }
  }
  // Told apart by the dash as well as the colour (the title says which).
  plots_[2]->graph(1)->setPen(QPen(palette.mmapped, 2 * palette.border_px, Qt::DashLine));
  auto time = QSharedPointer<QCPAxisTickerTime>(new QCPAxisTickerTime);
  time->setTimeFormat("%h:%m");
  time->setTickCount(2);  // the plots are narrow: two time labels that never touch
  for (size_t i = 0; i < 4; i++) plots_[i]->xAxis->setTicker(time);
  for (size_t i = 0; i < 4; i++) {
    auto ticker = QSharedPointer<CompactTicker>(new CompactTicker(i >= 2));
    ticker->setTickCount(palette.base_point_size > 12 ? 2 : 4);
    plots_[i]->yAxis->setTicker(ticker);
  }
}

void PlotsView::Update(const RunModel& model) {
  QVector<double> t, series, samples, open_bytes, mmapped, wal;
  for (const PlotPoint& p : model.plot()) {
    t << static_cast<double>(p.t_ms) / 1000.0;
    series << static_cast<double>(p.head_series);
    samples << static_cast<double>(p.head_samples);
    open_bytes << static_cast<double>(p.open_chunk_bytes);
    mmapped << static_cast<double>(p.mmapped_bytes);
    wal << static_cast<double>(p.wal_bytes);
  }
  plots_[0]->graph(0)->setData(t, series, true);
  plots_[1]->graph(0)->setData(t, samples, true);
  plots_[2]->graph(0)->setData(t, open_bytes, true);
  plots_[2]->graph(1)->setData(t, mmapped, true);
  plots_[3]->graph(0)->setData(t, wal, true);
  QVector<double> records, percent;
  // A start on an empty directory read nothing: no curve for it.
  if (!model.lanes().replays.empty() && (model.lanes().replays.back().records > 0 || model.lanes().replays.back().chunks_loaded > 0)) {
    for (const auto& [fraction, samples_done] : model.lanes().replays.back().curve) {
      records << static_cast<double>(records.size());
      percent << fraction * 100.0;
    }
  }
  plots_[4]->graph(0)->setData(records, percent, true);
  plots_[4]->xAxis->setLabel("WAL pages read");
  for (QCustomPlot* plot : plots_) {
    plot->rescaleAxes();
    plot->yAxis->setRangeLower(0);
  }
  plots_[4]->yAxis->setRange(0, 105);
  // At once, not queued: a screenshot taken right after shows these points.
  for (QCustomPlot* plot : plots_) plot->replot();
}

}  // namespace tsdbsim::gui
