#include "gui/app/screenshot.h"

#include <QApplication>
#include <QScreen>

#include "gui/app/main_window.h"

namespace tsdbsim::gui {

bool SaveWidgetPng(QWidget& widget, const QString& path, QString* error) {
  const QPixmap pixmap = widget.grab();
  if (pixmap.isNull() || !pixmap.save(path, "PNG")) {
    *error = path + ": could not write the PNG";
    return false;
  }
  return true;
}

bool SaveWindowFromScreen(QWidget& window, const QString& path, QString* error) {
  QScreen* screen = window.screen();
  if (screen == nullptr) {
    *error = "no screen to grab the window from";
    return false;
  }
  const QPixmap pixmap = screen->grabWindow(window.winId());
  if (pixmap.isNull() || !pixmap.save(path, "PNG")) {
    *error = path + ": could not grab the window from the screen";
    return false;
  }
  return true;
}

void LayOutOffscreen(MainWindow& window) {
  window.setAttribute(Qt::WA_DontShowOnScreen, true);
  window.show();  // lays out every widget at the window's size
  QApplication::processEvents();
  window.Refresh();
  QApplication::processEvents();
  window.Refresh();
}

bool SaveScreenshot(MainWindow& window, const QString& path, QString* error) {
  LayOutOffscreen(window);
  return SaveWidgetPng(window, path, error);
}

}  // namespace tsdbsim::gui
