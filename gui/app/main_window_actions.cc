// MainWindow's wiring: each action to the controller, the controller's
// changes back to the views.
#include <QFileDialog>
#include <QInputDialog>
#include <QMessageBox>
#include <QSaveFile>
#include <QStatusBar>
#include <QTimer>

#include "gui/app/main_window.h"

namespace tsdbsim::gui {

void MainWindow::Connect() {
  Controller* c = controller_;
  // Views redraw at most once per frame, however often the run changes.
  auto* redraw = new QTimer(this);
  redraw->setSingleShot(true);
  redraw->setInterval(Controller::kFrameMs);
  connect(redraw, &QTimer::timeout, this, &MainWindow::Refresh);
  // Started only when idle: restarting it on every change would starve it while playing.
  connect(c, &Controller::Changed, redraw, [redraw] {
    if (!redraw->isActive()) redraw->start();
  });
  connect(c, &Controller::Failed, this, &MainWindow::ShowError);
  connect(actions_.play, &QAction::triggered, c, [this, c] {
    c->playing() ? c->Pause() : c->Play();
    Refresh();
  });
  connect(actions_.step, &QAction::triggered, c, &Controller::StepOnce);
  connect(actions_.step_back, &QAction::triggered, c, &Controller::StepBack);
  connect(actions_.next_kind, &QAction::triggered, c, [this, c] { c->StepTo(next_kind_->currentText()); });
  connect(actions_.seek_back, &QAction::triggered, c, [c] { c->SeekTo(std::max<int64_t>(0, c->elapsed_ms() - 60'000)); });
  connect(actions_.seek_forward, &QAction::triggered, c, [c] { c->SeekTo(c->elapsed_ms() + 60'000); });
  connect(actions_.run_to_end, &QAction::triggered, c, &Controller::RunToEnd);
  connect(actions_.slower, &QAction::triggered, this, [this] { speed_->setValue(speed_->value() - 3); });
  connect(actions_.faster, &QAction::triggered, this, [this] { speed_->setValue(speed_->value() + 3); });
  connect(speed_, &QSlider::valueChanged, this, &MainWindow::OnSpeedSlider);
  OnSpeedSlider(speed_->value());
  connect(timeline_, &QSlider::valueChanged, this, [this, c](int s) {
    if (!updating_slider_) c->SeekTo(static_cast<int64_t>(s) * 1000);
  });
  connect(actions_.zoom_in, &QAction::triggered, this, [this] { canvas_->ZoomBy(0.5); });
  connect(actions_.zoom_out, &QAction::triggered, this, [this] { canvas_->ZoomBy(2.0); });
  connect(actions_.pan_left, &QAction::triggered, this, [this] { canvas_->PanBy(-0.25); });
  connect(actions_.pan_right, &QAction::triggered, this, [this] { canvas_->PanBy(0.25); });
  connect(actions_.reset_zoom, &QAction::triggered, canvas_, &LaneCanvas::ResetZoom);
  connect(actions_.projector, &QAction::toggled, this, &MainWindow::SetProjectorMode);
  connect(canvas_, &LaneCanvas::SeriesClicked, c, &Controller::Follow);
  connect(actions_.unfollow, &QAction::triggered, c, [c] { c->Follow(std::nullopt); });
  connect(canvas_, &LaneCanvas::Hovered, this, [this](const QString& t) {
    if (!t.isEmpty()) statusBar()->showMessage(QString(t).replace('\n', " · "));
  });
  connect(actions_.help, &QAction::triggered, this, [this] {
    QMessageBox::information(this, "Keyboard shortcuts", ShortcutsHtml(actions_));
  });
  connect(actions_.open, &QAction::triggered, this, &MainWindow::OnOpen);
  connect(actions_.save_fork, &QAction::triggered, this, &MainWindow::OnSaveFork);
  connect(actions_.screenshot, &QAction::triggered, this, &MainWindow::OnScreenshot);
  connect(actions_.quit, &QAction::triggered, this, &QWidget::close);
  connect(scenario_, &QComboBox::currentIndexChanged, this, [this, c](int i) {
    QString error;
    const QString choice = i >= 0 ? scenario_->itemData(i).toString() : QString();
    const bool ok = choice.startsWith("open:") ? c->OpenDataDir(choice.mid(5), &error)
                                               : c->OpenFile(choice, std::nullopt, &error);
    if (!ok) ShowError(error);
    seed_->blockSignals(true);
    seed_->setValue(0);
    seed_->blockSignals(false);
  });
  connect(seed_, &QSpinBox::editingFinished, this, [this, c] {
    QString error;
    const auto seed = seed_->value() == 0 ? std::nullopt : std::optional<uint64_t>(static_cast<uint64_t>(seed_->value()));
    if (!c->OpenFile(c->scenario_file(), seed, &error)) ShowError(error);
  });
  ConnectFaults();
}

void MainWindow::ConnectFaults() {
  connect(actions_.crash, &QAction::triggered, this, [this] { OnFault(FaultButton::kProcessCrash); });
  connect(actions_.power_loss, &QAction::triggered, this, [this] { OnFault(FaultButton::kPowerLoss); });
  connect(actions_.torn, &QAction::triggered, this, [this] { OnFault(FaultButton::kTornWrite); });
  connect(actions_.fsync_error, &QAction::triggered, this, [this] { OnFault(FaultButton::kFsyncError); });
  connect(actions_.enospc, &QAction::triggered, this, [this] { OnFault(FaultButton::kEnospc); });
  connect(actions_.corrupt, &QAction::triggered, this, &MainWindow::OnCorrupt);
  connect(actions_.fork, &QAction::triggered, this, &MainWindow::OnFork);
  connect(actions_.restart, &QAction::triggered, this, [this] {
    QString error;
    if (!controller_->Restart(&error)) ShowError(error);
  });
}

void MainWindow::OnFault(FaultButton button) {
  QString error;
  if (!controller_->Inject(FaultLines(button), &error)) ShowError(error);
}

void MainWindow::OnCorrupt() {
  QStringList files;
  const World& w = controller_->model().world();
  for (const WorldWalSegment& s : w.wal.segments) files << QString("wal/%1").arg(s.number, 8, 10, QChar('0'));
  for (const WorldChunkFile& f : w.chunks_head) files << QString("chunks_head/%1").arg(f.number, 6, 10, QChar('0'));
  if (files.isEmpty()) return ShowError("no WAL segment or chunks_head file to corrupt yet");
  bool ok = false;
  const QString file = QInputDialog::getItem(this, "Corrupt a byte", "File (a bit flips where the restart reads it):",
                                             files, static_cast<int>(files.size()) - 1, false, &ok);
  if (!ok) return;
  QString error;
  if (!controller_->Inject(CorruptLines(file), &error)) ShowError(error);
}

void MainWindow::OnFork() {
  bool ok = false;
  const QString text = QInputDialog::getMultiLineText(
      this, "Fork here", "Scenario lines to continue with from " + FormatElapsed(controller_->elapsed_ms()) + ":",
      "crash power_loss\nrestart\nrun 30m", &ok);
  if (!ok) return;
  QString error;
  if (!controller_->Inject(text.split('\n', Qt::SkipEmptyParts), &error)) return ShowError(error);
  if (QMessageBox::question(this, "Fork here", "Save the fork as a scenario file?") == QMessageBox::Yes) OnSaveFork();
}

void MainWindow::OnSaveFork() {
  const QString path = QFileDialog::getSaveFileName(this, "Save fork as", "fork.tsdbsim", "Scenarios (*.tsdbsim)");
  if (path.isEmpty()) return;
  QSaveFile out(path);
  if (!out.open(QIODevice::WriteOnly) || out.write(controller_->scenario_text().toUtf8()) < 0 || !out.commit()) {
    ShowError(path + ": " + out.errorString());
  }
}

void MainWindow::OnOpen() {
  const QString path = QFileDialog::getOpenFileName(this, "Open scenario", QString(), "Scenarios (*.tsdbsim)");
  if (path.isEmpty()) return;
  QString error;
  if (!controller_->OpenFile(path, std::nullopt, &error)) ShowError(error);
}

void MainWindow::OnScreenshot() {
  const QString path = QFileDialog::getSaveFileName(this, "Save screenshot", "tsdbsim.png", "PNG (*.png)");
  if (!path.isEmpty() && !grab().save(path)) ShowError(path + ": could not write");
}

}  // namespace tsdbsim::gui
