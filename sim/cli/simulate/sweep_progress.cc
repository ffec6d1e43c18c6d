#include "sim/cli/simulate/sweep_progress.h"

#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <string>

namespace tsdbsim {
namespace {

int TerminalColumns() {
  winsize ws{};
  if (::ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) return ws.ws_col;
  return 80;
}

std::string Duration(double s) {
  char buf[32];
  if (s < 60) {
    std::snprintf(buf, sizeof buf, "%.1fs", s);
  } else {
    const auto whole = static_cast<long long>(s);
    std::snprintf(buf, sizeof buf, "%lldm%02llds", whole / 60, whole % 60);
  }
  return buf;
}

}  // namespace

void SweepProgress::Finished(uint64_t seed, bool passed, double seconds, double elapsed, size_t running) {
  ++done_;
  failed_ += passed ? 0 : 1;
  if (terminal_) {
    Draw(elapsed, running);
    return;
  }
  std::fprintf(stderr, "[%" PRIu64 "/%" PRIu64 "] seed %" PRIu64 " %s %s\n", done_, total_, seed,
               passed ? "ok" : "FAILED", Duration(seconds).c_str());
}

void SweepProgress::Tick(double elapsed, size_t running) {
  // Output arrives in bursts; ten redraws a second are plenty.
  if (terminal_ && (!drawn_ || elapsed - drawn_at_ >= 0.1)) Draw(elapsed, running);
}

void SweepProgress::Clear() {
  if (!terminal_ || !drawn_) return;
  std::fputs("\r\033[K", stderr);
  std::fflush(stderr);
  drawn_ = false;
}

void SweepProgress::Draw(double elapsed, size_t running) {
  std::string tail = " " + std::to_string(done_) + "/" + std::to_string(total_) + "  failed " +
                     std::to_string(failed_) + "  running " + std::to_string(running) + "  " + Duration(elapsed);
  if (done_ > 0 && done_ < total_) {
    // The seeds so far predict the rest well enough: they share a scenario.
    const double eta = elapsed / static_cast<double>(done_) * static_cast<double>(total_ - done_);
    tail += "  eta " + Duration(eta);
  }
  // Room for the counters at their widest, so the bar does not jump.
  const int width = std::clamp(TerminalColumns() - 70, 10, 50);
  const double fraction = total_ == 0 ? 1.0 : static_cast<double>(done_) / static_cast<double>(total_);
  const auto filled = static_cast<size_t>(static_cast<double>(width) * fraction);
  const std::string bar = std::string(filled, '#') + std::string(static_cast<size_t>(width) - filled, '.');
  std::fprintf(stderr, "\r\033[K[%s]%s", bar.c_str(), tail.c_str());
  std::fflush(stderr);
  drawn_ = true;
  drawn_at_ = elapsed;
}

}  // namespace tsdbsim
