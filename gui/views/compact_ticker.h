// Tick labels a class can read at a glance: 1.5M, 250k, 3.4 MiB — not
// 1.5·10^6.
#pragma once

#include <qcustomplot.h>

namespace tsdbsim::gui {

class CompactTicker : public QCPAxisTicker {
 public:
  explicit CompactTicker(bool bytes) : bytes_(bytes) {}

 protected:
  QString getTickLabel(double tick, const QLocale& locale, QChar format_char, int precision) override;

 private:
  bool bytes_;
};

}  // namespace tsdbsim::gui
