// tsdbsim-gui: the lanes of a simulated run, its controls, faults and
// replays (gui/README.md). With --screenshot it renders offscreen, writes
// the PNG and exits: that is how tests and `scripts/run` without a display
// see it.
#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QFileInfo>
#include <QTimer>
#include <cstdio>
#include <cstdlib>

#include "gui/app/main_window.h"
#include "gui/app/screenshot.h"
#include "sim/scenario/values.h"

namespace {

int Fail(const QString& message, int code) {
  std::fprintf(stderr, "tsdbsim-gui: %s\n", message.toLocal8Bit().constData());
  return code;
}

// Two notes Qt prints on every headless start that say nothing wrong (no
// runtime dir in a container; the offscreen platform cannot resize to hints):
// dropped so that a real warning stands out. Everything else goes through.
void QuietHeadlessNotes(QtMsgType type, const QMessageLogContext&, const QString& message) {
  if (message.startsWith("QStandardPaths: XDG_RUNTIME_DIR not set") ||
      message.contains("does not support propagateSizeHints")) {
    return;
  }
  const char* kind = type == QtWarningMsg ? "warning" : type == QtCriticalMsg || type == QtFatalMsg ? "error" : "note";
  std::fprintf(stderr, "tsdbsim-gui: Qt %s: %s\n", kind, message.toLocal8Bit().constData());
}

bool WantsScreenshot(int argc, char** argv) {
  for (int i = 1; i < argc; i++) {
    if (QString(argv[i]).startsWith("--screenshot")) return true;
  }
  return false;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace tsdbsim::gui;
  // Headless: no display is needed to render a screenshot.
  if (WantsScreenshot(argc, argv) && std::getenv("QT_QPA_PLATFORM") == nullptr) setenv("QT_QPA_PLATFORM", "offscreen", 1);
  qInstallMessageHandler(QuietHeadlessNotes);
  QApplication app(argc, argv);
  QApplication::setApplicationName("tsdbsim-gui");
  QCommandLineParser cli;
  cli.setApplicationDescription("Watch a sample travel through the Prometheus TSDB write path, crash it, and watch the replay.");
  cli.addHelpOption();
  cli.addOptions({
      {"scenario", "Scenario file to open.", "FILE"},
      {"open", "A real Prometheus data directory to show read-only; play or step replays a copy of it.", "DIR"},
      {"seed", "Seed (default: the scenario's).", "N"},
      {"at", "Run to this virtual time first (e.g. 3h30m).", "T"},
      {"screenshot", "Render the window offscreen to this PNG and exit.", "PNG"},
      {"size", "Window size for the screenshot (default 1600x1000).", "WxH", "1600x1000"},
      {"projector", "Projector mode: large fonts, high contrast."},
      {"scenarios-dir", "Directory whose .tsdbsim files the scenario picker offers.", "DIR"},
      {"play", "Start playing at once."},
      {"exit-after", "Show the window for real, quit after MS of real time, saving what the screen shows "
                     "to --window-shot and printing the virtual time reached (the Xvfb test).", "MS"},
      {"window-shot", "With --exit-after: PNG of the window as the display shows it.", "PNG"},
  });
  cli.process(app);
  if (!cli.positionalArguments().isEmpty()) return Fail("unexpected argument \"" + cli.positionalArguments()[0] + "\"", 2);
  std::optional<uint64_t> seed;
  if (cli.isSet("seed")) {
    bool ok = false;
    seed = cli.value("seed").toULongLong(&ok);
    if (!ok) return Fail("--seed: expected a number, got \"" + cli.value("seed") + "\"", 2);
  }
  int64_t at_ms = 0;
  if (cli.isSet("at")) {
    auto at = tsdbsim::ParseDurationMs(cli.value("at").toStdString());
    if (!at.ok()) return Fail("--at: " + QString::fromStdString(at.status().ToString()), 2);
    at_ms = *at;
  }
  Controller controller;
  QString scenario = cli.value("scenario");
  const QString dir = cli.isSet("scenarios-dir") ? cli.value("scenarios-dir") : QString(TSDB_GUI_SCENARIOS_DIR);
  if (scenario.isEmpty()) scenario = QDir(dir).filePath("flagship.tsdbsim");
  QString error;
  if (cli.isSet("open") && cli.isSet("scenario")) return Fail("--open and --scenario: give one of them", 2);
  if (cli.isSet("open")) {
    if (!controller.OpenDataDir(cli.value("open"), &error)) return Fail(error, 2);
    for (const QString& p : controller.directory_problems()) std::fprintf(stderr, "tsdbsim-gui: %s\n", p.toLocal8Bit().constData());
  } else if (!controller.OpenFile(scenario, seed, &error)) {
    return Fail(error, 2);
  }
  MainWindow window(&controller);
  QStringList choices;
  for (const QFileInfo& f : QDir(dir).entryInfoList({"*.tsdbsim"}, QDir::Files, QDir::Name)) choices << f.absoluteFilePath();
  if (!cli.isSet("open") && !choices.contains(QFileInfo(scenario).absoluteFilePath())) choices.prepend(scenario);
  window.SetScenarioChoices(choices);
  if (cli.isSet("projector")) window.SetProjectorMode(true);
  if (at_ms > 0) controller.SeekTo(at_ms);
  if (cli.isSet("screenshot")) {
    const QStringList size = cli.value("size").split('x');
    if (size.size() != 2 || size[0].toInt() < 400 || size[1].toInt() < 300) return Fail("--size: expected WxH, e.g. 1600x1000", 2);
    window.resize(size[0].toInt(), size[1].toInt());
    if (!SaveScreenshot(window, cli.value("screenshot"), &error)) return Fail(error, 1);
    std::printf("%s\n", cli.value("screenshot").toLocal8Bit().constData());
    return 0;
  }
  window.resize(1600, 1000);
  window.show();
  if (cli.isSet("play")) controller.Play();
  if (cli.isSet("exit-after")) {
    bool ok = false;
    const int ms = cli.value("exit-after").toInt(&ok);
    if (!ok || ms <= 0) return Fail("--exit-after: expected milliseconds, got \"" + cli.value("exit-after") + "\"", 2);
    QTimer::singleShot(ms, &window, [&] {
      if (cli.isSet("window-shot") && !SaveWindowFromScreen(window, cli.value("window-shot"), &error)) {
        Fail(error, 1);
        QApplication::exit(1);
        return;
      }
      std::printf("reached %lld ms, process %s\n", static_cast<long long>(controller.elapsed_ms()),
                  controller.model().world().process_up ? "up" : "down");
      QApplication::exit(0);
    });
  }
  return QApplication::exec();
}
