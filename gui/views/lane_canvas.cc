#include "gui/views/lane_canvas.h"

#include <QToolTip>

#include "gui/views/lanes.h"

namespace tsdbsim::gui {

namespace {

constexpr double kMinSpanS = 60.0;  // the first minute of a run still gets a readable axis
constexpr int kTitleWidthPx = 230;

}  // namespace

LaneCanvas::LaneCanvas(QWidget* parent) : QCustomPlot(parent) {
  palette_ = NormalPalette();
  setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
  setMouseTracking(true);
  setNoAntialiasingOnDrag(true);
  Build();
  connect(this, &QCustomPlot::mouseMove, this, &LaneCanvas::OnMouseMove);
  connect(this, &QCustomPlot::mousePress, this, &LaneCanvas::OnMousePress);
}

LaneCanvas::~LaneCanvas() = default;

void LaneCanvas::Build() {
  plotLayout()->clear();
  auto* margins = new QCPMarginGroup(this);
  const auto add = [&]<class T>(std::type_identity<T>) {
    const int row = static_cast<int>(lanes_.size());
    auto* rect = new QCPAxisRect(this);
    auto* title = new LaneTitle(this, kTitleWidthPx);
    plotLayout()->addElement(row, 0, title);
    plotLayout()->addElement(row, 1, rect);
    rect->setMarginGroup(QCP::msLeft | QCP::msRight, margins);
    rect->setRangeDrag(Qt::Horizontal);
    rect->setRangeZoom(Qt::Horizontal);
    rect->setAutoMargins(QCP::msLeft | QCP::msBottom);
    rect->setMargins(QMargins(0, 2, 12, 0));
    QCPAxis* time = rect->axis(QCPAxis::atBottom);
    auto ticker = QSharedPointer<QCPAxisTickerTime>(new QCPAxisTickerTime);
    ticker->setTimeFormat("%h:%m:%s");
    time->setTicker(ticker);
    connect(time, qOverload<const QCPRange&>(&QCPAxis::rangeChanged), this, &LaneCanvas::OnRangeChanged);
    auto* line = new QCPItemLine(this);
    line->setClipAxisRect(rect);
    for (QCPItemPosition* p : {line->start, line->end}) {
      p->setAxisRect(rect);
      p->setAxes(time, rect->axis(QCPAxis::atLeft));
      p->setTypeX(QCPItemPosition::ptPlotCoords);
      p->setTypeY(QCPItemPosition::ptAxisRectRatio);
    }
    line->start->setCoords(0, 0);
    line->end->setCoords(0, 1);
    titles_.push_back(title);
    now_lines_.push_back(line);
    lanes_.push_back(std::make_unique<T>(this, rect));
  };
  add(std::type_identity<ScrapeLane>{});
  add(std::type_identity<FanoutLane>{});
  add(std::type_identity<WalLane>{});
  add(std::type_identity<HeadLane>{});
  add(std::type_identity<MmapLane>{});
  add(std::type_identity<BlocksLane>{});
  add(std::type_identity<ReplayLane>{});
  plotLayout()->setColumnStretchFactor(0, 0.001);
  plotLayout()->setColumnStretchFactor(1, 1);
  plotLayout()->setRowSpacing(0);
  SetPalette(palette_);
  ResetZoom();
}

void LaneCanvas::SetPalette(const Palette& palette) {
  palette_ = palette;
  for (auto& l : lanes_) l->set_palette(palette);
  for (QCPItemLine* line : now_lines_) line->setPen(QPen(palette.now, 2 * palette.border_px));
  ApplyFonts();
}

void LaneCanvas::ApplyFonts() {
  QFont base = font();
  base.setPointSize(palette_.base_point_size);
  for (size_t i = 0; i < lanes_.size(); i++) {
    QCPAxisRect* rect = lanes_[i]->rect();
    for (QCPAxis* axis : rect->axes()) {
      axis->setTickLabelFont(base);
      axis->setTickLabelColor(palette_.text);
      axis->setBasePen(QPen(palette_.muted, palette_.border_px));
      axis->setTickPen(QPen(palette_.muted, palette_.border_px));
    }
    const bool last = i + 1 == lanes_.size();
    rect->axis(QCPAxis::atBottom)->setTickLabels(last);
    rect->axis(QCPAxis::atBottom)->grid()->setPen(QPen(QColor(0xDD, 0xDD, 0xDD), 1, Qt::DotLine));
    for (RectLayer* layer : lanes_[i]->layers()) {
      layer->set_label_color(palette_.text);
      layer->set_label_font(base);
    }
    lanes_[i]->set_font(base);
    titles_[i]->SetPalette(palette_, base);
  }
}

void LaneCanvas::Update(const RunModel& model) {
  now_s_ = static_cast<double>(model.now_ms()) / 1000.0;
  for (size_t i = 0; i < lanes_.size(); i++) {
    Lane& lane = *lanes_[i];
    lane.Update(model);
    titles_[i]->SetText(lane.title(), lane.subtitle());
    now_lines_[i]->start->setCoords(now_s_, 0);
    now_lines_[i]->end->setCoords(now_s_, 1);
  }
  // Each lane's height follows its rows, with room for its two-line title.
  for (size_t i = 0; i < lanes_.size(); i++) {
    plotLayout()->setRowStretchFactor(static_cast<int>(i), std::max(lanes_[i]->Rows(), 2) + 0.6);
  }
  if (!user_zoomed_) {
    syncing_ = true;
    const double upper = std::max(now_s_ * 1.04, kMinSpanS);
    for (auto& l : lanes_) l->rect()->axis(QCPAxis::atBottom)->setRange(0, upper);
    syncing_ = false;
  }
}

void LaneCanvas::OnRangeChanged(const QCPRange& range) {
  if (syncing_) return;
  syncing_ = true;
  user_zoomed_ = true;
  for (auto& l : lanes_) l->rect()->axis(QCPAxis::atBottom)->setRange(range);
  syncing_ = false;
}

void LaneCanvas::ResetZoom() {
  user_zoomed_ = false;
  syncing_ = true;
  for (auto& l : lanes_) l->rect()->axis(QCPAxis::atBottom)->setRange(0, std::max(now_s_ * 1.04, kMinSpanS));
  syncing_ = false;
  replot(rpQueuedReplot);
}

void LaneCanvas::ZoomBy(double factor) {
  QCPAxis* axis = lanes_.front()->rect()->axis(QCPAxis::atBottom);
  axis->scaleRange(factor, std::clamp(now_s_, axis->range().lower, axis->range().upper));
  replot(rpQueuedReplot);
}

void LaneCanvas::PanBy(double fraction) {
  QCPAxis* axis = lanes_.front()->rect()->axis(QCPAxis::atBottom);
  axis->moveRange(axis->range().size() * fraction);
  replot(rpQueuedReplot);
}

QCPRange LaneCanvas::time_range_s() const { return lanes_.front()->rect()->axis(QCPAxis::atBottom)->range(); }

Lane* LaneCanvas::LaneAt(const QPoint& pos) const {
  for (const auto& l : lanes_) {
    if (l->rect()->rect().contains(pos)) return l.get();
  }
  return nullptr;
}

QString LaneCanvas::DescribeAt(const QPoint& pos) const {
  const Lane* lane = LaneAt(pos);
  return lane == nullptr ? QString() : lane->Describe(pos);
}

void LaneCanvas::OnMouseMove(QMouseEvent* event) {
  const QString text = DescribeAt(event->pos());
  if (text.isEmpty()) {
    QToolTip::hideText();
  } else {
    QToolTip::showText(event->globalPosition().toPoint(), text, this);
  }
  emit Hovered(text);
}

void LaneCanvas::OnMousePress(QMouseEvent* event) {
  if (event->button() != Qt::LeftButton) return;
  const Lane* lane = LaneAt(event->pos());
  if (lane == nullptr) return;
  if (auto ref = lane->SeriesAt(event->pos())) emit SeriesClicked(ref);
}

}  // namespace tsdbsim::gui
