// Controller: stepping, stepping back and seeking.
#include "gui/control/controller.h"

#include <algorithm>

namespace tsdbsim::gui {

void Controller::RememberPosition() {
  back_.push_back(session_->position());
  if (back_.size() > 10'000) back_.erase(back_.begin(), back_.begin() + 1'000);
}

void Controller::StepOnce() {
  if (session_ == nullptr || session_->done()) return;
  FinishAnimation();
  RememberPosition();
  const size_t before = session_->trace().size();
  if (Check(session_->Step().status())) AfterMove(before);
}

void Controller::StepTo(const QString& kind) {
  if (session_ == nullptr || session_->done()) return;
  const std::string k = kind.toStdString();
  if (!IsEventKind(k)) return (void)Check(tsdb::Status::InvalidArgument("unknown event kind \"" + k + "\""));
  FinishAnimation();
  RememberPosition();
  const size_t before = session_->trace().size();
  // Step by step rather than Session::StepTo, so the plots get their points
  // on the way (a compaction can be hours ahead).
  while (!session_->done()) {
    auto records = session_->Step();
    if (!Check(records.status())) return;
    if (std::any_of(records->begin(), records->end(), [&](const TraceRecord& r) { return MatchesEventKind(r, k); })) break;
    SamplePlotIfDue();
  }
  AfterMove(before);
}

void Controller::SamplePlotIfDue() {
  if (session_->elapsed_ms() - last_plot_ms_ < kPlotSpacingMs) return;
  model_.Sync(session_->trace().records(), session_->TakeWorld());
  model_.SamplePlot();
  last_plot_ms_ = session_->elapsed_ms();
}

void Controller::StepBack() {
  if (session_ == nullptr) return;
  FinishAnimation();
  SessionPosition to{};
  if (!back_.empty()) {
    to = back_.back();
    back_.pop_back();
  } else if (session_->position().tasks > 0) {
    to = {.tasks = session_->position().tasks - 1, .elapsed_ms = 0};
  } else {
    return;
  }
  if (Check(session_->SeekTo(to))) AfterMove(session_->trace().size());
}

void Controller::SeekTo(int64_t elapsed_ms) {
  if (session_ == nullptr) return;
  FinishAnimation();
  back_.clear();
  const size_t before = session_->trace().size();
  if (elapsed_ms < session_->elapsed_ms()) {
    if (Check(session_->Seek(elapsed_ms))) AfterMove(session_->trace().size());
    return;
  }
  // Forward in plot-spacing strides, so the plots have their points.
  while (!session_->done() && session_->elapsed_ms() < elapsed_ms) {
    const int64_t at = session_->elapsed_ms();
    if (!Check(session_->Seek(std::min(elapsed_ms, at + kPlotSpacingMs)))) return;
    if (session_->elapsed_ms() == at) break;  // a step waits at this time
    SamplePlotIfDue();
  }
  AfterMove(before);
  FinishAnimation();
}

void Controller::RunToEnd() {
  if (session_ == nullptr) return;
  SeekTo(INT64_MAX / 4);
  const size_t before = session_->trace().size();
  if (Check(session_->RunToEnd())) AfterMove(before);
  FinishAnimation();
}

}  // namespace tsdbsim::gui
