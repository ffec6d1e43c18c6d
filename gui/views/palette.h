// The GUI's colours: those of Ganesh Vernekar's TSDB posts (incoming
// samples pink, mmapped chunks blue, blocks grey), plus head chunks orange,
// WAL green and checkpoints purple (../shared/design/), taken from the
// Okabe-Ito set so that they stay apart for colour-blind eyes. Projector
// mode darkens borders and text for a washed-out screen.
#pragma once

#include <QColor>

namespace tsdbsim::gui {

struct Palette {
  QColor sample{0xCC, 0x79, 0xA7};     // scrapes, incoming samples
  QColor failure{0xD5, 0x5E, 0x00};    // down, failed, corrupt (vermillion)
  QColor head{0xE6, 0x9F, 0x00};       // open head chunk
  QColor head_light{0xF8, 0xE0, 0xA8};
  QColor mmapped{0x00, 0x72, 0xB2};    // mmapped chunk border
  QColor mmapped_fill{0x9C, 0xCB, 0xEC};
  QColor followed{0x00, 0x3F, 0x66};   // the clicked series
  QColor block{0x6E, 0x6E, 0x6E};
  QColor block_fill{0xDA, 0xDA, 0xDA};
  QColor wal{0x00, 0x9E, 0x73};
  QColor wal_fill{0xCC, 0xEB, 0xDF};
  QColor checkpoint{0x6A, 0x3D, 0x9A};
  QColor checkpoint_fill{0xE4, 0xD8, 0xF0};
  QColor rollback{0x99, 0x99, 0x99};
  QColor deleted{0xE8, 0xE8, 0xE8};
  QColor now{0xB2, 0x18, 0x2B};
  QColor text{0x20, 0x20, 0x20};
  QColor muted{0x60, 0x60, 0x60};
  QColor background{0xFF, 0xFF, 0xFF};
  QColor lane_title_bg{0xEE, 0xF0, 0xF3};
  int base_point_size = 9;
  int border_px = 1;
  int title_width_px = 230;  // the lane titles' column
};

Palette NormalPalette();
// Large fonts, black text, darker lines: readable from the back of a room.
Palette ProjectorPalette();

}  // namespace tsdbsim::gui
