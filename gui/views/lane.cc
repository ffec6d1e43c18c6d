#include "gui/views/lane.h"

#include <cmath>

#include "sim/shrink/scenario_writer.h"
#include "sim/step/world_fold.h"

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

namespace {
constexpr int kMaxRowLabels = 10;
}  // namespace

void Lane::SetRows(QStringList names) {
  if (names == row_names_) return;
  row_names_ = std::move(names);
  QCPAxis* rows = rect_->axis(QCPAxis::atLeft);
  auto ticker = qSharedPointerCast<QCPAxisTickerText>(rows->ticker());
  ticker->clear();
  // Dozens of rows (a week's chunks_head files) would print labels on top of
  // each other: then only every step-th row and the last one are named.
  const int n = static_cast<int>(row_names_.size());
  const int step = (n + kMaxRowLabels - 1) / kMaxRowLabels;
  for (int i = 0; i < n; i++) {
    if (i % step == 0 || i == n - 1) ticker->addTick(i + 0.5, row_names_[i]);
  }
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
  // The scenario language's durations (9h59m46s871ms), as `tsdbsim snapshot` prints them.
  return QString::fromStdString(ms < 0 ? "-" + FormatDurationMs(-ms) : FormatDurationMs(ms));
}

QString Count(int64_t n, const char* noun) {
  return QString("%1 %2%3").arg(n).arg(noun).arg(n == 1 ? "" : "s");
}

QString FormatBytes(int64_t bytes) {
  if (bytes < 1024) return QString::number(bytes) + " B";
  if (bytes < 1024 * 1024) return QString::number(static_cast<double>(bytes) / 1024.0, 'f', 1) + " KiB";
  return QString::number(static_cast<double>(bytes) / (1024.0 * 1024.0), 'f', 1) + " MiB";
}

QString ValuesOnly(const std::string& text) {
  // {__name__="up", instance="a", job="b"} -> up{a, b}: what a row label has room for.
  const auto labels = LabelsFromText(text);
  if (!labels) return QString::fromStdString(text);
  QStringList values;
  for (const tsdb::Label& l : *labels) {
    if (l.name != "__name__") values << Utf8(l.value);
  }
  return Utf8(labels->Get("__name__")) + "{" + values.join(", ") + "}";
}

QString ShortLabels(const std::string& text, int max_chars) {
  // {__name__="up", instance="a", job="b"} -> up{instance="a", job="b"}
  const auto labels = LabelsFromText(text);
  QString out = QString::fromStdString(text);
  if (labels) {
    QStringList pairs;
    for (const tsdb::Label& l : *labels) {
      if (l.name != "__name__") pairs << Utf8(l.name) + "=\"" + Utf8(l.value) + "\"";
    }
    out = Utf8(labels->Get("__name__")) + "{" + pairs.join(", ") + "}";
  }
  if (out.size() > max_chars) out = out.left(max_chars - 1) + QChar(0x2026);
  return out;
}

QString Utf8(std::string_view s) { return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size())); }

}  // namespace tsdbsim::gui
