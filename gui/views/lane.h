// Lane: one horizontal band of the lane canvas (lane_canvas.h) — a title
// cell and an axis rect whose key axis is virtual time in seconds, shared
// with every other lane, and whose rows (value 0 at the top) are the
// lane's own: targets, WAL rows, series, chunks_head files, block levels.
// A lane draws a RunModel and nothing else; it keeps its layers and refills
// them on each Update.
#pragma once

#include <qcustomplot.h>

#include <QString>
#include <QStringList>
#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include "gui/model/run_model.h"
#include "gui/views/palette.h"
#include "gui/views/rect_layer.h"

namespace tsdbsim::gui {

class Lane {
 public:
  Lane(QCustomPlot* plot, QCPAxisRect* rect, QString title);
  virtual ~Lane() = default;
  Lane(const Lane&) = delete;
  Lane& operator=(const Lane&) = delete;

  // Refills the layers from the model (no replot).
  virtual void Update(const RunModel& model) = 0;
  // What is under (x seconds, y rows), for the hover tooltip; "" if nothing.
  virtual QString Describe(const QPointF& pixel) const;
  // The series under a pixel, for click-to-follow.
  virtual std::optional<uint64_t> SeriesAt(const QPointF& pixel) const;
  // How tall the lane wants to be, in rows (the canvas shares height by it).
  virtual int Rows() const { return static_cast<int>(std::max<qsizetype>(row_names_.size(), 1)); }

  const QString& title() const { return title_; }
  // A line under the title: counts of what the lane shows now.
  const QString& subtitle() const { return subtitle_; }
  const QStringList& row_names() const { return row_names_; }
  QCPAxisRect* rect() const { return rect_; }
  const std::vector<RectLayer*>& layers() const { return layers_; }
  void set_palette(const Palette& p) { palette_ = p; }
  void set_font(const QFont& f) { font_ = f; }

 protected:
  RectLayer* AddLayer();
  void SetRows(QStringList names);
  // The layer rectangle under the pixel, topmost layer first: {layer, index}.
  std::pair<const RectLayer*, int> Hit(const QPointF& pixel) const;
  static double Seconds(int64_t ms) { return static_cast<double>(ms) / 1000.0; }

  QCustomPlot* plot_;
  QCPAxisRect* rect_;
  QString title_;
  QString subtitle_;
  QStringList row_names_;
  std::vector<RectLayer*> layers_;
  Palette palette_;
  QFont font_;
};

// Short names and formats shared by the lanes.
QString FormatElapsed(int64_t ms);     // 3h27m15s250ms
QString FormatBytes(int64_t bytes);    // 1.0 MiB
QString ShortLabels(const std::string& labels, int max_chars);  // up{instance="node-1:9100"}
QString ValuesOnly(const std::string& labels);                  // up{node-1:9100, node}
QString Count(int64_t n, const char* noun);                     // "1 file", "3 files"
QString Utf8(std::string_view s);

}  // namespace tsdbsim::gui
