#include "gui/views/event_log.h"

#include "sim/trace/trace_text.h"

namespace tsdbsim::gui {

EventLog::EventLog(QWidget* parent) : QPlainTextEdit(parent) {
  setReadOnly(true);
  setLineWrapMode(QPlainTextEdit::NoWrap);
  QFont mono("DejaVu Sans Mono");
  mono.setStyleHint(QFont::Monospace);
  setFont(mono);
}

void EventLog::Update(const RunModel& model) {
  QString text;
  int n = 0;
  const auto& events = model.events();
  for (auto it = events.rbegin(); it != events.rend() && n < kLinesShown; ++it, ++n) {
    // The trace's line without its first column (Unix ms): elapsed time leads.
    const std::string line = FormatTraceLine(*it, model.clock_epoch_ms());
    const size_t from = line.find_first_not_of(' ', line.find(' '));
    text += QString::fromStdString(from == std::string::npos ? line : line.substr(from)) + "\n";
  }
  if (text != toPlainText()) setPlainText(text);
}

}  // namespace tsdbsim::gui
