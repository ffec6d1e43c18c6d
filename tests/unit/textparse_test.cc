// The Prometheus text format parser on real pages (node_exporter 1.5.0 and
// Prometheus 2.42.0 /metrics) and on hand-written pages for the rules the
// real pages do not exercise: escapes, timestamps, special values, blank
// lines, comments and 2.42's quirks.
#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <limits>
#include <map>
#include <sstream>
#include <string>

#include "engine/scrape/textparse/go_strconv.h"
#include "engine/scrape/textparse/parser.h"
#include "support/fixtures.h"
#include "support/textparse_page.h"

namespace tsdb::scrape {
namespace {

using tsdb::testing::ReadFixture;
using tsdb::testing::ParsedPage;
using tsdb::testing::ParsedSample;
using tsdb::testing::ParsePage;

uint64_t Bits(double v) { return std::bit_cast<uint64_t>(v); }

const ParsedSample* FindSeries(const ParsedPage& p, std::string_view series) {
  for (const ParsedSample& s : p.samples) {
    if (s.series == series) return &s;
  }
  return nullptr;
}

std::map<std::string, int> CountEntries(const ParsedPage& p) {
  std::map<std::string, int> n;
  for (const auto& m : p.meta) n[m.kind == EntryType::kHelp ? "help" : "type"]++;
  for (const auto& m : p.meta) {
    if (m.kind == EntryType::kType) n[MetricTypeName(m.type)]++;
  }
  return n;
}

// Every sample line of the page starts with its Series() key followed by a
// blank: the key is the line as exposed up to the value.
void ExpectSeriesAreLinePrefixes(const std::string& page, const ParsedPage& parsed) {
  std::istringstream lines(page);
  std::string line;
  size_t i = 0;
  while (std::getline(lines, line)) {
    if (line.empty() || line[0] == '#') continue;
    ASSERT_LT(i, parsed.samples.size());
    const std::string& key = parsed.samples[i++].series;
    EXPECT_EQ(line.substr(0, key.size() + 1), key + " ") << line;
  }
  EXPECT_EQ(i, parsed.samples.size());
}

// ---- The real pages.

TEST(TextParseFixtureTest, NodeExporterPage) {
  const std::string page = ReadFixture("exposition/node_exporter-1.5.0.txt");
  ASSERT_FALSE(page.empty());
  const ParsedPage p = ParsePage(page, "text/plain; version=0.0.4; charset=utf-8");
  ASSERT_TRUE(p.ok) << p.error << " at " << p.position.line << ":" << p.position.column;
  // 507 = lines that are neither comments nor blank:
  //   awk '$0 !~ /^#/ && $0 !~ /^[ \t]*$/' node_exporter-1.5.0.txt | wc -l
  // and the same count from 2.42's own textparse package run on the file.
  EXPECT_EQ(p.samples.size(), 507u);
  // grep -c '^# HELP ' / '^# TYPE ': 283 each; no other comments.
  const auto n = CountEntries(p);
  EXPECT_EQ(n.at("help"), 283);
  EXPECT_EQ(n.at("type"), 283);
  EXPECT_TRUE(p.comments.empty());
  ExpectSeriesAreLinePrefixes(page, p);

  // A summary: quantiles, _sum and _count.
  const ParsedSample* q = FindSeries(p, R"(go_gc_duration_seconds{quantile="0.75"})");
  ASSERT_NE(q, nullptr);
  EXPECT_EQ(q->labels,
            Labels::FromStrings({"__name__", "go_gc_duration_seconds", "quantile", "0.75"}));
  EXPECT_EQ(q->value_bits, Bits(4.3311e-05));
  EXPECT_FALSE(q->ts.has_value());
  ASSERT_NE(FindSeries(p, "go_gc_duration_seconds_sum"), nullptr);
  EXPECT_EQ(FindSeries(p, "go_gc_duration_seconds_count")->value_bits, Bits(19));
  EXPECT_EQ(p.meta[0].name, "go_gc_duration_seconds");
  EXPECT_EQ(p.meta[0].text, "A summary of the pause duration of garbage collection cycles.");
  EXPECT_EQ(p.meta[1].type, MetricType::kSummary);

  // A `#` inside a label value is no comment; empty label values are kept.
  const ParsedSample* uname = nullptr;
  const ParsedSample* os = nullptr;
  for (const auto& s : p.samples) {
    if (s.series.starts_with("node_uname_info{")) uname = &s;
    if (s.series.starts_with("node_os_info{")) os = &s;
  }
  ASSERT_NE(uname, nullptr);
  EXPECT_EQ(uname->labels.Get("version"), "#1 SMP PREEMPT_DYNAMIC @0");
  EXPECT_EQ(uname->labels.Get("domainname"), "(none)");
  ASSERT_NE(os, nullptr);
  EXPECT_TRUE(os->labels.Has("build_id"));
  EXPECT_EQ(os->labels.Get("build_id"), "");
  EXPECT_EQ(os->labels.Get("pretty_name"), "Debian GNU/Linux 12 (bookworm)");
  EXPECT_EQ(os->labels.size(), 13u);  // __name__ and 12 labels

  // A counter with two labels and a large float in exponent form.
  const ParsedSample* cpu = FindSeries(p, R"(node_cpu_seconds_total{cpu="0",mode="idle"})");
  ASSERT_NE(cpu, nullptr);
  EXPECT_EQ(cpu->value_bits, Bits(200.48));
  EXPECT_EQ(FindSeries(p, "go_memstats_last_gc_time_seconds")->value_bits,
            Bits(1.7952344366688855e+09));
}

TEST(TextParseFixtureTest, PrometheusPage) {
  const std::string page = ReadFixture("exposition/prometheus-2.42.0.txt");
  ASSERT_FALSE(page.empty());
  const ParsedPage p = ParsePage(page, "text/plain; version=0.0.4; charset=utf-8");
  ASSERT_TRUE(p.ok) << p.error << " at " << p.position.line << ":" << p.position.column;
  // 611 = awk '$0 !~ /^#/ && $0 !~ /^[ \t]*$/' prometheus-2.42.0.txt | wc -l,
  // confirmed with 2.42's own textparse package.
  EXPECT_EQ(p.samples.size(), 611u);
  const auto n = CountEntries(p);
  EXPECT_EQ(n.at("help"), 169);
  EXPECT_EQ(n.at("type"), 169);
  ExpectSeriesAreLinePrefixes(page, p);

  // A histogram: buckets with le (the last one +Inf), _sum and _count.
  const std::string h = "prometheus_http_request_duration_seconds";
  const ParsedSample* b01 = FindSeries(p, h + R"(_bucket{handler="/metrics",le="0.1"})");
  ASSERT_NE(b01, nullptr);
  EXPECT_EQ(b01->labels,
            Labels::FromStrings({"__name__", h + "_bucket", "handler", "/metrics", "le", "0.1"}));
  EXPECT_EQ(b01->value_bits, Bits(23));
  const ParsedSample* inf = FindSeries(p, h + R"(_bucket{handler="/metrics",le="+Inf"})");
  ASSERT_NE(inf, nullptr);
  EXPECT_EQ(inf->labels.Get("le"), "+Inf");
  EXPECT_EQ(FindSeries(p, h + R"(_sum{handler="/metrics"})")->value_bits, Bits(0.083887411));
  EXPECT_EQ(FindSeries(p, h + R"(_count{handler="/metrics"})")->value_bits, Bits(23));
  bool typed_histogram = false;
  for (const auto& m : p.meta) {
    if (m.kind == EntryType::kType && m.name == h)
      typed_histogram = m.type == MetricType::kHistogram;
  }
  EXPECT_TRUE(typed_histogram);

  const ParsedSample* build =
      FindSeries(p, std::string(R"(prometheus_build_info{branch="debian/sid",goarch="amd64",)") +
                        R"(goos="linux",goversion="go1.19.8",revision="2.42.0+ds-5+deb12u1",)" +
                        R"(version="2.42.0+ds"})");
  ASSERT_NE(build, nullptr);
  EXPECT_EQ(build->labels.Get("revision"), "2.42.0+ds-5+deb12u1");
}

// ---- Hand-written pages.

TEST(TextParseTest, LabelValueEscapes) {
  const ParsedPage p = ParsePage(
      "foo{a=\"x\\\"y\\\\z\\nw\",b=\"\\t\",c=\"\\\\n\",d=\"caf\xc3\xa9 \xf0\x9f\x98\x80\"} 1\n");
  ASSERT_TRUE(p.ok) << p.error;
  ASSERT_EQ(p.samples.size(), 1u);
  const Labels& l = p.samples[0].labels;
  EXPECT_EQ(l.Get("a"), "x\"y\\z\nw");
  EXPECT_EQ(l.Get("b"), "\\t");  // unknown escapes stay as written
  EXPECT_EQ(l.Get("c"), "\\n");  // `\\` first, then a plain n
  EXPECT_EQ(l.Get("d"), "caf\xc3\xa9 \xf0\x9f\x98\x80");
  // The cache key keeps the escapes as exposed.
  EXPECT_EQ(p.samples[0].series,
            "foo{a=\"x\\\"y\\\\z\\nw\",b=\"\\t\",c=\"\\\\n\",d=\"caf\xc3\xa9 \xf0\x9f\x98\x80\"}");
}

TEST(TextParseTest, HelpEscapesOnlyBackslashAndNewline) {
  const ParsedPage p = ParsePage("# HELP foo a\\\\b\\nc \\\"d\\t\n# HELP bar   spaced  \n");
  ASSERT_TRUE(p.ok) << p.error;
  ASSERT_EQ(p.meta.size(), 2u);
  EXPECT_EQ(p.meta[0].kind, EntryType::kHelp);
  EXPECT_EQ(p.meta[0].name, "foo");
  EXPECT_EQ(p.meta[0].text, "a\\b\nc \\\"d\\t");
  EXPECT_EQ(p.meta[1].text, "  spaced  ");  // only the first blank is the separator
}

TEST(TextParseTest, TypesCommentsAndBlankLines) {
  const ParsedPage p = ParsePage(
      "\n# TYPE a counter\n# TYPE b gauge\n# TYPE c histogram\n# TYPE d summary\n"
      "# TYPE e untyped\n   \n# just a comment\n#no blank after the hash\n# HELP\n\t\n");
  ASSERT_TRUE(p.ok) << p.error;
  ASSERT_EQ(p.meta.size(), 5u);
  EXPECT_EQ(p.meta[0].type, MetricType::kCounter);
  EXPECT_EQ(p.meta[1].type, MetricType::kGauge);
  EXPECT_EQ(p.meta[2].type, MetricType::kHistogram);
  EXPECT_EQ(p.meta[3].type, MetricType::kSummary);
  EXPECT_EQ(p.meta[4].type, MetricType::kUntyped);
  EXPECT_EQ(p.comments,
            (std::vector<std::string>{"# just a comment", "#no blank after the hash", "# HELP"}));
  EXPECT_TRUE(p.samples.empty());
}

TEST(TextParseTest, ValuesAndTimestamps) {
  const ParsedPage p = ParsePage(
      "a 1e3\nb +Inf\nc -Inf 5\nd NaN\ne nan\nf Inf\ng -0\nh 4.9406564584124654e-324\n"
      "i 1e-400\nj .5\nk 5. 9223372036854775807\nl +infinity 0\nm 0.1 1700000000000\n");
  ASSERT_TRUE(p.ok) << p.error;
  ASSERT_EQ(p.samples.size(), 13u);
  const auto& s = p.samples;
  EXPECT_EQ(s[0].value_bits, Bits(1000));
  EXPECT_EQ(s[1].value_bits, Bits(std::numeric_limits<double>::infinity()));
  EXPECT_EQ(s[2].value_bits, Bits(-std::numeric_limits<double>::infinity()));
  EXPECT_EQ(s[2].ts, 5);
  EXPECT_EQ(s[3].value_bits, kNormalNaNBits);
  EXPECT_EQ(s[4].value_bits, kNormalNaNBits);
  EXPECT_EQ(s[5].value_bits, Bits(std::numeric_limits<double>::infinity()));
  EXPECT_EQ(s[6].value_bits, Bits(-0.0));
  EXPECT_EQ(s[7].value_bits, uint64_t{1});  // the smallest subnormal
  EXPECT_EQ(s[8].value_bits, Bits(0.0));    // underflow is no error in Go
  EXPECT_EQ(s[9].value_bits, Bits(0.5));
  EXPECT_EQ(s[10].value_bits, Bits(5));
  EXPECT_EQ(s[10].ts, std::numeric_limits<int64_t>::max());
  EXPECT_EQ(s[11].ts, 0);
  EXPECT_EQ(s[12].ts, 1700000000000);
  EXPECT_FALSE(s[0].ts.has_value());
}

TEST(TextParseTest, LabelListSyntax) {
  const ParsedPage p = ParsePage(
      "a{x=\"1\",} 1\n"          // a trailing comma
      "b{x=\"1\" y=\"2\"} 2\n"   // 2.42 does not require commas between pairs
      "c{} 3\n"                  // an empty list
      "d { x = \"1\" , } 4 7\n"  // blanks between all tokens
      "e{x=\"a\nb\"} 5\n");      // a raw newline inside a label value
  ASSERT_TRUE(p.ok) << p.error;
  ASSERT_EQ(p.samples.size(), 5u);
  EXPECT_EQ(p.samples[0].labels, Labels::FromStrings({"__name__", "a", "x", "1"}));
  EXPECT_EQ(p.samples[1].labels, Labels::FromStrings({"__name__", "b", "x", "1", "y", "2"}));
  EXPECT_EQ(p.samples[2].labels, Labels::FromStrings({"__name__", "c"}));
  EXPECT_EQ(p.samples[2].series, "c{}");
  EXPECT_EQ(p.samples[3].series, "d { x = \"1\" , }");
  EXPECT_EQ(p.samples[3].labels, Labels::FromStrings({"__name__", "d", "x", "1"}));
  EXPECT_EQ(p.samples[3].ts, 7);
  EXPECT_EQ(p.samples[4].labels.Get("x"), "a\nb");
}

TEST(TextParseTest, NoTrailingNewlineNeeded) {
  const ParsedPage p = ParsePage("foo 1 2");
  ASSERT_TRUE(p.ok) << p.error;
  ASSERT_EQ(p.samples.size(), 1u);
  EXPECT_EQ(p.samples[0].ts, 2);
  EXPECT_TRUE(ParsePage("").ok);
}

// 2.42 keeps the blanks that start a line in the series and in __name__
// (the scrape then rejects the name as invalid).
TEST(TextParseTest, LeadingBlanksBecomePartOfTheName) {
  const ParsedPage p = ParsePage("  foo{a=\"b\"} 1\n");
  ASSERT_TRUE(p.ok) << p.error;
  ASSERT_EQ(p.samples.size(), 1u);
  EXPECT_EQ(p.samples[0].series, "  foo{a=\"b\"}");
  EXPECT_EQ(p.samples[0].labels.Get("__name__"), "  foo");
}

// A NUL byte where a line starts, or in a comment without a blank after the
// `#`, ends the page as if it were its end: what follows is never read.
TEST(TextParseTest, NulByteEndsThePage) {
  const ParsedPage p = ParsePage(std::string("a 1\n\0b 2\n", 9));
  ASSERT_TRUE(p.ok) << p.error;
  ASSERT_EQ(p.samples.size(), 1u);
  const ParsedPage q = ParsePage(std::string("a 1\n#x\0y\nb 2\n", 13));
  ASSERT_TRUE(q.ok) << q.error;
  EXPECT_EQ(q.samples.size(), 1u);
  // Inside a label value NULs are kept as data.
  const ParsedPage r = ParsePage(std::string("a{x=\"1\0\"} 1\n", 12));
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.samples[0].labels.Get("x"), std::string("1\0", 2));
}

// A HELP or TYPE line takes the byte after the name as the separator,
// whatever it is.
TEST(TextParseTest, MetadataSeparatorIsAnyByte) {
  const ParsedPage p = ParsePage("# TYPE foo-counter\n# HELP bar.baz text\n");
  ASSERT_TRUE(p.ok) << p.error;
  ASSERT_EQ(p.meta.size(), 2u);
  EXPECT_EQ(p.meta[0].name, "foo");
  EXPECT_EQ(p.meta[0].type, MetricType::kCounter);
  EXPECT_EQ(p.meta[1].name, "bar");
  EXPECT_EQ(p.meta[1].text, "baz text");
}

TEST(TextParseTest, LabelsResetsTheBuilder) {
  auto parser = NewParser("foo{a=\"b\"} 1\n", "");
  ASSERT_EQ(*parser->Next(), EntryType::kSeries);
  LabelsBuilder b;
  b.Add("stale", "pair");
  parser->Labels(&b);
  EXPECT_EQ(b.Build(), Labels::FromStrings({"__name__", "foo", "a", "b"}));
  EXPECT_EQ(*parser->Next(), EntryType::kEof);
}

TEST(TextParseTest, MetricTypeNames) {
  EXPECT_STREQ(MetricTypeName(MetricType::kCounter), "counter");
  EXPECT_STREQ(MetricTypeName(MetricType::kGaugeHistogram), "gaugehistogram");
  EXPECT_STREQ(MetricTypeName(MetricType::kUnknown), "unknown");
  EXPECT_STREQ(MetricTypeName(MetricType::kUntyped), "untyped");
  EXPECT_STREQ(MetricTypeName(MetricType::kStateset), "stateset");
  EXPECT_STREQ(MetricTypeName(MetricType::kInfo), "info");
}

}  // namespace
}  // namespace tsdb::scrape
