// MainWindow: composes the controls, the timeline slider, the lane canvas,
// the plots and the event log around one Controller, and redraws the views
// when it changes. Drawing is the views'; driving is the controller's.
#pragma once

#include <QComboBox>
#include <QLabel>
#include <QMainWindow>
#include <QSlider>
#include <QSpinBox>
#include <QSplitter>

#include "gui/app/actions.h"
#include "gui/control/controller.h"
#include "gui/views/event_log.h"
#include "gui/views/lane_canvas.h"
#include "gui/views/legend_bar.h"
#include "gui/views/plots_view.h"

namespace tsdbsim::gui {

class MainWindow : public QMainWindow {
  Q_OBJECT

 public:
  explicit MainWindow(Controller* controller, QWidget* parent = nullptr);

  // Redraws every view now (the controller's Changed() does it on a timer).
  void Refresh();
  void SetProjectorMode(bool on);
  // The scenarios offered in the picker (the repository's, or installed).
  void SetScenarioChoices(const QStringList& paths);

  LaneCanvas* canvas() const { return canvas_; }
  PlotsView* plots() const { return plots_; }
  EventLog* event_log() const { return log_; }
  QSlider* timeline() const { return timeline_; }
  const Actions& actions() const { return actions_; }
  QLabel* time_label() const { return time_label_; }
  LegendBar* legend() const { return legend_; }

 private:
  QWidget* BuildToolbar();
  QWidget* BuildRunBar();
  void BuildMenus();
  void Connect();
  void ConnectFaults();
  void OnFault(FaultButton button);
  void OnCorrupt();
  void OnFork();
  void OnSaveFork();
  void OnOpen();
  void OnScreenshot();
  void OnSpeedSlider(int position);
  void ShowError(const QString& message);

  Controller* controller_;
  Actions actions_;
  LaneCanvas* canvas_;
  PlotsView* plots_;
  EventLog* log_;
  LegendBar* legend_;
  QSplitter* bottom_;
  QSlider* timeline_;
  QSlider* speed_;
  QLabel* speed_label_;
  QLabel* time_label_;
  QLabel* timeline_end_;
  QComboBox* next_kind_;
  QComboBox* scenario_;
  QSpinBox* seed_;
  bool updating_slider_ = false;
};

}  // namespace tsdbsim::gui
