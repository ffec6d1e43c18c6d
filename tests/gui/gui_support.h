// Helpers for the GUI tests: a controller on a scenario of the repository
// or on text, and where PNG artifacts go.
#pragma once

#include <gtest/gtest.h>

#include <QDir>
#include <QString>
#include <memory>
#include <string>

#include "gui/app/main_window.h"
#include "gui/app/screenshot.h"
#include "gui/control/controller.h"

namespace tsdbsim::gui {

inline QString ScenarioPath(const char* name) {
  return QString(TSDB_SOURCE_DIR) + "/sim/scenarios/" + name;
}

inline void OpenScenario(Controller& c, const char* name) {
  QString error;
  ASSERT_TRUE(c.OpenFile(ScenarioPath(name), std::nullopt, &error)) << error.toStdString();
}

inline void OpenControllerText(Controller& c, const std::string& text) {
  QString error;
  ASSERT_TRUE(c.OpenText(text, "test.tsdbsim", std::nullopt, &error)) << error.toStdString();
}

// A repository scenario run to a virtual time (replays not animated), with
// a main window over it laid out offscreen at the given size.
struct Shown {
  Controller controller;
  std::unique_ptr<MainWindow> window;
};

inline std::unique_ptr<Shown> ShowScenarioAt(const char* name, int64_t elapsed_ms, QSize size = QSize(1600, 1000)) {
  auto s = std::make_unique<Shown>();
  s->controller.set_animation_frames(0);
  QString error;
  EXPECT_TRUE(s->controller.OpenFile(ScenarioPath(name), std::nullopt, &error)) << error.toStdString();
  s->controller.SeekTo(elapsed_ms);
  s->window = std::make_unique<MainWindow>(&s->controller);
  s->window->resize(size);
  LayOutOffscreen(*s->window);
  return s;
}

// Test artifacts: build/<preset>/gui-artifacts/NAME.png, for people to look at.
inline void SaveArtifact(QWidget& widget, const QString& name) {
  const QString dir = QString(TSDB_GUI_ARTIFACTS_DIR);
  QDir().mkpath(dir);
  QString error;
  EXPECT_TRUE(SaveWidgetPng(widget, dir + "/" + name + ".png", &error)) << error.toStdString();
}

}  // namespace tsdbsim::gui
