#include "gui/views/lane.h"

#include <QRegularExpression>
#include <cmath>

namespace tsdbsim::gui {

Lane::Lane(QCustomPlot* plot, QCPAxisRect* rect, QString title)
    : plot_(plot), rect_(rect), title_(std::move(title)) {
  QCPAxis* rows = rect_->axis(QCPAxis::atLeft);
  rows->setRangeReversed(true);
  rows->grid()->setVisible(false);
  rows->setTicker(QSharedPointer<QCPAxisTickerText>(new QCPAxisTickerText));
  rows->setSubTicks(false);
  rows->setTickLength(0, 0);
  rows->setRange(0, 1);
}

RectLayer* Lane::AddLayer() {
  auto* layer = new RectLayer(rect_->axis(QCPAxis::atBottom), rect_->axis(QCPAxis::atLeft));
  layers_.push_back(layer);
  return layer;
}

void Lane::SetRows(QStringList names) {
  if (names == row_names_) return;
  row_names_ = std::move(names);
  QCPAxis* rows = rect_->axis(QCPAxis::atLeft);
  auto ticker = qSharedPointerCast<QCPAxisTickerText>(rows->ticker());
  ticker->clear();
  for (int i = 0; i < static_cast<int>(row_names_.size()); i++) ticker->addTick(i + 0.5, row_names_[i]);
  rows->setRange(0, static_cast<double>(std::max<qsizetype>(row_names_.size(), 1)));
}

std::pair<const RectLayer*, int> Lane::Hit(const QPointF& pixel) const {
  for (auto it = layers_.rbegin(); it != layers_.rend(); ++it) {
    const int i = (*it)->HitTest(pixel);
    if (i >= 0) return {*it, i};
  }
  return {nullptr, -1};
}

QString Lane::Describe(const QPointF& pixel) const {
  auto [layer, i] = Hit(pixel);
  if (layer == nullptr) return {};
  const RectSpec& r = layer->rects()[static_cast<size_t>(i)];
  return r.detail.isEmpty() ? r.label : r.detail;
}

std::optional<uint64_t> Lane::SeriesAt(const QPointF&) const { return std::nullopt; }

QString FormatElapsed(int64_t ms) {
  const bool negative = ms < 0;
  if (negative) ms = -ms;
  const int64_t h = ms / 3'600'000, m = ms / 60'000 % 60, s = ms / 1000 % 60, rest = ms % 1000;
  QString out = negative ? "-" : "";
  if (h > 0) out += QString::number(h) + "h";
  if (h > 0 || m > 0) out += QString::number(m) + "m";
  out += QString::number(s);
  if (rest != 0) out += QString(".%1").arg(rest, 3, 10, QChar('0'));
  return out + "s";
}

QString Count(int64_t n, const char* noun) {
  return QString("%1 %2%3").arg(n).arg(noun).arg(n == 1 ? "" : "s");
}

QString FormatBytes(int64_t bytes) {
  if (bytes < 1024) return QString::number(bytes) + " B";
  if (bytes < 1024 * 1024) return QString::number(static_cast<double>(bytes) / 1024.0, 'f', 1) + " KiB";
  return QString::number(static_cast<double>(bytes) / (1024.0 * 1024.0), 'f', 1) + " MiB";
}

QString ValuesOnly(const std::string& labels) {
  // {__name__="up", instance="a", job="b"} -> up{a, b}: what a row label has room for.
  static const QRegularExpression pair("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");
  QString name;
  QStringList values;
  for (const auto& m : pair.globalMatch(QString::fromStdString(labels))) {
    if (m.captured(1) == "__name__") name = m.captured(2);
    else values << m.captured(2);
  }
  return name + "{" + values.join(", ") + "}";
}

QString ShortLabels(const std::string& labels, int max_chars) {
  // {__name__="up", instance="a", job="b"} -> up{instance="a", job="b"}
  QString text = QString::fromStdString(labels);
  static const QString kName = "{__name__=\"";
  if (text.startsWith(kName)) {
    const qsizetype end = text.indexOf('"', kName.size());
    if (end > 0) {
      QString name = text.mid(kName.size(), end - kName.size());
      QString rest = text.mid(end + 1);
      if (rest.startsWith(", ")) rest = "{" + rest.mid(2);
      else if (rest == "}") rest = "";
      text = name + rest;
    }
  }
  if (text.size() > max_chars) text = text.left(max_chars - 1) + QChar(0x2026);
  return text;
}

}  // namespace tsdbsim::gui
