#include "gui/app/actions.h"

namespace tsdbsim::gui {

namespace {

QAction* Make(QObject* parent, QList<QAction*>* all, const QString& text, const QKeySequence& key,
              const QString& tip) {
  auto* a = new QAction(text, parent);
  a->setShortcut(key);
  a->setToolTip(tip + " (" + key.toString(QKeySequence::NativeText) + ")");
  a->setStatusTip(tip);
  all->append(a);
  return a;
}

}  // namespace

Actions MakeActions(QObject* p) {
  Actions a;
  auto* l = &a.all;
  a.open = Make(p, l, "Open scenario…", QKeySequence("Ctrl+O"), "Open a scenario file");
  a.save_fork = Make(p, l, "Save fork as…", QKeySequence("Ctrl+S"), "Save the run so far, with its fork, as a scenario file");
  a.screenshot = Make(p, l, "Save screenshot…", QKeySequence("Ctrl+Shift+S"), "Save the window as a PNG");
  a.quit = Make(p, l, "Quit", QKeySequence("Ctrl+Q"), "Quit");
  a.play = Make(p, l, "▶ play", QKeySequence(Qt::Key_Space), "Play or pause");
  a.step = Make(p, l, "▶| step", QKeySequence(Qt::Key_Right), "Step to the next event");
  a.step_back = Make(p, l, "|◀ back", QKeySequence(Qt::Key_Left), "Step back to before the last step");
  a.next_kind = Make(p, l, "▶▶ next", QKeySequence(Qt::Key_N), "Run to the next event of the chosen kind");
  a.seek_back = Make(p, l, "−1 min", QKeySequence(Qt::Key_PageUp), "Seek one minute of virtual time back");
  a.seek_forward = Make(p, l, "+1 min", QKeySequence(Qt::Key_PageDown), "Seek one minute of virtual time forward");
  a.run_to_end = Make(p, l, "run to end", QKeySequence(Qt::Key_End), "Run the scenario to its end");
  a.slower = Make(p, l, "slower", QKeySequence(Qt::Key_BracketLeft), "Halve the speed");
  a.faster = Make(p, l, "faster", QKeySequence(Qt::Key_BracketRight), "Double the speed");
  a.crash = Make(p, l, "process crash", QKeySequence(Qt::Key_C), "Kill the process (SIGKILL): the page cache survives");
  a.power_loss = Make(p, l, "power loss", QKeySequence(Qt::Key_P), "Power loss: only what was fsynced survives");
  a.torn = Make(p, l, "torn write", QKeySequence(Qt::Key_T), "Power loss in the middle of writes: sectors torn");
  a.fsync_error = Make(p, l, "fsync error", QKeySequence(Qt::Key_Y), "The next fsync fails with EIO");
  a.enospc = Make(p, l, "ENOSPC", QKeySequence(Qt::Key_E), "The disk fills up 64 KiB from now");
  a.corrupt = Make(p, l, "corrupt a byte…", QKeySequence(Qt::Key_B), "Crash, flip a bit in a chosen file, restart");
  a.restart = Make(p, l, "↻ restart", QKeySequence(Qt::Key_R), "Start Prometheus again: replay chunks_head and the WAL");
  a.fork = Make(p, l, "fork here…", QKeySequence(Qt::Key_K), "Continue from here with scenario lines of your own");
  a.zoom_in = Make(p, l, "zoom in", QKeySequence(Qt::Key_Plus), "Zoom the time axis in around now");
  a.zoom_out = Make(p, l, "zoom out", QKeySequence(Qt::Key_Minus), "Zoom the time axis out");
  a.pan_left = Make(p, l, "pan left", QKeySequence(Qt::SHIFT | Qt::Key_Left), "Pan the time axis to earlier");
  a.pan_right = Make(p, l, "pan right", QKeySequence(Qt::SHIFT | Qt::Key_Right), "Pan the time axis to later");
  a.reset_zoom = Make(p, l, "whole run", QKeySequence(Qt::Key_0), "Show the whole run so far");
  a.projector = Make(p, l, "Projector mode", QKeySequence(Qt::Key_F11), "Large fonts and high contrast");
  a.projector->setCheckable(true);
  a.unfollow = Make(p, l, "Stop following", QKeySequence(Qt::Key_Escape), "Stop following the clicked series");
  a.help = Make(p, l, "Keyboard shortcuts", QKeySequence(Qt::Key_F1), "List every shortcut");
  return a;
}

QString ShortcutsHtml(const Actions& actions) {
  QString html = "<table cellpadding=4>";
  for (const QAction* a : actions.all) {
    html += "<tr><td><b>" + a->shortcut().toString(QKeySequence::NativeText).toHtmlEscaped() + "</b></td><td>" +
            a->statusTip().toHtmlEscaped() + "</td></tr>";
  }
  return html + "</table><p>Mouse: wheel zooms the time axis, drag pans it, hover shows details, click a chunk "
                "or a head-chunk row to follow its series across the lanes.</p>";
}

}  // namespace tsdbsim::gui
