// What `tsdbsim sweep` shows on stderr while it runs: on a terminal one
// progress bar redrawn in place; otherwise (CI logs, files) one plain line
// per finished seed, which reads well without cursor control.
#pragma once

#include <cstddef>
#include <cstdint>

namespace tsdbsim {

class SweepProgress {
 public:
  SweepProgress(uint64_t total, bool terminal) : total_(total), terminal_(terminal) {}

  void Finished(uint64_t seed, bool passed, double seconds, double elapsed, size_t running);
  // Redraws the bar so the elapsed time moves while seeds run.
  void Tick(double elapsed, size_t running);
  // Erases the bar, e.g. before a failure is printed on the same terminal.
  void Clear();

 private:
  void Draw(double elapsed, size_t running);

  uint64_t total_;
  bool terminal_;
  uint64_t done_ = 0;
  uint64_t failed_ = 0;
  bool drawn_ = false;
  double drawn_at_ = 0;
};

}  // namespace tsdbsim
