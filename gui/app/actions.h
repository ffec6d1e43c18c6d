// Every control of the main window as a QAction with its keyboard shortcut,
// in one place, so the toolbar, the menus and Help's list of shortcuts
// cannot disagree.
#pragma once

#include <QAction>
#include <QList>
#include <QObject>

namespace tsdbsim::gui {

struct Actions {
  QAction* open = nullptr;
  QAction* save_fork = nullptr;
  QAction* screenshot = nullptr;
  QAction* quit = nullptr;
  QAction* play = nullptr;  // toggles play/pause
  QAction* step = nullptr;
  QAction* step_back = nullptr;
  QAction* next_kind = nullptr;  // to the next event of the chosen kind
  QAction* seek_back = nullptr;  // one minute back
  QAction* seek_forward = nullptr;
  QAction* run_to_end = nullptr;
  QAction* slower = nullptr;
  QAction* faster = nullptr;
  QAction* crash = nullptr;
  QAction* power_loss = nullptr;
  QAction* torn = nullptr;
  QAction* fsync_error = nullptr;
  QAction* enospc = nullptr;
  QAction* corrupt = nullptr;
  QAction* restart = nullptr;
  QAction* fork = nullptr;
  QAction* zoom_in = nullptr;
  QAction* zoom_out = nullptr;
  QAction* pan_left = nullptr;
  QAction* pan_right = nullptr;
  QAction* reset_zoom = nullptr;
  QAction* projector = nullptr;  // checkable
  QAction* unfollow = nullptr;
  QAction* help = nullptr;
  QList<QAction*> all;
};

Actions MakeActions(QObject* parent);
// Help's table: one line per action, its shortcut and what it does.
QString ShortcutsHtml(const Actions& actions);

}  // namespace tsdbsim::gui
