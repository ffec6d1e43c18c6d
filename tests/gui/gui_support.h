// Helpers for the GUI tests: a controller on a scenario of the repository
// or on text, and where PNG artifacts go.
#pragma once

#include <gtest/gtest.h>

#include <QDir>
#include <QString>
#include <string>

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

// Test artifacts: build/<preset>/gui-artifacts/NAME.png, for people to look at.
inline void SaveArtifact(QWidget& widget, const QString& name) {
  const QString dir = QString(TSDB_GUI_ARTIFACTS_DIR);
  QDir().mkpath(dir);
  QString error;
  EXPECT_TRUE(SaveWidgetPng(widget, dir + "/" + name + ".png", &error)) << error.toStdString();
}

}  // namespace tsdbsim::gui
