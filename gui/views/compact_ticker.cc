#include "gui/views/compact_ticker.h"

#include <cmath>

namespace tsdbsim::gui {

QString CompactTicker::getTickLabel(double tick, const QLocale&, QChar, int) {
  const double a = std::abs(tick);
  const double k = bytes_ ? 1024.0 : 1000.0;
  const char* units[] = {"", "k", "M", "G"};
  const char* byte_units[] = {" B", " KiB", " MiB", " GiB"};
  int i = 0;
  double v = tick;
  while (i < 3 && a >= std::pow(k, i + 1)) i++;
  v = tick / std::pow(k, i);
  const int decimals = std::abs(v) < 10 && i > 0 ? 1 : 0;
  return QString::number(v, 'f', decimals) + (bytes_ ? byte_units[i] : units[i]);
}

}  // namespace tsdbsim::gui
