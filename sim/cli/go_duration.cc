#include "sim/cli/go_duration.h"

#include <cstdio>

namespace tsdbsim {

namespace {

// value / 10^digits printed with its fraction, trailing zeros removed.
std::string Fixed(uint64_t value, int digits) {
  uint64_t scale = 1;
  for (int i = 0; i < digits; i++) scale *= 10;
  std::string s = std::to_string(value / scale);
  uint64_t frac = value % scale;
  if (frac == 0) return s;
  std::string f(static_cast<size_t>(digits), '0');
  for (int i = digits - 1; i >= 0; i--, frac /= 10) f[static_cast<size_t>(i)] = static_cast<char>('0' + frac % 10);
  while (!f.empty() && f.back() == '0') f.pop_back();
  return s + "." + f;
}

}  // namespace

std::string GoDuration(int64_t ns) {
  if (ns == 0) return "0s";
  const bool neg = ns < 0;
  const uint64_t u = neg ? static_cast<uint64_t>(-(ns + 1)) + 1 : static_cast<uint64_t>(ns);
  std::string out;
  if (u < 1000) {
    out = std::to_string(u) + "ns";
  } else if (u < 1000000) {
    out = Fixed(u, 3) + "µs";
  } else if (u < 1000000000) {
    out = Fixed(u, 6) + "ms";
  } else {
    const uint64_t secs = u / 1000000000;
    const uint64_t sub = u % 1000000000;
    const uint64_t h = secs / 3600, m = secs / 60 % 60, s = secs % 60;
    if (h > 0) out += std::to_string(h) + "h";
    if (h > 0 || m > 0) out += std::to_string(m) + "m";
    out += Fixed(s * 1000000000 + sub, 9) + "s";
  }
  return neg ? "-" + out : out;
}

}  // namespace tsdbsim
