// Properties of the exposition parsers.
//
// Round trip: a random page (random metric and label names, label values
// with escapes and arbitrary UTF-8, special floats, optional timestamps,
// HELP/TYPE/comment/blank lines and blanks where the grammar allows them)
// rendered to text and parsed gives back exactly its samples: series key,
// labels, value bits (NaN as the canonical NaN) and timestamps. The text
// format cannot express negative timestamps (2.42's lexer takes digits
// only); OpenMetrics pages carry them in seconds, negative ones included.
//
// Robustness: any bytes, under either content type, parse or fail with a
// position inside the page (at most one past its last byte), and every
// entry on the way can be read.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <bit>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "engine/scrape/textparse/go_strconv.h"
#include "support/textparse_page.h"

namespace tsdb::scrape {
namespace {

using tsdb::testing::kOpenMetricsType;
using tsdb::testing::ParsedPage;
using tsdb::testing::ParsePage;

struct Sample {
  std::string name;
  std::vector<std::pair<std::string, std::string>> labels;  // unescaped
  double value = 0;
  std::optional<int64_t> ts_ms;
};

// ---- Generators.

rc::Gen<std::string> GenName(bool metric) {
  const std::string first = metric ? "abcxyzABCXYZ_:" : "abcxyzABCXYZ_";
  const std::string rest = first + "0123456789";
  return rc::gen::apply([](char c, std::string tail) { return std::string(1, c) + tail; },
                        rc::gen::elementOf(first),
                        rc::gen::container<std::string>(rc::gen::elementOf(rest)));
}

// Valid UTF-8 of any code point, with a bias toward what needs escaping.
rc::Gen<std::string> GenLabelValue() {
  const auto piece = rc::gen::oneOf(
      rc::gen::element<std::string>("\"", "\\", "\n", "\\n", "\\\"", "{", "}", ",", "=", "#", " ",
                                    "\t", std::string(1, '\0'), "\xc3\xa9", "\xe2\x82\xac",
                                    "\xf0\x9f\x98\x80", "\xef\xbf\xbf"),
      rc::gen::map(rc::gen::inRange<uint32_t>(1, 0x110000),
                   [](uint32_t r) {
                     if (r >= 0xD800 && r <= 0xDFFF) r = 0xFFFD;  // surrogates are not UTF-8
                     std::string s;
                     if (r < 0x80) {
                       s += static_cast<char>(r);
                     } else if (r < 0x800) {
                       s += static_cast<char>(0xC0 | (r >> 6));
                       s += static_cast<char>(0x80 | (r & 0x3F));
                     } else if (r < 0x10000) {
                       s += static_cast<char>(0xE0 | (r >> 12));
                       s += static_cast<char>(0x80 | ((r >> 6) & 0x3F));
                       s += static_cast<char>(0x80 | (r & 0x3F));
                     } else {
                       s += static_cast<char>(0xF0 | (r >> 18));
                       s += static_cast<char>(0x80 | ((r >> 12) & 0x3F));
                       s += static_cast<char>(0x80 | ((r >> 6) & 0x3F));
                       s += static_cast<char>(0x80 | (r & 0x3F));
                     }
                     return s;
                   }),
      rc::gen::map(rc::gen::inRange<char>(0x20, 0x7F), [](char c) { return std::string(1, c); }));
  return rc::gen::map(rc::gen::container<std::vector<std::string>>(piece),
                      [](const std::vector<std::string>& parts) {
                        std::string s;
                        for (const auto& p : parts) s += p;
                        return s;
                      });
}

rc::Gen<double> GenValue() {
  constexpr double kInf = std::numeric_limits<double>::infinity();
  return rc::gen::oneOf(
      rc::gen::element<double>(
          0.0, -0.0, 1.0, -1.0, kInf, -kInf, std::nan(""),
          std::numeric_limits<double>::denorm_min(), -std::numeric_limits<double>::denorm_min(),
          std::numeric_limits<double>::min(), std::numeric_limits<double>::max(),
          -std::numeric_limits<double>::max(), 1e-300, 1e300, 0.1),
      rc::gen::map(rc::gen::arbitrary<uint64_t>(),
                   [](uint64_t b) { return std::bit_cast<double>(b); }),
      rc::gen::map(rc::gen::arbitrary<int32_t>(),
                   [](int32_t i) { return static_cast<double>(i); }));
}

// Text format: non-negative milliseconds. OpenMetrics: eighths of a second
// (k * 125 ms), which are exact in binary, so seconds * 1000 is exact.
rc::Gen<std::optional<int64_t>> GenTimestamp(bool openmetrics) {
  const auto some = [](rc::Gen<int64_t> g) {
    return rc::gen::map(std::move(g), [](int64_t v) { return std::optional<int64_t>(v); });
  };
  rc::Gen<int64_t> ts =
      openmetrics
          ? rc::gen::map(rc::gen::inRange<int64_t>(-(int64_t{1} << 40), int64_t{1} << 40),
                         [](int64_t k) { return k * 125; })
          : rc::gen::oneOf(rc::gen::inRange<int64_t>(0, std::numeric_limits<int64_t>::max()),
                           rc::gen::element<int64_t>(0, 1, std::numeric_limits<int64_t>::max(),
                                                     1700000000000));
  return rc::gen::oneOf(rc::gen::just(std::optional<int64_t>()), some(std::move(ts)));
}

rc::Gen<Sample> GenSample(bool openmetrics) {
  return rc::gen::build<Sample>(
      rc::gen::set(&Sample::name, GenName(true)),
      // Bounded so that a page stays cheap under the sanitizers.
      rc::gen::set(
          &Sample::labels,
          rc::gen::resize(
              12, rc::gen::container<std::vector<std::pair<std::string, std::string>>>(
                      rc::gen::pair(GenName(false), rc::gen::resize(40, GenLabelValue()))))),
      rc::gen::set(&Sample::value, GenValue()),
      rc::gen::set(&Sample::ts_ms, GenTimestamp(openmetrics)));
}

// ---- Rendering.

std::string Escape(std::string_view v) {
  std::string out;
  for (const char c : v) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '"') {
      out += "\\\"";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

std::string RenderFloat(double v, int style) {
  if (std::isnan(v)) return style % 2 ? "NaN" : "nan";
  if (std::isinf(v)) return v > 0 ? (style % 2 ? "+Inf" : "Inf") : "-Inf";
  char buf[64];
  std::to_chars_result r{};
  switch (style % 3) {
    case 0:
      r = std::to_chars(buf, buf + sizeof buf, v);
      break;  // shortest round trip
    case 1:
      r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::scientific, 17);
      break;
    default:
      r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::general, 17);
      break;
  }
  return std::string(buf, r.ptr);
}

// Eighths of a second as a decimal: exact, e.g. -1.375.
std::string RenderSeconds(int64_t ms) {
  const bool neg = ms < 0;
  const uint64_t a = neg ? uint64_t(0) - uint64_t(ms) : uint64_t(ms);
  std::string s = (neg ? "-" : "") + std::to_string(a / 1000);
  if (a % 1000 != 0) {
    char frac[8];
    std::snprintf(frac, sizeof frac, ".%03u", unsigned(a % 1000));
    s += frac;
  }
  return s;
}

// The series key as rendered (what Series() must return) and the line.
std::pair<std::string, std::string> RenderSample(const Sample& s, bool om, int style) {
  std::string key = s.name;
  const bool braces = !s.labels.empty() || style % 4 == 0;
  const std::string gap = om ? "" : (style % 5 == 0 ? " " : "");
  if (braces) {
    key += gap + "{";
    for (size_t i = 0; i < s.labels.size(); i++) {
      if (i > 0) key += om || style % 7 != 0 ? "," : " ";  // text format: commas optional
      key += gap + s.labels[i].first + gap + "=" + gap + "\"" + Escape(s.labels[i].second) + "\"";
    }
    if (!om && !s.labels.empty() && style % 3 == 0) key += ",";  // text format: trailing comma
    key += gap + "}";
  }
  std::string line = key + (om || style % 6 != 0 ? " " : " \t") + RenderFloat(s.value, style);
  if (s.ts_ms) line += " " + (om ? RenderSeconds(*s.ts_ms) : std::to_string(*s.ts_ms));
  if (!om && style % 8 == 0) line += "  ";
  return {key, line + "\n"};
}

Labels ExpectedLabels(const Sample& s) {
  LabelsBuilder b;
  b.Add(kMetricNameLabel, s.name);
  for (const auto& [n, v] : s.labels) b.Add(n, v);
  b.Sort();
  return b.Build();
}

uint64_t ExpectedBits(double v) {
  return std::isnan(v) ? kNormalNaNBits : std::bit_cast<uint64_t>(v);
}

void CheckRoundTrip(bool om) {
  const auto samples = *rc::gen::container<std::vector<Sample>>(GenSample(om));
  const auto styles =
      *rc::gen::container<std::vector<int>>(samples.size(), rc::gen::inRange(0, 840));
  const auto extras = *rc::gen::container<std::vector<int>>(samples.size(), rc::gen::inRange(0, 6));
  std::string page;
  std::vector<std::string> keys;
  for (size_t i = 0; i < samples.size(); i++) {
    // Metadata and, in the text format, comments and blank lines between.
    switch (extras[i]) {
      case 0:
        page += "# HELP " + samples[i].name + " help \\\\ text\\n\n";
        break;
      case 1:
        page += "# TYPE " + samples[i].name + (om ? " gaugehistogram\n" : " untyped\n");
        break;
      case 2:
        page += om ? "# UNIT " + samples[i].name + " \n" : "# a comment { \" }\n";
        break;
      case 3:
        page += om ? "" : "\n  \t\n";
        break;
      default:
        break;
    }
    auto [key, line] = RenderSample(samples[i], om, styles[i]);
    keys.push_back(std::move(key));
    page += line;
  }
  if (om) page += "# EOF\n";

  const ParsedPage p = ParsePage(page, om ? kOpenMetricsType : "");
  RC_ASSERT(p.ok);
  RC_ASSERT(p.samples.size() == samples.size());
  for (size_t i = 0; i < samples.size(); i++) {
    RC_ASSERT(p.samples[i].series == keys[i]);
    RC_ASSERT(p.samples[i].labels == ExpectedLabels(samples[i]));
    RC_ASSERT(p.samples[i].value_bits == ExpectedBits(samples[i].value));
    RC_ASSERT(p.samples[i].ts == samples[i].ts_ms);
  }
}

RC_GTEST_PROP(TextParseProperty, TextFormatRoundTrip, ()) { CheckRoundTrip(false); }

RC_GTEST_PROP(TextParseProperty, OpenMetricsRoundTrip, ()) { CheckRoundTrip(true); }

// ---- Robustness.

// Bytes biased toward the grammar, so that garbage reaches deep states.
rc::Gen<std::string> GenNoise() {
  const auto piece = rc::gen::oneOf(
      rc::gen::element<std::string>("#", " ", "\t", "\n", std::string(1, '\0'), "{", "}", "\"", "=",
                                    ",", "\\", "a", "_total", "1", ".", "e", "-", "Inf", "NaN",
                                    "# HELP ", "# TYPE ", "# UNIT ", "# EOF", " # {", "\xff",
                                    "\xc3\xa9"),
      rc::gen::map(rc::gen::arbitrary<char>(), [](char c) { return std::string(1, c); }));
  return rc::gen::oneOf(rc::gen::arbitrary<std::string>(),
                        rc::gen::map(rc::gen::container<std::vector<std::string>>(piece),
                                     [](const std::vector<std::string>& parts) {
                                       std::string s;
                                       for (const auto& p : parts) s += p;
                                       return s;
                                     }));
}

void CheckPositionInside(const std::string& page, const ParsedPage& p) {
  RC_ASSERT(p.error != "parser did not finish");
  if (p.ok) return;
  RC_ASSERT(!p.error.empty());
  const int lines = static_cast<int>(std::count(page.begin(), page.end(), '\n')) + 1;
  RC_ASSERT(p.position.line >= 1);
  RC_ASSERT(p.position.line <= lines);
  // The line's length, so the column may be one past its last byte.
  size_t begin = 0;
  for (int l = 1; l < p.position.line; l++) begin = page.find('\n', begin) + 1;
  const size_t end = std::min(page.find('\n', begin), page.size());
  RC_ASSERT(p.position.column >= 1);
  RC_ASSERT(static_cast<size_t>(p.position.column) <= end - begin + 1);
}

RC_GTEST_PROP(TextParseProperty, AnyBytesParseOrFailInsideThePage, ()) {
  const std::string page = *GenNoise();
  CheckPositionInside(page, ParsePage(page, ""));
  CheckPositionInside(page, ParsePage(page, kOpenMetricsType));
}

}  // namespace
}  // namespace tsdb::scrape
