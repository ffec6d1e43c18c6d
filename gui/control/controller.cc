#include "gui/control/controller.h"

#include <QFile>
#include <algorithm>

#include "engine/base/posix_filesystem.h"
#include "gui/model/datadir_items.h"
#include "sim/scenario/simulation_internal.h"
#include "sim/step/seek_cache.h"

namespace tsdbsim::gui {

namespace {

// The machine's own files: scripted targets' pages, a directory to open.
tsdb::Filesystem& HostFs() {
  static tsdb::PosixFilesystem host;
  return host;
}

}  // namespace

Controller::Controller(QObject* parent) : QObject(parent) {
  timer_.setInterval(kFrameMs);
  connect(&timer_, &QTimer::timeout, this, &Controller::Tick);
  anim_timer_.setInterval(kFrameMs);
  connect(&anim_timer_, &QTimer::timeout, this, &Controller::Tick);
}

Controller::~Controller() = default;

bool Controller::OpenFile(const QString& path, std::optional<uint64_t> seed, QString* error) {
  QFile f(path);
  if (!f.open(QIODevice::ReadOnly)) {
    *error = path + ": " + f.errorString();
    return false;
  }
  return OpenText(f.readAll().toStdString(), path.toStdString(), seed, error);
}

bool Controller::OpenText(const std::string& text, const std::string& file, std::optional<uint64_t> seed,
                          QString* error) {
  SessionOptions options;
  options.seed = seed;
  options.host_fs = &HostFs();
  Pause();
  forked_ = false;
  return Adopt(Session::Open(text, file, options), error);
}

bool Controller::OpenDataDir(const QString& dir, QString* error) {
  SessionOptions options;
  options.host_fs = &HostFs();
  options.initial_data_dir = dir.toStdString();
  Pause();
  forked_ = false;
  // The first `run` opens the DB on the copy: mmapped chunks, checkpoint
  // and WAL replayed as 2.42 does at startup. No targets: scraping after it
  // would store nothing (the directory's samples are years from the
  // simulator's clock, so every new sample is out of bounds).
  const std::string text = "# Prometheus starting on a copy of " + dir.toStdString() +
                           "\nconfig chunk_range=2h\nrun 1m\n";
  return Adopt(Session::Open(text, "open:" + dir.toStdString(), options), error);
}

QStringList Controller::directory_problems() const {
  QStringList out;
  if (session_ == nullptr || session_->initial_view() == nullptr) return out;
  for (const std::string& p : session_->initial_view()->problems) out << QString::fromStdString(p);
  return out;
}

bool Controller::Adopt(tsdb::Result<std::unique_ptr<Session>> session, QString* error) {
  if (!session.ok()) {
    *error = QString::fromStdString(session.status().ToString());
    return false;
  }
  session_ = std::move(*session);
  session_->EnableSeekCache({.spacing_ms = 30 * 60'000, .max_parked = 4});
  if (const DataDirView* view = session_->initial_view(); view != nullptr && view->min_time_ms) {
    // A directory's own times on the axis, from its first sample.
    const int64_t epoch = *view->min_time_ms;
    const int64_t span = view->max_time_ms.value_or(epoch) - epoch;
    model_ = RunModel(epoch, kSimEpochMs - span, LaneItemsOfDataDir(*view, epoch));
  } else {
    model_ = RunModel(kSimEpochMs);
  }
  back_.clear();
  anim_target_ = 0;
  last_plot_ms_ = -1;
  reached_ms_ = std::max<int64_t>(session_->elapsed_ms(), 0);
  AfterMove(0);
  FinishAnimation();
  return true;
}

bool Controller::Check(const tsdb::Status& status) {
  if (status.ok()) return true;
  Pause();
  emit Failed(QString::fromStdString(status.ToString()));
  return false;
}

void Controller::Play() {
  if (session_ != nullptr && !session_->done()) timer_.start();
}

void Controller::Pause() { timer_.stop(); }

void Controller::AfterMove(size_t trace_before) {
  const auto& trace = session_->trace().records();
  const size_t shown_before = std::min(model_.shown(), trace_before);
  model_.Sync(trace, session_->TakeWorld());
  RefreshFollowed();
  reached_ms_ = std::max(reached_ms_, session_->elapsed_ms());
  if (last_plot_ms_ < 0 || session_->elapsed_ms() - last_plot_ms_ >= kPlotSpacingMs ||
      session_->elapsed_ms() < last_plot_ms_) {
    model_.SamplePlot();
    last_plot_ms_ = session_->elapsed_ms();
  }
  // A replay in the new records is shown record by record from its start.
  anim_target_ = trace.size();
  for (size_t i = shown_before; animation_frames_ > 0 && i < trace.size(); i++) {
    if (trace[i].is(tsdb::EventType::kReplayStart) && trace[i].detail == "mmap") {
      model_.ShowUpTo(trace, i);
      anim_per_frame_ = std::max<size_t>(1, (trace.size() - i) / static_cast<size_t>(animation_frames_));
      anim_timer_.start();
      break;
    }
  }
  emit Changed();
}

void Controller::Follow(std::optional<uint64_t> series_ref) {
  model_.Follow(series_ref);
  RefreshFollowed();
  emit Changed();
}

void Controller::RefreshFollowed() {
  const auto ref = model_.followed();
  const auto& labels = model_.lanes().series_labels;
  const auto it = ref ? labels.find(*ref) : labels.end();
  if (session_ == nullptr || it == labels.end()) return model_.set_followed_series(std::nullopt);
  for (const WorldSeries& w : model_.world().head.watched) {
    if (w.labels == it->second) return model_.set_followed_series(std::nullopt);  // already a row
  }
  model_.set_followed_series(session_->TakeSeries(it->second));
}

void Controller::FinishAnimation() {
  anim_timer_.stop();
  if (session_ == nullptr) return;
  model_.ShowUpTo(session_->trace().records(), anim_target_);
  emit Changed();
}

void Controller::Tick() {
  if (session_ == nullptr) return Pause();
  if (animating()) {
    model_.ShowUpTo(session_->trace().records(), std::min(anim_target_, model_.shown() + anim_per_frame_));
    emit Changed();
    return;
  }
  anim_timer_.stop();
  if (!timer_.isActive()) return;
  if (session_->done()) return Pause();
  const size_t before = session_->trace().size();
  // Flat out runs ten virtual minutes a frame; the run is the same at any pace.
  const int64_t advance_ms = speed_ <= 0 ? 10 * 60'000 : std::max<int64_t>(1, static_cast<int64_t>(speed_ * kFrameMs));
  const int64_t target = session_->elapsed_ms() + advance_ms;
  back_.clear();  // playing forgets single steps; step back then seeks by task
  while (!session_->done() && session_->elapsed_ms() < target) {
    const int64_t next = std::min(target, session_->elapsed_ms() + kPlotSpacingMs);
    if (!Check(session_->RunUntil(next))) return;
    if (session_->elapsed_ms() < next && !session_->done()) {
      // A step that is not a `run` (a crash, a restart) waits at its time: take it.
      if (!Check(session_->Step().status())) return;
    }
    AfterMove(before);
    if (animating()) return;
  }
}

void Controller::WaitForSeekCache() {
  if (session_ != nullptr && session_->seek_cache() != nullptr) session_->seek_cache()->WaitIdle();
}

QString Controller::scenario_text() const {
  return session_ == nullptr ? QString() : QString::fromStdString(session_->text());
}

QString Controller::scenario_file() const {
  return session_ == nullptr ? QString() : QString::fromStdString(session_->file());
}

}  // namespace tsdbsim::gui
