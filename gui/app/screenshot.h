// Rendering the main window to a PNG without showing it (offscreen tests,
// `tsdbsim-gui --screenshot`, `scripts/run` without a display).
#pragma once

#include <QString>
#include <QWidget>

namespace tsdbsim::gui {

class MainWindow;

// Lays the window out at its size without showing it, and redraws every view.
void LayOutOffscreen(MainWindow& window);
// LayOutOffscreen, then saves the PNG.
bool SaveScreenshot(MainWindow& window, const QString& path, QString* error);
// What the display shows of a window that is on screen (a real window
// under X or Xvfb), grabbed from the screen rather than rendered.
bool SaveWindowFromScreen(QWidget& window, const QString& path, QString* error);
// Any widget, once laid out (a single view for a test artifact).
bool SaveWidgetPng(QWidget& widget, const QString& path, QString* error);

}  // namespace tsdbsim::gui
