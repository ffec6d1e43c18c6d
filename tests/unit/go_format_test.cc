// Go's text formats behind promtool's output: %g floats, time.Duration,
// Base2Bytes, UTC times and tabwriter alignment.
#include "engine/db/go_format.h"

#include <gtest/gtest.h>

#include <bit>
#include <charconv>
#include <cstdlib>
#include <string>
#include <utility>
#include <cmath>
#include <limits>

#include "engine/base/random_source.h"
#include "engine/db/tabwriter.h"

namespace tsdb::db {
namespace {

TEST(GoFormatTest, FloatsLikePercentG) {
  EXPECT_EQ(FormatGoFloat(0), "0");
  EXPECT_EQ(FormatGoFloat(-0.0), "-0");
  EXPECT_EQ(FormatGoFloat(1), "1");
  EXPECT_EQ(FormatGoFloat(-125000), "-125000");
  EXPECT_EQ(FormatGoFloat(123456), "123456");
  EXPECT_EQ(FormatGoFloat(1234567), "1.234567e+06");
  EXPECT_EQ(FormatGoFloat(1e6), "1e+06");
  EXPECT_EQ(FormatGoFloat(1e21), "1e+21");
  EXPECT_EQ(FormatGoFloat(0.0001), "0.0001");
  EXPECT_EQ(FormatGoFloat(0.00001), "1e-05");
  EXPECT_EQ(FormatGoFloat(1.8875e-05), "1.8875e-05");
  EXPECT_EQ(FormatGoFloat(0.1 + 0.2), "0.30000000000000004");
  EXPECT_EQ(FormatGoFloat(1.8446744073709552e19), "1.8446744073709552e+19");
  EXPECT_EQ(FormatGoFloat(5e-324), "5e-324");
  EXPECT_EQ(FormatGoFloat(std::numeric_limits<double>::max()), "1.7976931348623157e+308");
  EXPECT_EQ(FormatGoFloat(1e100), "1e+100");
  EXPECT_EQ(FormatGoFloat(std::numeric_limits<double>::infinity()), "+Inf");
  EXPECT_EQ(FormatGoFloat(-std::numeric_limits<double>::infinity()), "-Inf");
  EXPECT_EQ(FormatGoFloat(std::numeric_limits<double>::quiet_NaN()), "NaN");
  EXPECT_EQ(FormatGoFloat(std::bit_cast<double>(uint64_t{0x7ff0000000000002})), "NaN");  // stale marker
}

// The significant digits and decimal exponent a formatted float shows
// ("-1.25e-05" -> "125", -5; "0.0125" -> "125", -2).
std::pair<std::string, int> DigitsOf(const std::string& text) {
  std::string t = text[0] == '-' ? text.substr(1) : text;
  int exp_part = 0;
  if (const size_t e = t.find('e'); e != std::string::npos) {
    exp_part = std::stoi(t.substr(e + 1));
    t.resize(e);
  }
  const size_t dot = t.find('.');
  const int int_digits = static_cast<int>(dot == std::string::npos ? t.size() : dot);
  std::string digits;
  for (char c : t) {
    if (c != '.') digits.push_back(c);
  }
  const size_t first = digits.find_first_not_of('0');
  const int exp = exp_part + int_digits - 1 - static_cast<int>(first);
  digits = digits.substr(first);
  while (digits.size() > 1 && digits.back() == '0') digits.pop_back();
  return {digits, exp};
}

// The shortest round-trip digits as std::to_chars gives them.
std::pair<std::string, int> ReferenceDigits(double v) {
  char buf[64];
  const auto r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::scientific);
  return DigitsOf(std::string(buf, r.ptr));
}

TEST(GoFormatTest, ShortDecimalsGiveTheShortestDigits) {
  // Short decimals at many scales (the fast path) and arbitrary doubles
  // (the general one): the digits must be the shortest that round-trip.
  tsdb::SplitMix64 rng(0x9E3779B97F4A7C15ull);
  auto next = [&] { return rng.NextU64(); };
  constexpr double kScales[] = {1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8};
  for (int i = 0; i < 200000; i++) {
    double v;
    if (i % 4 == 3) {
      v = std::bit_cast<double>(next());
      if (!std::isfinite(v) || v == 0) continue;
    } else {
      const auto m = static_cast<int64_t>(next() % (i % 2 == 0 ? 2'000'000 : 9'007'199'254'740'992ull));
      v = static_cast<double>(i % 3 == 0 ? -m : m) / kScales[next() % std::size(kScales)];
      if (v == 0) continue;
    }
    const std::string got = FormatGoFloat(v);
    ASSERT_EQ(std::strtod(got.c_str(), nullptr), v) << got;
    ASSERT_EQ(DigitsOf(got), ReferenceDigits(v)) << got;
  }
}

TEST(GoFormatTest, Durations) {
  EXPECT_EQ(GoDurationString(0), "0s");
  EXPECT_EQ(GoDurationString(1), "1ns");
  EXPECT_EQ(GoDurationString(1100), "1.1\xC2\xB5s");
  EXPECT_EQ(GoDurationString(2'200'000), "2.2ms");
  EXPECT_EQ(GoDurationString(5'878'000'000), "5.878s");
  EXPECT_EQ(GoDurationString(119'878'000'000), "1m59.878s");
  EXPECT_EQ(GoDurationString(7'200'000'000'000), "2h0m0s");
  EXPECT_EQ(GoDurationString(3'723'000'000'000), "1h2m3s");
  EXPECT_EQ(GoDurationString(-1'000'000'000), "-1s");
  EXPECT_EQ(GoDurationString(std::numeric_limits<int64_t>::min()), "-2562047h47m16.854775808s");
}

TEST(GoFormatTest, Base2Bytes) {
  EXPECT_EQ(GoBase2BytesString(0), "0B");
  EXPECT_EQ(GoBase2BytesString(1023), "1023B");
  EXPECT_EQ(GoBase2BytesString(1024), "1KiB");
  EXPECT_EQ(GoBase2BytesString(73723), "71KiB1019B");
  EXPECT_EQ(GoBase2BytesString(73739), "72KiB11B");
  EXPECT_EQ(GoBase2BytesString(1048577), "1MiB1B");
  EXPECT_EQ(GoBase2BytesString(-5), "-5B");
}

TEST(GoFormatTest, UtcTimes) {
  EXPECT_EQ(GoUtcTimeString(0), "1970-01-01 00:00:00 +0000 UTC");
  EXPECT_EQ(GoUtcTimeString(-1), "1969-12-31 23:59:59 +0000 UTC");
  EXPECT_EQ(GoUtcTimeString(1795234554), "2026-11-21 04:15:54 +0000 UTC");
  EXPECT_EQ(GoUtcTimeString(951782400), "2000-02-29 00:00:00 +0000 UTC");
}

TEST(TabwriterTest, ColumnsPadToWidestCellPlusPaddingAndMinWidth) {
  EXPECT_EQ(TabwriterFormat("a\tbb\tc\nccc\td\te\n", 2, 1), "a   bb c\nccc d  e\n");
  EXPECT_EQ(TabwriterFormat("a\tb\n", 4, 2), "a   b\n");
  // A line with fewer cells ends the column block above it.
  EXPECT_EQ(TabwriterFormat("aaaa\tb\nc\nd\te\n", 1, 1), "aaaa b\nc\nd e\n");
}

}  // namespace
}  // namespace tsdb::db
