// Controller: faults, corruption and restart, each a fork of the run.
#include "gui/control/controller.h"

#include <algorithm>

namespace tsdbsim::gui {

QStringList FaultLines(FaultButton button) {
  switch (button) {
    case FaultButton::kProcessCrash:
      return {"crash process"};
    case FaultButton::kPowerLoss:
      return {"crash power_loss"};
    case FaultButton::kTornWrite:
      return {"crash torn"};
    case FaultButton::kFsyncError:
      return {"fault fsync_fail times=1", "run 30m"};
    case FaultButton::kEnospc:
      return {"fault enospc free=64KiB", "run 30m"};
  }
  return {};
}

QStringList CorruptLines(const QString& file) {
  return {"crash process", "fault bit_flip on=read,map path=*/" + file + " times=1", "restart", "run 30m"};
}

bool Controller::Inject(const QStringList& lines, QString* error) {
  if (session_ == nullptr) return false;
  FinishAnimation();
  Pause();
  std::vector<std::string> text;
  for (const QString& l : lines) text.push_back(l.toStdString());
  auto fork = session_->Fork(text);
  if (!fork.ok()) {
    *error = QString::fromStdString(fork.status().ToString());
    return false;
  }
  // The fork has run to here already; keep the plot history of the run so far.
  std::vector<PlotPoint> plot = model_.plot();
  const int64_t reached = session_->elapsed_ms();
  if (!Adopt(std::move(fork), error)) return false;
  model_.RestorePlot(std::move(plot));
  reached_ms_ = reached;
  forked_ = true;
  // Run the first new line now: the crash (or fault) happens on the click.
  const size_t before = session_->trace().size();
  if (!Check(session_->RunLine())) return false;
  AfterMove(before);
  return true;
}

bool Controller::Restart(QString* error) {
  if (session_ != nullptr && session_->TakeWorld().replay.opens == 0) {
    // Nothing has started yet (a directory just opened): the first start is the replay.
    FinishAnimation();
    const size_t before = session_->trace().size();
    if (!Check(session_->StepTo("replay").status())) return false;  // the whole open is one task
    AfterMove(before);
    return true;
  }
  return Inject({"restart", "run 1h"}, error);
}

}  // namespace tsdbsim::gui
