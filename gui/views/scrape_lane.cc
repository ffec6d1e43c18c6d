#include "gui/views/lanes.h"
#include "sim/step/world_fold.h"

namespace tsdbsim::gui {

namespace {

// job/instance out of a target's labels, the way a class names a target.
QString TargetName(const std::string& text) {
  const auto labels = LabelsFromText(text);
  if (!labels || (!labels->Has("job") && !labels->Has("instance"))) return ShortLabels(text, 24);
  return Utf8(labels->Get("job")) + " " + Utf8(labels->Get("instance"));
}

}  // namespace

ScrapeLane::ScrapeLane(QCustomPlot* plot, QCPAxisRect* rect) : Lane(plot, rect, "scrape") {
  ticks_ = AddLayer();
  ticks_->set_min_width_px(1.5);
}

void ScrapeLane::Update(const RunModel& model) {
  model_ = &model;
  const LaneItems& items = model.lanes();
  QStringList rows;
  for (const std::string& t : items.targets) rows << TargetName(t);
  SetRows(rows);
  auto& rects = ticks_->rects();
  rects.clear();
  rects.reserve(items.scrapes.size());
  int up_now = 0;
  std::vector<int> last_up(items.targets.size(), 1);
  for (size_t i = 0; i < items.scrapes.size(); i++) {
    const ScrapeItem& s = items.scrapes[i];
    const double t = Seconds(s.t_ms);
    rects.push_back({.x0 = t, .x1 = t + 0.5, .y0 = s.target + 0.15, .y1 = s.target + 0.85,
                     .fill = s.up ? palette_.sample : palette_.failure, .id = static_cast<int>(i)});
    last_up[static_cast<size_t>(s.target)] = s.up ? 1 : 0;
  }
  for (int u : last_up) up_now += u;
  subtitle_ = QString("%1 targets · up=%2 · %3 scrapes").arg(items.targets.size()).arg(up_now).arg(items.scrapes.size());
}

QString ScrapeLane::Describe(const QPointF& pixel) const {
  auto [layer, i] = Hit(pixel);
  if (layer == nullptr || model_ == nullptr) return {};
  const ScrapeItem& s = model_->lanes().scrapes[static_cast<size_t>(layer->rects()[static_cast<size_t>(i)].id)];
  QString text = QString("scrape at %1\n%2\n%3 samples, up=%4")
                     .arg(FormatElapsed(s.t_ms))
                     .arg(QString::fromStdString(model_->lanes().targets[static_cast<size_t>(s.target)]))
                     .arg(s.samples)
                     .arg(s.up ? 1 : 0);
  if (!s.up) text += "\n" + QString::fromStdString(s.error);
  return text;
}

}  // namespace tsdbsim::gui
