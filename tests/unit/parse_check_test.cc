// What `tsdbsim parse` checks of a page (CheckPage): the parser's errors and
// the label checks a scrape makes, each placed on the page; and the verdict
// of the real scrape path (scrape loop, fanout, head) on the same pages,
// which must be the same.
#include <gtest/gtest.h>

#include <bit>
#include <string>
#include <string_view>

#include "engine/scrape/page_check.h"
#include "support/scrape_rig.h"
#include "support/textparse_page.h"

namespace tsdb::scrape {
namespace {

using tsdb::testing::kOpenMetricsType;

// "" when the page is accepted, else "LINE:COL: message" as parse prints it.
std::string ParseVerdict(std::string_view page, std::string_view content_type = "") {
  const CheckedPage c = CheckPage(page, content_type);
  if (c.error.ok()) return "";
  return std::to_string(c.error_at.line) + ":" + std::to_string(c.error_at.column) + ": " +
         c.error.message();
}

// One scrape of page by a target with job="node", instance="node-1:9100":
// "" when it came up, else the error it reported.
std::string ScrapeVerdict(std::string_view page, std::string_view content_type) {
  tsdb::testing::ScrapeRig rig;
  tsdb::testing::FakeScraper s("node-1:9100");
  s.response.body = std::string(page);
  s.response.content_type = std::string(content_type);
  const ScrapeConfig cfg = tsdb::testing::ScrapeRig::Job("node");
  if (!rig.manager->ApplyConfig({{cfg, {{&s, Labels()}}}}).ok()) return "bad config";
  if (!rig.loop.RunUntilTrue([&] { return !s.scrape_times.empty(); }, 100000)) return "no scrape";
  rig.loop.RunUntil(s.scrape_times.back() + cfg.scrape_timeout_ms);
  const ScrapeReport& r = rig.manager->pool("node")->LoopFor(&s)->last_report();
  EXPECT_EQ(r.up, r.error.empty()) << page;
  return r.error;
}

TEST(ParseCheckTest, RepeatedLabelNameIsPlacedAtItsSample) {
  EXPECT_EQ(ParseVerdict("ok 1\nm{a=\"1\",a=\"2\"} 1\n"),
            "2:1: label name \"a\" is not unique: invalid sample");
  EXPECT_EQ(ParseVerdict("ok 1\nm{a=\"1\",a=\"2\"} 1\n# EOF\n", kOpenMetricsType),
            "2:1: label name \"a\" is not unique: invalid sample");
  // The metric name given again as a label repeats __name__.
  EXPECT_EQ(ParseVerdict("m{__name__=\"n\"} 1\n"),
            "1:1: label name \"__name__\" is not unique: invalid sample");
  // A label value over two lines: the sample is placed where it began.
  EXPECT_EQ(ParseVerdict("ok 1\nm{b=\"1\n2\",b=\"1\"} 1\n"),
            "2:1: label name \"b\" is not unique: invalid sample");
}

TEST(ParseCheckTest, BlanksBeforeTheNameMakeAnInvalidMetricName) {
  // 2.42 slices the name from the start of the entry (FORMAT.md).
  EXPECT_EQ(ParseVerdict("ok 1\n  m{a=\"1\"} 1\n"),
            "2:1: invalid metric name or label names: {__name__=\"  m\", a=\"1\"}");
  // The scrape checks the name before repeats, so this is the error here too.
  EXPECT_EQ(ParseVerdict("ok 1\n\n\tm{b=\"1\"b=\"1\"} 1\n"),
            "3:1: invalid metric name or label names: {__name__=\"\\tm\", b=\"1\", b=\"1\"}");
}

TEST(ParseCheckTest, AnEmptyValueRemovesEveryPairOfItsName) {
  // As 2.42's labels.Builder does: `a` goes altogether, so it is no repeat.
  EXPECT_EQ(ParseVerdict("m{a=\"\",a=\"2\"} 1\n"), "");
  // And an empty __name__ takes the metric name with it.
  EXPECT_EQ(ParseVerdict("m{__name__=\"\"} 1\n"), "1:1: missing metric name (__name__ label)");
}

TEST(ParseCheckTest, UnclosedQuoteIsPlacedWhereItOpened) {
  EXPECT_EQ(ParseVerdict("ok 1\nm{a=\"1} 1\nb 2\nc 3\n"),
            "2:5: expected label value, got \"INVALID\"");
  EXPECT_EQ(ParseVerdict("ok 1\nm{a=\"1} 1\n"), "2:5: expected label value, got \"INVALID\"");
}

TEST(ParseCheckTest, AcceptedPageKeepsEverySampleAsExposed) {
  const CheckedPage c = CheckPage("# TYPE m counter\nm{b=\"2\",a=\"\"} 1 1700\nn NaN\n", "");
  ASSERT_TRUE(c.error.ok()) << c.error.message();
  ASSERT_EQ(c.samples.size(), 2u);
  // Labels as the page has them (the empty one too), sorted.
  EXPECT_EQ(c.samples[0].labels, Labels::FromStrings({"__name__", "m", "a", "", "b", "2"}));
  EXPECT_EQ(c.samples[0].value, 1.0);
  EXPECT_EQ(c.samples[0].timestamp_ms, 1700);
  EXPECT_EQ(c.samples[1].labels, Labels::FromStrings({"__name__", "n"}));
  EXPECT_EQ(std::bit_cast<uint64_t>(c.samples[1].value), 0x7FF8000000000001u);
  EXPECT_FALSE(c.samples[1].timestamp_ms.has_value());
}

TEST(ParseCheckTest, AnErrorKeepsNoSamples) {
  const CheckedPage c = CheckPage("a 1\nb 2\nm{a=\"1\",a=\"2\"} 1\nc 3\n", "");
  EXPECT_FALSE(c.error.ok());
  EXPECT_TRUE(c.samples.empty());
}

// The scrape words a label error without a position, and its invalid-name
// message shows the set with the target's labels; otherwise the two agree
// word for word.
TEST(ParseScrapeVerdictTest, SameVerdictOnTheSamePage) {
  struct Case {
    std::string_view page;
    std::string_view content_type;
    std::string parse;
    std::string scrape;
  };
  const std::string text = "text/plain; version=0.0.4";
  const std::string om(kOpenMetricsType);
  const std::string dup_a = "label name \"a\" is not unique: invalid sample";
  const std::string unclosed = "2:5: expected label value, got \"INVALID\"";
  const Case cases[] = {
      {"# HELP ok An ok page.\n# TYPE ok gauge\nok{a=\"1\"} 1\nok{a=\"2\",b=\"\"} 2\n", text, "", ""},
      {"ok 1\nm{a=\"1\",a=\"2\"} 1\n", text, "2:1: " + dup_a, dup_a},
      {"ok 1\nm{a=\"1\",a=\"2\"} 1\n# EOF\n", om, "2:1: " + dup_a, dup_a},
      {"m{__name__=\"n\"} 1\n", text, "1:1: label name \"__name__\" is not unique: invalid sample",
       "label name \"__name__\" is not unique: invalid sample"},
      {"ok 1\nm{a=\"1} 1\nb 2\nc 3\n", text, unclosed, unclosed},
      {"ok 1\nm{a=\"1} 1\n", text, unclosed, unclosed},
      {"ok 1\n m 1\n", text, "2:1: invalid metric name or label names: {__name__=\" m\"}",
       "invalid metric name or label names: {__name__=\" m\", instance=\"node-1:9100\", job=\"node\"}"},
      {"m{__name__=\"\"} 1\n", text, "1:1: missing metric name (__name__ label)",
       "missing metric name (__name__ label)"},
      {"m{a=\"\",a=\"2\"} 1\n", text, "", ""},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(ParseVerdict(c.page, c.content_type), c.parse) << c.page;
    EXPECT_EQ(ScrapeVerdict(c.page, c.content_type), c.scrape) << c.page;
  }
}

}  // namespace
}  // namespace tsdb::scrape
