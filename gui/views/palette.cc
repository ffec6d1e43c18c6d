#include "gui/views/palette.h"

namespace tsdbsim::gui {

Palette NormalPalette() { return Palette{}; }

Palette ProjectorPalette() {
  Palette p;
  p.text = QColor(0, 0, 0);
  p.muted = QColor(0x30, 0x30, 0x30);
  p.mmapped_fill = QColor(0x56, 0xB4, 0xE9);
  p.head_light = QColor(0xF3, 0xC8, 0x6A);
  p.block_fill = QColor(0xB8, 0xB8, 0xB8);
  p.block = QColor(0x30, 0x30, 0x30);
  p.wal_fill = QColor(0x8F, 0xD6, 0xBC);
  p.checkpoint_fill = QColor(0xC6, 0xAE, 0xE3);
  p.base_point_size = 15;
  p.border_px = 2;
  p.title_width_px = 320;
  return p;
}

}  // namespace tsdbsim::gui
