#include "gui/app/main_window.h"

#include <QFileInfo>
#include <QHBoxLayout>
#include <QMenuBar>
#include <QSplitter>
#include <QStatusBar>
#include <QToolButton>
#include <QVBoxLayout>
#include <cmath>

namespace tsdbsim::gui {

namespace {

QToolButton* Button(QAction* action, QWidget* parent) {
  auto* b = new QToolButton(parent);
  b->setDefaultAction(action);
  b->setToolButtonStyle(Qt::ToolButtonTextOnly);
  return b;
}

}  // namespace

MainWindow::MainWindow(Controller* controller, QWidget* parent)
    : QMainWindow(parent), controller_(controller), actions_(MakeActions(this)) {
  setWindowTitle("tsdbsim");
  auto* central = new QWidget(this);
  auto* layout = new QVBoxLayout(central);
  layout->setContentsMargins(6, 6, 6, 6);
  layout->addWidget(BuildToolbar());
  layout->addWidget(BuildRunBar());
  auto* timeline_row = new QHBoxLayout;
  timeline_ = new QSlider(Qt::Horizontal, central);
  timeline_->setToolTip("Seek anywhere already simulated");
  timeline_end_ = new QLabel(central);
  timeline_end_->setMinimumWidth(130);
  timeline_row->addWidget(new QLabel("timeline", central));
  timeline_row->addWidget(timeline_, 1);
  timeline_row->addWidget(timeline_end_);
  layout->addLayout(timeline_row);
  legend_ = new LegendBar(central);
  layout->addWidget(legend_);
  auto* split = new QSplitter(Qt::Vertical, central);
  canvas_ = new LaneCanvas(split);
  bottom_ = new QSplitter(Qt::Horizontal, split);
  plots_ = new PlotsView(bottom_);
  log_ = new EventLog(bottom_);
  bottom_->setStretchFactor(0, 3);
  bottom_->setStretchFactor(1, 2);
  split->setStretchFactor(0, 4);
  split->setStretchFactor(1, 1);
  layout->addWidget(split, 1);
  setCentralWidget(central);
  BuildMenus();
  Connect();
  for (QAction* a : actions_.all) addAction(a);  // shortcuts work without the menus open
  SetProjectorMode(false);
}

QWidget* MainWindow::BuildToolbar() {
  auto* bar = new QWidget(this);
  auto* row = new QHBoxLayout(bar);
  row->setContentsMargins(0, 0, 0, 0);
  row->addWidget(Button(actions_.step_back, bar));
  row->addWidget(Button(actions_.play, bar));
  row->addWidget(Button(actions_.step, bar));
  next_kind_ = new QComboBox(bar);
  for (const char* kind : {"chunk_cut", "mmap", "compaction", "checkpoint", "wal_segment", "fsync", "scrape", "commit",
                           "crash", "restart", "replay_segment", "fault"}) {
    next_kind_->addItem(kind);
  }
  next_kind_->setToolTip("The kind of event ▶▶ next runs to");
  row->addWidget(Button(actions_.next_kind, bar));
  row->addWidget(next_kind_);
  row->addStretch(1);
  auto* faults = new QToolButton(bar);
  faults->setText("⚡ fault");
  faults->setPopupMode(QToolButton::InstantPopup);
  for (QAction* a : {actions_.crash, actions_.power_loss, actions_.torn, actions_.fsync_error, actions_.enospc,
                     actions_.corrupt}) {
    faults->addAction(a);
  }
  row->addWidget(faults);
  row->addWidget(Button(actions_.restart, bar));
  row->addWidget(Button(actions_.fork, bar));
  row->addStretch(1);
  time_label_ = new QLabel(bar);
  QFont mono("DejaVu Sans Mono");
  mono.setBold(true);
  time_label_->setFont(mono);
  row->addWidget(time_label_);
  return bar;
}

QWidget* MainWindow::BuildRunBar() {
  // The second row: what runs (scenario, seed) and how fast; a projector's
  // large font needs the room.
  auto* bar = new QWidget(this);
  auto* row = new QHBoxLayout(bar);
  row->setContentsMargins(0, 0, 0, 0);
  scenario_ = new QComboBox(bar);
  scenario_->setToolTip("Scenario");
  seed_ = new QSpinBox(bar);
  seed_->setRange(0, 2'000'000'000);
  seed_->setPrefix("seed ");
  seed_->setToolTip("Seed (0: the scenario's own); changing it reopens the scenario");
  speed_ = new QSlider(Qt::Horizontal, bar);
  speed_->setRange(0, 70);  // 10^((p-30)/10): 1/1000x .. ~8000x, and flat out at the end
  speed_->setValue(48);
  speed_->setMinimumWidth(140);
  speed_->setToolTip("Speed: 1/1000x real time to flat out");
  speed_label_ = new QLabel(bar);
  speed_label_->setMinimumWidth(90);
  row->addWidget(new QLabel("scenario", bar));
  row->addWidget(scenario_);
  row->addWidget(seed_);
  row->addSpacing(12);
  row->addWidget(new QLabel("speed", bar));
  row->addWidget(speed_);
  row->addWidget(speed_label_);
  row->addStretch(1);
  return bar;
}

void MainWindow::BuildMenus() {
  QMenu* file = menuBar()->addMenu("&File");
  file->addActions({actions_.open, actions_.save_fork, actions_.screenshot, actions_.quit});
  QMenu* run = menuBar()->addMenu("&Run");
  run->addActions({actions_.play, actions_.step, actions_.step_back, actions_.next_kind, actions_.seek_back,
                   actions_.seek_forward, actions_.run_to_end, actions_.slower, actions_.faster});
  QMenu* faults = menuBar()->addMenu("F&aults");
  faults->addActions({actions_.crash, actions_.power_loss, actions_.torn, actions_.fsync_error, actions_.enospc,
                      actions_.corrupt, actions_.restart, actions_.fork});
  QMenu* view = menuBar()->addMenu("&View");
  view->addActions({actions_.zoom_in, actions_.zoom_out, actions_.pan_left, actions_.pan_right, actions_.reset_zoom,
                    actions_.unfollow, actions_.projector});
  QMenu* help = menuBar()->addMenu("&Help");
  help->addAction(actions_.help);
}

void MainWindow::SetScenarioChoices(const QStringList& paths) {
  scenario_->blockSignals(true);
  scenario_->clear();
  for (const QString& p : paths) scenario_->addItem(QFileInfo(p).completeBaseName(), p);
  const QString current_file = controller_->scenario_file();
  if (current_file.startsWith("open:")) {
    scenario_->insertItem(0, QFileInfo(current_file.mid(5)).fileName() + " (directory)", current_file);
  }
  // The same file may be named relatively on the command line and
  // absolutely in the list: compare where the names lead.
  const QString canonical = QFileInfo(current_file).canonicalFilePath();
  int current = scenario_->findData(current_file);
  for (int i = 0; current < 0 && !canonical.isEmpty() && i < scenario_->count(); i++) {
    if (QFileInfo(scenario_->itemData(i).toString()).canonicalFilePath() == canonical) current = i;
  }
  if (current < 0 && !current_file.isEmpty() && !current_file.startsWith("open:")) {
    scenario_->insertItem(0, QFileInfo(current_file).completeBaseName(), current_file);
    current = 0;
  }
  if (current >= 0) scenario_->setCurrentIndex(current);
  scenario_->blockSignals(false);
}

void MainWindow::SetProjectorMode(bool on) {
  const Palette palette = on ? ProjectorPalette() : NormalPalette();
  QFont f = font();
  f.setPointSize(palette.base_point_size);
  setFont(f);
  QFont mono("DejaVu Sans Mono");
  mono.setPointSize(palette.base_point_size);
  log_->setFont(mono);
  QFont clock = time_label_->font();
  clock.setPointSize(palette.base_point_size + 2);
  time_label_->setFont(clock);
  canvas_->SetPalette(palette);
  plots_->SetPalette(palette);
  // The plots need the room more than the log when the fonts are large.
  bottom_->setSizes(on ? QList<int>{1500, 420} : QList<int>{1000, 600});
  legend_->SetPalette(palette);
  if (actions_.projector->isChecked() != on) actions_.projector->setChecked(on);
  Refresh();
}

void MainWindow::Refresh() {
  const RunModel& m = controller_->model();
  canvas_->Update(m);
  canvas_->replot();
  plots_->Update(m);
  log_->Update(m);
  if (qEnvironmentVariableIsSet("TSDB_GUI_DEBUG")) {
    qDebug() << "canvas" << canvas_->size() << canvas_->viewport();
    for (const auto& l : canvas_->lanes()) qDebug() << l->title() << l->rect()->outerRect();
  }
  updating_slider_ = true;
  timeline_->setRange(0, static_cast<int>(controller_->reached_ms() / 1000));
  timeline_->setValue(static_cast<int>(controller_->elapsed_ms() / 1000));
  updating_slider_ = false;
  timeline_end_->setText(FormatElapsed(controller_->reached_ms()));
  const World& w = m.world();
  time_label_->setText(QString("t = %1  %2%3")
                           .arg(FormatElapsed(controller_->elapsed_ms()))
                           .arg(w.process_up ? "up" : "DOWN")
                           .arg(w.done ? " · end" : ""));
  actions_.play->setText(controller_->playing() && !controller_->animating() ? "❚❚ pause" : "▶ play");
  actions_.save_fork->setEnabled(controller_->forked());
  actions_.restart->setEnabled(!w.process_up && !w.done);
}

void MainWindow::OnSpeedSlider(int position) {
  if (position >= speed_->maximum()) {
    controller_->SetSpeed(0);
    speed_label_->setText("flat out");
    return;
  }
  // Virtual ms per real ms, from 1/1000 (a sample's path, slowly) up.
  const double factor = std::pow(10.0, (position - 30) / 10.0);
  controller_->SetSpeed(factor);
  speed_label_->setText(factor < 1 ? QString("1/%1×").arg(std::round(1 / factor)) : QString("%1×").arg(std::round(factor)));
}

void MainWindow::ShowError(const QString& message) { statusBar()->showMessage(message, 15'000); }

}  // namespace tsdbsim::gui
