// Differential tests of the text format parser's one-pass line readers
// (PromParsePaths::kFast: common sample, HELP, TYPE and blank lines read
// whole) against the same parser reading every line token by token
// (kTokensOnly): the same entries, series keys, labels, value bits,
// timestamps, texts, types, errors and error positions, on real pages,
// every cut and every byte after every cut of lines that reach each step of
// the readers, generated and mutated pages, and values around the limits
// of the readers' decimal conversion.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "engine/scrape/textparse/go_strconv.h"
#include "support/exposition_corpus.h"
#include "support/fixtures.h"
#include "support/prom_parse_dump.h"

namespace tsdb::scrape {
namespace {

using tsdb::testing::SplitMix64;
using namespace std::string_literals;

// "" when both paths give the same results, else both dumps.
std::string PathsDiff(std::string_view page) {
  const std::string fast = tsdb::testing::DumpPromParse(page, PromParsePaths::kFast);
  const std::string tokens = tsdb::testing::DumpPromParse(page, PromParsePaths::kTokensOnly);
  if (fast == tokens) return "";
  return "fast path:\n" + fast + "token path:\n" + tokens;
}

std::vector<std::string> FixturePages() {
  std::vector<std::string> pages = tsdb::testing::ExpositionFixturePages();
  for (const std::string& p : pages) EXPECT_GT(p.size(), 10000u) << "fixture missing";
  return pages;
}

// Lines that go through each step of the readers, or just miss one.
const std::string kLines[] = {
    "# HELP synth_ops_0_total Synthetic counter 0 of node-1:9100.\n"s,
    "# TYPE synth_ops_0_total counter\n"s,
    "synth_ops_0_total{cpu=\"7\"} 123456\n"s,
    "synth_level_2{cpu=\"4\",mode=\"idle\",} 101.37 1700000000000 \n"s,
    "a_very_long_metric_name_of_more_than_thirty_two_bytes:x{} -0.000125\t17\n"s,
    "# HELP m help \\\\ with \\n escapes and caf\xc3\xa9\n"s,
    "# HELP m\n# HELP m \n# HELP m \t\n# HELP m  two blanks\n# HELP m\tx\n"s,
    "# HELP m bad \xff utf8\n# HELP m-x dash\n# HELP\tm x\n#  HELP m x\n"s,
    "# TYPE m gauge\n# TYPE m summary\n# TYPE m untyped\n# TYPE m histogram\n"s,
    "# TYPE m counter \n# TYPE m Counter\n# TYPE m\n# TYPE m cou\0nter\n"s,
    "# HELP m a\0b\n# HE\0LP m x\n# HELP \0m x\n#\0HELP m x\n"s,
    "m 1e3\nm +5\nm .5\nm 5.\nm -\nm .\nm 1.2.3\nm NaN\nm -Inf\nm 0x10\n"s,
    "m{a=\"b\\\"c\"} 1\nm{a=\"\xc3\xa9\"} 1\nm{a=\"b\nc\"} 1\nm{a=\"b\"\0} 1\n"s,
    "m {a=\"b\"} 1\nm{ a=\"b\"} 1\nm{a =\"b\"} 1\nm{a= \"b\"} 1\nm{a=\"b\" } 1\n"s,
    "m{a=\"b\"}1\nm 1 2 3\nm 1 -2\nm 1 99999999999999999999\nm 1 2x\n"s,
    "\n\n  \nm 1\n \tm 2\n\nm{} 3\n"s,
    "m 12345678901234567890 1\nm 9007199254740993 1\nm 0.1234567890123456789\n"s,
};

TEST(TextParseLines, FastAndTokenPathsAgreeOnFixtures) {
  for (const std::string& page : FixturePages()) EXPECT_EQ(PathsDiff(page), "");
}

TEST(TextParseLines, FastAndTokenPathsAgreeOnEveryCutOfEveryLine) {
  // A cut meets each reader at every byte with the page's end (and with no
  // newline after it, where the readers must not start).
  for (const std::string& lines : kLines) {
    for (size_t n = 0; n <= lines.size(); n++) {
      const std::string_view page = std::string_view(lines).substr(0, n);
      ASSERT_EQ(PathsDiff(page), "") << "cut " << n << " of " << lines;
    }
  }
}

TEST(TextParseLines, FastAndTokenPathsAgreeOnEveryByteAfterEveryCut) {
  const std::string lines =
      "# HELP m_total h \\n x\n# TYPE m_total counter\nm_total{a=\"v\",b=\"\"} -1.25 42\n";
  for (size_t n = 0; n <= lines.size(); n++) {
    for (int b = 0; b < 256; b++) {
      for (const char* rest : {"", "x\"} 1\n", " 1\n", "\n# TYPE m gauge\nm 7\n"}) {
        const std::string page = lines.substr(0, n) + static_cast<char>(b) + rest;
        ASSERT_EQ(PathsDiff(page), "") << "cut " << n << ", byte " << b << ", then " << rest;
      }
    }
  }
}

TEST(TextParseLines, FastAndTokenPathsAgreeOnGeneratedPages) {
  std::vector<std::string> lines;
  for (const std::string& page : FixturePages()) {
    for (std::string& l : tsdb::testing::SplitLines(page)) lines.push_back(std::move(l));
  }
  for (const std::string& l : kLines) {
    for (std::string& x : tsdb::testing::SplitLines(l)) lines.push_back(std::move(x));
  }
  SplitMix64 r(0x11E5);
  for (int i = 0; i < 200000; i++) {
    const std::string page =
        i % 3 == 0 ? tsdb::testing::RandomSampleLine(&r) : tsdb::testing::MutatedPage(&r, lines);
    ASSERT_EQ(PathsDiff(page), "") << "page " << i;
  }
}

TEST(TextParseLines, ValuesMatchTheTokenPathAroundTheDecimalLimits) {
  // The readers convert [-]digits[.digits] of at most 19 digits worth at
  // most 2^53 themselves; both sides of each limit, and generated spellings.
  SplitMix64 r(0xDEC1);
  constexpr uint64_t kTwo53 = uint64_t{1} << 53;
  std::string page;
  for (int i = 0; i < 20000; i++) {
    const uint64_t m = i % 2 == 0 ? kTwo53 - 32 + r.Below(64) : r.Next() >> r.Below(64);
    std::string s = std::to_string(m);
    const size_t frac = r.Below(24);
    if (s.size() <= frac) s.insert(0, frac - s.size() + 1, '0');
    if (frac > 0) s.insert(s.size() - frac, ".");
    if (i % 3 == 0) s.insert(0, "-");
    page += "m{i=\"" + std::to_string(i) + "\"} " + s + "\n";
    page += "m " + tsdb::testing::RandomFloatText(&r) + "\n";
    if (i % 500 == 499) {
      ASSERT_EQ(PathsDiff(page), "") << page;
      page.clear();
    }
  }
}

TEST(TextParseLines, RepeatedNamesEndWhereAScanEndsThem) {
  // A line whose name repeats the last one is checked by compare, not
  // scanned: names that equal, extend or cut the last one, around the 16
  // and 32 bytes the compare covers, in HELP, TYPE and sample lines, with
  // and without the 32 bytes after the line's start inside the page.
  const std::string base = "abcdefghijklmnopqrstuvwxyz_:0123456789ABCDEFG";
  std::vector<std::string> names;
  for (const size_t len : {1, 2, 15, 16, 17, 31, 32, 33, 40}) {
    names.push_back(base.substr(0, len));
    names.push_back(base.substr(0, len - 1) + "X");
  }
  SplitMix64 r(0x7A3E);
  for (int i = 0; i < 20000; i++) {
    std::string page;
    const size_t lines = 1 + r.Below(5);
    for (size_t k = 0; k < lines; k++) {
      const std::string& name = names[r.Below(names.size())];
      switch (r.Below(6)) {
        case 0:
          page += "# HELP " + name + " h\n";
          break;
        case 1:
          page += "# TYPE " + name + " gauge\n";
          break;
        case 2:
          page += name + "{a=\"b\"} 1\n";
          break;
        case 3:
          page += name + std::string(1, "-{ \t\0\n"[r.Below(6)]) + "1\n";
          break;
        default:
          page += name + " " + std::to_string(k) + "\n";
          break;
      }
    }
    ASSERT_EQ(PathsDiff(page), "") << page;
    ASSERT_EQ(PathsDiff(page.substr(0, page.size() - 1)), "") << page;
  }
}

TEST(TextParseLines, TheReadersTakeTheCommonLines) {
  // The paths agree either way; this guards that the agreement above is
  // not the token path's alone: the readers take every line of this page
  // (and of the synthetic targets'), and no line when turned off.
  const std::string page =
      "# HELP synth_ops_0_total Synthetic counter 0 of node-1:9100.\n"
      "# TYPE synth_ops_0_total counter\n"
      "synth_ops_0_total{cpu=\"0\"} 283\n"
      "\n"
      "synth_level_2{cpu=\"4\"} 101.37\n"
      "synth_level_2{cpu=\"5\",x=\"y\"} 1e3 1700000000000\n"
      "synth_level_3 -7\n";
  for (const PromParsePaths paths : {PromParsePaths::kFast, PromParsePaths::kTokensOnly}) {
    PromParser p(page, paths);
    size_t entries = 0;
    for (Result<EntryType> e = p.Next(); e.ok() && *e != EntryType::kEof; e = p.Next()) entries++;
    EXPECT_EQ(entries, 6u);
    EXPECT_EQ(p.lines_read_whole(), paths == PromParsePaths::kFast ? 6u : 0u);
  }
}

TEST(TextParseLines, TheGeneratedPagesReachTheReaders) {
  // Most generated sample lines have the common shape, so the differential
  // tests above do hold the readers to the token path.
  SplitMix64 r(0x11E5);
  size_t read_whole = 0;
  for (int i = 0; i < 1000; i++) {
    const std::string line = tsdb::testing::RandomSampleLine(&r);
    PromParser p(line);
    while (true) {
      const Result<EntryType> e = p.Next();
      if (!e.ok() || *e == EntryType::kEof) break;
    }
    read_whole += p.lines_read_whole();
  }
  EXPECT_GT(read_whole, 500u);
}

}  // namespace
}  // namespace tsdb::scrape
