#include "sim/scenario/values.h"

#include <charconv>
#include <string>

namespace tsdbsim {
namespace {

tsdb::Status Expected(std::string_view what, std::string_view got) {
  return tsdb::Status::InvalidArgument("expected " + std::string(what) + ", got \"" + std::string(got) + "\"");
}

}  // namespace

tsdb::Result<int64_t> ParseDurationMs(std::string_view s) {
  static constexpr std::string_view kWhat = "a duration like 90s, 1h30m or 500ms";
  if (s.empty()) return Expected(kWhat, s);
  int64_t total = 0;
  size_t i = 0;
  while (i < s.size()) {
    int64_t n = 0;
    auto [p, ec] = std::from_chars(s.data() + i, s.data() + s.size(), n);
    if (ec != std::errc() || p == s.data() + i || n < 0) return Expected(kWhat, s);
    i = static_cast<size_t>(p - s.data());
    const std::string_view rest = s.substr(i);
    int64_t unit = 0;
    size_t len = 0;
    if (rest.starts_with("ms")) unit = 1, len = 2;
    else if (rest.starts_with("h")) unit = 3'600'000, len = 1;
    else if (rest.starts_with("m")) unit = 60'000, len = 1;
    else if (rest.starts_with("s")) unit = 1'000, len = 1;
    else if (rest.starts_with("d")) unit = 86'400'000, len = 1;
    else return Expected(kWhat, s);
    if (n > (INT64_MAX / 4 - total) / unit) return Expected(std::string(kWhat) + " (too long)", s);
    total += n * unit;
    i += len;
  }
  return total;
}

tsdb::Result<int64_t> ParseBytes(std::string_view s) {
  static constexpr std::string_view kWhat = "a size like 4MiB, 64KiB or 32768";
  int64_t n = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
  if (ec != std::errc() || p == s.data() || n < 0) return Expected(kWhat, s);
  const std::string_view unit(p, static_cast<size_t>(s.data() + s.size() - p));
  int64_t mult = 0;
  if (unit.empty() || unit == "B") mult = 1;
  else if (unit == "KiB") mult = int64_t{1} << 10;
  else if (unit == "MiB") mult = int64_t{1} << 20;
  else if (unit == "GiB") mult = int64_t{1} << 30;
  else return Expected(kWhat, s);
  if (n > INT64_MAX / mult) return Expected(std::string(kWhat) + " (too large)", s);
  return n * mult;
}

tsdb::Result<uint32_t> ParseRatioPpm(std::string_view s) {
  static constexpr std::string_view kWhat = "a ratio from 0 to 1 (like 0.05) or a percentage (like 5%)";
  const bool percent = s.ends_with('%');
  const std::string_view num = percent ? s.substr(0, s.size() - 1) : s;
  // Parsed as a decimal with up to 6 fractional digits, in integers: no
  // floating point decides a fault probability.
  int64_t whole = 0;
  auto [p, ec] = std::from_chars(num.data(), num.data() + num.size(), whole);
  if (ec != std::errc() || p == num.data() || whole < 0) return Expected(kWhat, s);
  int64_t frac = 0;
  int digits = 0;
  const char* end = num.data() + num.size();
  if (p != end) {
    if (*p != '.') return Expected(kWhat, s);
    for (++p; p != end; ++p) {
      if (*p < '0' || *p > '9' || digits == 6) return Expected(kWhat, s);
      frac = frac * 10 + (*p - '0');
      digits++;
    }
  }
  for (; digits < 6; digits++) frac *= 10;
  if (whole > 100) return Expected(kWhat, s);
  int64_t ppm = whole * 1'000'000 + frac;
  if (percent) ppm /= 100;
  if (ppm > 1'000'000) return Expected(kWhat, s);
  return static_cast<uint32_t>(ppm);
}

tsdb::Result<bool> ParseOnOff(std::string_view s) {
  if (s == "on" || s == "true" || s == "yes") return true;
  if (s == "off" || s == "false" || s == "no") return false;
  return Expected("on or off", s);
}

tsdb::Result<int64_t> ParseInt(std::string_view s, int64_t min, int64_t max) {
  int64_t n = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
  if (ec != std::errc() || p != s.data() + s.size() || n < min || n > max) {
    return Expected("an integer from " + std::to_string(min) + " to " + std::to_string(max), s);
  }
  return n;
}

tsdb::Result<uint64_t> ParseU64(std::string_view s) {
  uint64_t n = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
  if (ec != std::errc() || p != s.data() + s.size() || s.empty()) return Expected("an unsigned 64-bit integer", s);
  return n;
}

tsdb::Result<double> ParseNumber(std::string_view s) {
  double d = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), d);
  if (ec != std::errc() || p != s.data() + s.size() || s.empty()) return Expected("a number", s);
  return d;
}

}  // namespace tsdbsim
