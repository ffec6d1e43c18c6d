// Deterministic generators of exposition text for the differential tests of
// the text parser's fast paths: sample values that sit on the edges of the
// float fast path (2^53, 10^22, many digits, subnormals), sample lines like
// the simulator's targets serve, and small pages cut from real pages with a
// few bytes changed to the bytes the lexer treats specially (NUL, backslash,
// quotes, blanks, '#', newlines, invalid UTF-8).
//
// Everything is driven by SplitMix64, so a seed names a corpus exactly.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace tsdb::testing {

class SplitMix64 {
 public:
  explicit SplitMix64(uint64_t seed) : s_(seed) {}
  uint64_t Next() {
    uint64_t z = (s_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  // In [0, n); n > 0. The modulo bias does not matter here.
  size_t Below(size_t n) { return static_cast<size_t>(Next() % n); }
  bool OneIn(size_t n) { return Below(n) == 0; }
  template <typename T, size_t N>
  const T& Pick(const T (&items)[N]) {
    return items[Below(N)];
  }

 private:
  uint64_t s_;
};

inline std::string RandomDigits(SplitMix64* r, size_t n) {
  std::string s;
  const size_t style = r->Below(4);  // 0: any, 1: all 9s, 2: leading zeros, 3: mostly 0
  for (size_t i = 0; i < n; i++) {
    char c = static_cast<char>('0' + r->Below(10));
    if (style == 1) c = '9';
    if (style == 2 && i < n / 2) c = '0';
    if (style == 3 && !r->OneIn(4)) c = '0';
    s.push_back(c);
  }
  return s;
}

// Numbers at the edges of exactly representable decimals, and spellings at
// the edges of the grammar.
inline constexpr const char* kEdgeFloats[] = {
    "9007199254740991", "9007199254740992", "9007199254740993", "9007199254740994",
    "18014398509481983", "18014398509481984", "18014398509481985", "9007199254740992.0",
    "900719925474099.3", "90071992547409.93", "9007199254740993e0", "1e22", "1e23", "1e-22",
    "1e-23", "9007199254740991e22", "9007199254740991e-22", "9007199254740993e-22", "1e15",
    "123456789012345678", "1234567890123456789", "12345678901234567890",
    "18446744073709551615", "18446744073709551616", "0.1", "0.2", "0.3", "4.35", "147.28",
    "4.9e-324", "5e-324", "2.4703282292062327e-324", "2.4703282292062328e-324",
    "2.2250738585072011e-308", "2.2250738585072014e-308", "1.7976931348623157e308",
    "1.7976931348623158e308", "1.7976931348623159e308", "1e308", "1e309", "1e-400", "-1e-400",
    "0e999999999", "1e999999999", "-0", "+0", "-0.0", "0.", ".0", ".", "+.", "-.5", "+5.",
    "00000000000000000000000001", "0.000000000000000000000000001",
    "100000000000000000000000", "0x10", "0X1p3", "1_0", "1p3", "1e", "1e+", "1e-", "e1", "1ee1",
    "1.2.3", "--1", "+-1", "1-", "inf", "+Inf", "-inf", "Infinity", "-INFINITY", "infin", "nan",
    "NaN", "-nan", "+NaN", "nana", "in", "", "+", "-", " 1", "1 ", "١",
};

// A decimal float spelling: mostly well-formed, near the fast path's limits.
inline std::string RandomFloatText(SplitMix64* r) {
  if (r->OneIn(5)) return r->Pick(kEdgeFloats);
  std::string s;
  if (r->OneIn(3)) s += r->OneIn(2) ? "-" : "+";
  const size_t int_len = r->OneIn(8) ? r->Below(30) : r->Below(17);
  s += RandomDigits(r, int_len);
  if (!r->OneIn(3)) {
    s += ".";
    s += RandomDigits(r, r->OneIn(6) ? r->Below(30) : r->Below(8));
  }
  if (r->OneIn(3)) {
    s += r->OneIn(2) ? "e" : "E";
    if (r->OneIn(2)) s += r->OneIn(2) ? "-" : "+";
    s += std::to_string(r->OneIn(4) ? r->Below(400) : r->Below(30));
  }
  if (r->OneIn(40)) s.insert(r->Below(s.size() + 1), 1, "._pxe+- #\0"[r->Below(10)]);
  return s;
}

// A line of the shape the simulator's synthetic targets serve, sometimes
// with a timestamp, blanks or an escaped label value.
inline std::string RandomSampleLine(SplitMix64* r) {
  static constexpr const char* kNames[] = {"synth_ops_0_total", "synth_level_12", "x", "a:b_c",
                                           "node_cpu_seconds_total", "_"};
  static constexpr const char* kValues[] = {"0", "idle", "user", "", "a\\\"b", "a\\\\", "\\n",
                                            "\xc3\xa9t\xc3\xa9", "0.5", "+Inf", "x y"};
  std::string line = r->Pick(kNames);
  const size_t labels = r->Below(4);
  if (labels > 0 || r->OneIn(8)) {
    line += "{";
    for (size_t i = 0; i < labels; i++) {
      if (i > 0) line += ",";
      line += i == 0 ? "cpu" : (i == 1 ? "mode" : "le");
      line += "=\"";
      line += i == 0 ? std::to_string(r->Below(64)) : r->Pick(kValues);
      line += "\"";
    }
    if (r->OneIn(10)) line += ",";
    line += "}";
  }
  line += r->OneIn(10) ? " \t" : " ";
  line += RandomFloatText(r);
  if (r->OneIn(5)) line += " " + std::to_string(r->Next() >> r->Below(64));
  if (r->OneIn(10)) line += " ";
  return line + "\n";
}

inline std::vector<std::string> SplitLines(std::string_view page) {
  std::vector<std::string> lines;
  size_t at = 0;
  while (at < page.size()) {
    const size_t nl = page.find('\n', at);
    const size_t end = nl == std::string_view::npos ? page.size() : nl + 1;
    lines.emplace_back(page.substr(at, end - at));
    at = end;
  }
  return lines;
}

// A small page: a few lines from `lines` or RandomSampleLine, then a few
// byte-level changes (replace, insert, delete, cut the page short).
inline std::string MutatedPage(SplitMix64* r, const std::vector<std::string>& lines) {
  static constexpr char kBytes[] = {'\0', '\\', '"', '\t', ' ', '#', '\n', '{', '}', '=',
                                    ',',  '0',  '9', '.',  'e', '-', '+', '_', 'p', 'H',
                                    'T',  ':',  'a', '\r', 'n', static_cast<char>(0xff),
                                    static_cast<char>(0xc3), static_cast<char>(0xa9)};
  std::string page;
  const size_t n_lines = 1 + r->Below(4);
  for (size_t i = 0; i < n_lines; i++) {
    page += (lines.empty() || r->OneIn(2)) ? RandomSampleLine(r) : lines[r->Below(lines.size())];
  }
  const size_t changes = r->Below(4);
  for (size_t k = 0; k < changes && !page.empty(); k++) {
    const size_t at = r->Below(page.size());
    switch (r->Below(5)) {
      case 0:
      case 1:
        page[at] = r->Pick(kBytes);
        break;
      case 2:
        page.insert(page.begin() + static_cast<std::ptrdiff_t>(at), r->Pick(kBytes));
        break;
      case 3:
        page.erase(at, 1);
        break;
      default:
        page.resize(at);
        break;
    }
  }
  return page;
}

}  // namespace tsdb::testing
