// EventLog: the newest trace records as the trace's text lines, newest at
// the top (the events the lanes were just drawn from).
#pragma once

#include <QPlainTextEdit>

#include "gui/model/run_model.h"

namespace tsdbsim::gui {

class EventLog : public QPlainTextEdit {
  Q_OBJECT

 public:
  static constexpr int kLinesShown = 60;
  explicit EventLog(QWidget* parent = nullptr);
  void Update(const RunModel& model);
};

}  // namespace tsdbsim::gui
