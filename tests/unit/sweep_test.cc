// tsdbsim sweep's pure parts: seed ranges and shards parse strictly, shards
// 1..N cover a range exactly once, and the JUnit XML is escaped and shaped
// as CI readers expect. The child processes are covered by the sweep/smoke
// ctest, which runs the real binary.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "sim/cli/simulate/sweep_junit.h"
#include "sim/cli/simulate/sweep_plan.h"
#include "sim/cli/simulate/sweep_text.h"

namespace tsdbsim {
namespace {

constexpr uint64_t kMax = std::numeric_limits<uint64_t>::max();

TEST(SweepPlanTest, ParsesSeedRanges) {
  auto r = ParseSeedRange("1..6");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->first, 1u);
  EXPECT_EQ(r->last, 6u);
  r = ParseSeedRange("17");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->first, 17u);
  EXPECT_EQ(r->last, 17u);
  r = ParseSeedRange("0..18446744073709551615");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->first, 0u);
  EXPECT_EQ(r->last, kMax);
}

TEST(SweepPlanTest, RejectsBadSeedRanges) {
  for (const char* bad : {"", "..", "1..", "..5", "a..b", "-1..5", "+1..5", " 1..5", "1..5 ", "1...5", "1..5x",
                          "0x10..20", "1-5", "18446744073709551616..18446744073709551617"}) {
    EXPECT_FALSE(ParseSeedRange(bad).ok()) << bad;
  }
  auto r = ParseSeedRange("6..1");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("greater"), std::string::npos) << r.status().message();
}

TEST(SweepPlanTest, ParsesShards) {
  auto s = ParseShard("3/8");
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->index, 3u);
  EXPECT_EQ(s->count, 8u);
  EXPECT_TRUE(ParseShard("1/1").ok());
  EXPECT_TRUE(ParseShard("8/8").ok());
  for (const char* bad : {"", "0/8", "9/8", "1/0", "0/0", "x/2", "2", "/2", "1/", "-1/2", "1/2/3", "1 /2", "1/2 "}) {
    EXPECT_FALSE(ParseShard(bad).ok()) << bad;
  }
}

// Every seed of the range lands in exactly one shard, in increasing order,
// dealt round-robin: shard sizes differ by at most one.
TEST(SweepPlanTest, ShardsCoverTheRangeExactlyOnce) {
  const std::vector<SeedRange> ranges = {{1, 6}, {0, 0}, {5, 104}, {10, 12}, {kMax - 7, kMax}, {0, 1000}};
  for (const SeedRange& range : ranges) {
    for (uint64_t n : {1u, 2u, 3u, 7u, 8u, 16u}) {
      std::map<uint64_t, int> seen;
      uint64_t smallest = kMax, largest = 0;
      for (uint64_t i = 1; i <= n; ++i) {
        auto plan = SweepPlan::Make(range, {i, n});
        ASSERT_TRUE(plan.ok());
        smallest = std::min(smallest, plan->size());
        largest = std::max(largest, plan->size());
        for (uint64_t k = 0; k < plan->size(); ++k) {
          const uint64_t seed = plan->SeedAt(k);
          ASSERT_GE(seed, range.first);
          ASSERT_LE(seed, range.last);
          EXPECT_EQ((seed - range.first) % n, i - 1) << "round-robin by position";
          if (k > 0) {
            EXPECT_GT(seed, plan->SeedAt(k - 1));
          }
          ++seen[seed];
        }
      }
      const uint64_t total = range.last - range.first + 1;
      EXPECT_EQ(seen.size(), total) << range.first << ".." << range.last << " in " << n;
      for (const auto& [seed, times] : seen) {
        EXPECT_EQ(times, 1) << "seed " << seed;
      }
      EXPECT_LE(largest - smallest, 1u);
    }
  }
}

TEST(SweepPlanTest, HugeRanges) {
  // More shards than seeds: the last shards are empty, not an error.
  auto empty = SweepPlan::Make({1, 3}, {5, 8});
  ASSERT_TRUE(empty.ok());
  EXPECT_EQ(empty->size(), 0u);
  // 2^64 seeds do not fit a 64-bit count; half of them do.
  EXPECT_FALSE(SweepPlan::Make({0, kMax}, {1, 1}).ok());
  auto half = SweepPlan::Make({0, kMax}, {2, 2});
  ASSERT_TRUE(half.ok());
  EXPECT_EQ(half->size(), uint64_t{1} << 63);
  EXPECT_EQ(half->SeedAt(0), 1u);
  EXPECT_EQ(half->SeedAt(half->size() - 1), kMax);
}

TEST(SweepTextTest, QuotesOnlyWhatTheShellWouldSplit) {
  EXPECT_EQ(ReproduceCommand("sim/scenarios/flagship.tsdbsim", 17),
            "tsdbsim run sim/scenarios/flagship.tsdbsim --seed 17");
  EXPECT_EQ(ShellQuote("my dir/x.tsdbsim"), "'my dir/x.tsdbsim'");
  EXPECT_EQ(ShellQuote("it's"), "'it'\\''s'");
  EXPECT_EQ(ShellQuote("$HOME"), "'$HOME'");
  EXPECT_EQ(ShellQuote(""), "''");
}

TEST(SweepTextTest, ExcerptPrefersFailedLines) {
  const std::string out =
      "scenario: x.tsdbsim\n"
      "ok      x.tsdbsim:2: expect a > 0\n"
      "FAILED  x.tsdbsim:3: expect scrapes_total < 0 (got 40)\n"
      "FAILED  x.tsdbsim:4: expect blocks == 9 (got 0)\r\n"
      "seed: 3\n"
      "trace-hash: abc\n";
  EXPECT_EQ(FailureExcerpt(out), (std::vector<std::string>{"FAILED  x.tsdbsim:3: expect scrapes_total < 0 (got 40)",
                                                           "FAILED  x.tsdbsim:4: expect blocks == 9 (got 0)"}));
}

TEST(SweepTextTest, ExcerptFallsBackToTheLastLines) {
  std::string out;
  for (int i = 1; i <= 30; ++i) out += "line " + std::to_string(i) + "\n\n";
  out += "AddressSanitizer: heap-use-after-free";  // no final newline
  const auto lines = FailureExcerpt(out, 3);
  EXPECT_EQ(lines, (std::vector<std::string>{"line 29", "line 30", "AddressSanitizer: heap-use-after-free"}));
  EXPECT_TRUE(FailureExcerpt("").empty());
}

TEST(SweepTextTest, ExcerptIsCapped) {
  std::string out;
  for (int i = 0; i < 60; ++i) out += "FAILED  x:" + std::to_string(i) + ": e\n";
  const auto lines = FailureExcerpt(out, 10, 50);
  ASSERT_EQ(lines.size(), 51u);
  EXPECT_EQ(lines.back(), "... and 10 more FAILED lines");
}

TEST(SweepJUnitTest, EscapesMarkupAndKeepsUtf8) {
  EXPECT_EQ(XmlEscape("a<b>&\"'c"), "a&lt;b&gt;&amp;&quot;&apos;c");
  EXPECT_EQ(XmlEscape("x ]]> y"), "x ]]&gt; y");
  EXPECT_EQ(XmlEscape("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80"), "caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80");
}

TEST(SweepJUnitTest, NewlinesSurviveInAttributes) {
  EXPECT_EQ(XmlEscape("a\nb\tc\rd", true), "a&#10;b&#9;c&#13;d");
  EXPECT_EQ(XmlEscape("a\nb\tc\rd", false), "a\nb\tc&#13;d");
}

TEST(SweepJUnitTest, ReplacesWhatXmlCannotCarry) {
  const std::string fffd = "\xEF\xBF\xBD";
  EXPECT_EQ(XmlEscape(std::string("a\x01"
                                  "b\x1b[0m",
                                  7)),
            "a" + fffd + "b" + fffd + "[0m");
  EXPECT_EQ(XmlEscape(std::string("\0", 1)), fffd);
  EXPECT_EQ(XmlEscape("\xFF"), fffd);                        // never a UTF-8 byte
  EXPECT_EQ(XmlEscape("\xC0\xAF"), fffd + fffd);             // overlong '/'
  EXPECT_EQ(XmlEscape("\xED\xA0\x80"), fffd + fffd + fffd);  // a surrogate
  EXPECT_EQ(XmlEscape("ab\xE2\x82"), "ab" + fffd + fffd);    // cut short
  EXPECT_EQ(XmlEscape("\xEF\xBF\xBF"), fffd);                // U+FFFF
}

// A small well-formedness check: tags nest, attribute values are quoted and
// hold no '<', and every '&' starts an entity or a character reference.
bool WellFormed(const std::string& x, std::string* why) {
  std::vector<std::string> open;
  size_t i = 0;
  const auto entity_ok = [&](size_t at) {
    for (const char* e : {"&amp;", "&lt;", "&gt;", "&quot;", "&apos;", "&#"}) {
      if (x.compare(at, std::string_view(e).size(), e) == 0) return true;
    }
    return false;
  };
  while (i < x.size()) {
    if (x[i] == '&' && !entity_ok(i)) return *why = "bare & at " + std::to_string(i), false;
    if (x[i] != '<') {
      ++i;
      continue;
    }
    if (x.compare(i, 2, "<?") == 0) {
      i = x.find("?>", i) + 2;
      continue;
    }
    size_t j = i + 1;
    bool quoted = false;
    char quote = 0;
    for (; j < x.size() && (quoted || x[j] != '>'); ++j) {
      if (quoted && x[j] == '<') return *why = "< in an attribute at " + std::to_string(j), false;
      if (quoted && x[j] == '&' && !entity_ok(j)) return *why = "bare & in an attribute", false;
      if (!quoted && (x[j] == '"' || x[j] == '\'')) {
        quoted = true, quote = x[j];
      } else if (quoted && x[j] == quote) {
        quoted = false;
      }
    }
    if (j >= x.size()) return *why = "unterminated tag", false;
    const std::string tag = x.substr(i + 1, j - i - 1);
    if (tag.starts_with("/")) {
      if (open.empty() || open.back() != tag.substr(1)) return *why = "mismatched </" + tag.substr(1) + ">", false;
      open.pop_back();
    } else if (!tag.ends_with("/")) {
      open.push_back(tag.substr(0, tag.find_first_of(" \n")));
    }
    i = j + 1;
  }
  if (!open.empty()) return *why = "unclosed <" + open.back() + ">", false;
  return true;
}

size_t Count(const std::string& hay, const std::string& needle) {
  size_t n = 0;
  for (size_t at = hay.find(needle); at != std::string::npos; at = hay.find(needle, at + 1)) ++n;
  return n;
}

TEST(SweepJUnitTest, OneTestcasePerSeedAndFailuresWithTheirLines) {
  JUnitSuite suite{
      .name = "flaky", .file = "sim/scenarios/flaky.tsdbsim", .seeds = "1..3", .shard = "1/1", .seconds = 2.5};
  std::vector<JUnitCase> cases(3);
  cases[0] = {.seed = 1, .seconds = 0.8125};
  cases[1] = {.seed = 2,
              .seconds = 1.25,
              .failed = true,
              .message = "FAILED  flaky.tsdbsim:3: expect scrapes_total < 0 (got 40)\nFAILED  flaky.tsdbsim:4: x",
              .details = "reproduce: tsdbsim run 'a&b.tsdbsim' --seed 2\n",
              .output = "summary <ok>\n\x01"};
  cases[2] = {.seed = 3, .seconds = 0};
  const std::string x = JUnitXml(suite, cases);
  std::string why;
  EXPECT_TRUE(WellFormed(x, &why)) << why << "\n" << x;
  EXPECT_TRUE(x.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")) << x;
  EXPECT_NE(x.find("<testsuite name=\"flaky\" tests=\"3\" failures=\"1\" errors=\"0\" skipped=\"0\" time=\"2.500\">"),
            std::string::npos)
      << x;
  EXPECT_EQ(Count(x, "<testcase "), 3u);
  EXPECT_NE(x.find("<testcase name=\"seed 1\" classname=\"flaky\" time=\"0.812\"/>"), std::string::npos) << x;
  EXPECT_NE(x.find("<testcase name=\"seed 3\" classname=\"flaky\" time=\"0.000\"/>"), std::string::npos) << x;
  EXPECT_EQ(Count(x, "<failure "), 1u);
  EXPECT_NE(x.find("<failure message=\"FAILED  flaky.tsdbsim:3: expect scrapes_total &lt; 0 (got 40)&#10;FAILED  "
                   "flaky.tsdbsim:4: x\" type=\"failure\">reproduce: tsdbsim run &apos;a&amp;b.tsdbsim&apos; --seed 2\n"
                   "</failure>"),
            std::string::npos)
      << x;
  EXPECT_NE(x.find("<system-out>summary &lt;ok&gt;\n\xEF\xBF\xBD</system-out>"), std::string::npos) << x;
  EXPECT_NE(x.find("<property name=\"scenario\" value=\"sim/scenarios/flaky.tsdbsim\"/>"), std::string::npos);
}

TEST(SweepJUnitTest, AnEmptyShardIsAnEmptySuite) {
  const std::string x = JUnitXml({.name = "a\"b"}, {});
  std::string why;
  EXPECT_TRUE(WellFormed(x, &why)) << why;
  EXPECT_NE(x.find("<testsuite name=\"a&quot;b\" tests=\"0\" failures=\"0\""), std::string::npos) << x;
}

TEST(SweepJUnitTest, TheCheckerCatchesBrokenXml) {
  std::string why;
  EXPECT_FALSE(WellFormed("<a><b></a></b>", &why));
  EXPECT_FALSE(WellFormed("<a>x & y</a>", &why));
  EXPECT_FALSE(WellFormed("<a x=\"<\"/>", &why));
  EXPECT_FALSE(WellFormed("<a>", &why));
}

}  // namespace
}  // namespace tsdbsim
