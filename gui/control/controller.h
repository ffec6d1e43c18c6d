// Controller: drives a Session from the GUI's controls — play/pause at a
// speed, step, step to a kind, step back, seek, faults and restart as
// forks — and keeps the RunModel in step with it. It owns no widget; the
// main window connects controls to it and views to Changed().
#pragma once

#include <QObject>
#include <QString>
#include <QStringList>
#include <QTimer>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "gui/model/run_model.h"
#include "sim/step/session.h"

namespace tsdbsim::gui {

// The fault buttons, each a few scenario lines that a fork runs.
enum class FaultButton { kProcessCrash, kPowerLoss, kTornWrite, kFsyncError, kEnospc };
QStringList FaultLines(FaultButton button);
// Corrupting one byte of a file (as the data directory names it, e.g.
// "wal/00000003"): a process crash, then a bit flipped where the restart
// reads the file, then the restart.
QStringList CorruptLines(const QString& file);

class Controller : public QObject {
  Q_OBJECT

 public:
  static constexpr int kFrameMs = 16;
  // Virtual time between plot points.
  static constexpr int64_t kPlotSpacingMs = 60'000;

  explicit Controller(QObject* parent = nullptr);
  ~Controller() override;

  // Opens a scenario file or text; false and a message naming the line on error.
  bool OpenFile(const QString& path, std::optional<uint64_t> seed, QString* error);
  bool OpenText(const std::string& text, const std::string& file, std::optional<uint64_t> seed, QString* error);
  // A real Prometheus data directory, read-only: the lanes show what it
  // holds at its own sample times; playing or stepping replays a copy of it
  // in the simulator (the host directory is never written).
  bool OpenDataDir(const QString& dir, QString* error);
  // Virtual time since the run began (the slider's position).
  int64_t elapsed_ms() const { return session_ == nullptr ? 0 : session_->elapsed_ms(); }
  // What reading the opened directory could not read ("" lines: none).
  QStringList directory_problems() const;

  void Play();
  void Pause();
  bool playing() const { return timer_.isActive(); }
  // Virtual milliseconds per real millisecond (1/1000 .. 1000); 0: flat out.
  void SetSpeed(double factor) { speed_ = factor; }
  double speed() const { return speed_; }

  void StepOnce();
  void StepTo(const QString& kind);
  void StepBack();
  void SeekTo(int64_t elapsed_ms);
  void RunToEnd();
  // Continues from here with the lines (a fork); the run so far is kept.
  bool Inject(const QStringList& lines, QString* error);
  bool Restart(QString* error);

  // Replays appear record by record over this many frames (0: at once).
  void set_animation_frames(int frames) { animation_frames_ = frames; }
  bool animating() const { return model_.shown() < anim_target_; }
  void FinishAnimation();
  // One frame of play or animation, as the timer runs it (tests call it).
  void Tick();

  // Follows a series across the lanes (a click), or stops (nullopt).
  void Follow(std::optional<uint64_t> series_ref);

  // Until the seek cache has parked every session it wants (benchmarks, tests).
  void WaitForSeekCache();

  const RunModel& model() const { return model_; }
  RunModel& model() { return model_; }
  const Session* session() const { return session_.get(); }
  bool has_session() const { return session_ != nullptr; }
  // The furthest point simulated: the slider's end.
  int64_t reached_ms() const { return reached_ms_; }
  QString scenario_text() const;
  QString scenario_file() const;
  // Whether the run so far has forked from its scenario (save offered).
  bool forked() const { return forked_; }

 signals:
  void Changed();
  void Failed(const QString& message);

 private:
  bool Check(const tsdb::Status& status);
  // After the session moved: sync the model and plot, animate a replay.
  void AfterMove(size_t trace_before);
  void RememberPosition();
  // Asks the session for the followed series as it is now.
  void RefreshFollowed();
  // A plot point when a plot spacing of virtual time has passed since the last.
  void SamplePlotIfDue();
  bool Adopt(tsdb::Result<std::unique_ptr<Session>> session, QString* error);

  std::unique_ptr<Session> session_;
  RunModel model_{0};
  std::vector<SessionPosition> back_;  // positions before each step, newest last
  QTimer timer_;       // play
  QTimer anim_timer_;  // a replay being shown record by record
  double speed_ = 60.0;
  int animation_frames_ = 90;
  size_t anim_target_ = 0;
  size_t anim_per_frame_ = 1;
  int64_t reached_ms_ = 0;
  int64_t last_plot_ms_ = -1;
  bool forked_ = false;
};

}  // namespace tsdbsim::gui
