// Text that `tsdbsim sweep` derives from a finished seed: the command that
// reproduces it and the lines of its output worth showing. Header-only so
// the unit tests can check it.
#pragma once

#include <algorithm>
#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

namespace tsdbsim {

// Quotes a word for a POSIX shell only when it needs it, so the usual
// `tsdbsim run sim/scenarios/x.tsdbsim --seed 7` stays unquoted and a path
// with blanks or quotes still pastes into a shell as one word.
inline std::string ShellQuote(std::string_view w) {
  const bool plain = !w.empty() && w.find_first_not_of(
                                       "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                       "0123456789_-./:=+,@%") == std::string_view::npos;
  if (plain) return std::string(w);
  std::string q = "'";
  for (char c : w) {
    if (c == '\'') {
      q += "'\\''";
    } else {
      q += c;
    }
  }
  return q + "'";
}

inline std::string ReproduceCommand(std::string_view file, uint64_t seed) {
  return "tsdbsim run " + ShellQuote(file) + " --seed " + std::to_string(seed);
}

// The lines `tsdbsim run` starts with "FAILED  " (one per failed expect);
// when there are none (a crash, a sanitizer report, a setup error), the last
// `tail` non-empty lines instead. At most `max_lines` either way.
inline std::vector<std::string> FailureExcerpt(std::string_view output, size_t tail = 10, size_t max_lines = 50) {
  std::vector<std::string> failed;
  std::deque<std::string> last;
  size_t failed_total = 0;
  while (!output.empty()) {
    const size_t nl = output.find('\n');
    std::string_view line = output.substr(0, nl);
    output.remove_prefix(nl == std::string_view::npos ? output.size() : nl + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.starts_with("FAILED  ")) {
      if (++failed_total <= max_lines) failed.emplace_back(line);
    }
    if (line.find_first_not_of(" \t") == std::string_view::npos) continue;
    last.emplace_back(line);
    if (last.size() > std::min(tail, max_lines)) last.pop_front();
  }
  if (failed_total > max_lines) {
    failed.push_back("... and " + std::to_string(failed_total - max_lines) + " more FAILED lines");
  }
  if (!failed.empty()) return failed;
  return {last.begin(), last.end()};
}

}  // namespace tsdbsim
