// The OpenMetrics parser: `# EOF`, UNIT, the OpenMetrics types, timestamps
// in seconds, exemplars, the stricter line syntax, and how a Content-Type
// picks the parser. Messages are 2.42's (checked against its textparse).
#include <gtest/gtest.h>

#include <bit>
#include <limits>
#include <string>

#include "engine/scrape/textparse/go_strconv.h"
#include "engine/scrape/textparse/parser.h"
#include "support/textparse_page.h"

namespace tsdb::scrape {
namespace {

using tsdb::testing::kOpenMetricsType;
using tsdb::testing::ParsedPage;

ParsedPage Om(std::string_view page) { return tsdb::testing::ParsePage(page, kOpenMetricsType); }

struct Failure {
  std::string message;
  int line;
  int column;
  friend bool operator==(const Failure&, const Failure&) = default;
  friend std::ostream& operator<<(std::ostream& os, const Failure& f) {
    return os << f.line << ":" << f.column << ": " << f.message;
  }
};

Failure OmFails(std::string_view page) {
  const ParsedPage p = Om(page);
  EXPECT_FALSE(p.ok) << page;
  return {p.error, p.position.line, p.position.column};
}

uint64_t Bits(double v) { return std::bit_cast<uint64_t>(v); }

TEST(OpenMetricsParseTest, AFullPage) {
  const ParsedPage p =
      Om("# HELP http_requests Requests \\\"served\\\".\n"
         "# TYPE http_requests counter\n"
         "# UNIT http_request_duration_seconds seconds\n"
         "http_requests_total{code=\"200\",path=\"/a\\\\b\"} 1027 1395066363.5\n"
         "http_requests_created 1 1395066363\n"
         "up NaN\n"
         "# EOF\n");
  ASSERT_TRUE(p.ok) << p.error << " at " << p.position.line << ":" << p.position.column;
  ASSERT_EQ(p.meta.size(), 3u);
  EXPECT_EQ(p.meta[0].text, "Requests \"served\".");  // OpenMetrics HELP unescapes \" too
  EXPECT_EQ(p.meta[1].type, MetricType::kCounter);
  EXPECT_EQ(p.meta[2].kind, EntryType::kUnit);
  EXPECT_EQ(p.meta[2].name, "http_request_duration_seconds");
  EXPECT_EQ(p.meta[2].text, "seconds");
  ASSERT_EQ(p.samples.size(), 3u);
  EXPECT_EQ(p.samples[0].series, "http_requests_total{code=\"200\",path=\"/a\\\\b\"}");
  EXPECT_EQ(p.samples[0].labels, Labels::FromStrings({"__name__", "http_requests_total", "code",
                                                      "200", "path", "/a\\b"}));
  EXPECT_EQ(p.samples[0].value_bits, Bits(1027));
  EXPECT_EQ(p.samples[0].ts, 1395066363500);
  EXPECT_EQ(p.samples[1].ts, 1395066363000);
  EXPECT_EQ(p.samples[2].value_bits, kNormalNaNBits);
  EXPECT_FALSE(p.samples[2].ts.has_value());
}

TEST(OpenMetricsParseTest, EofIsRequiredAndFinal) {
  EXPECT_TRUE(Om("# EOF\n").ok);
  EXPECT_TRUE(Om("a 1\n# EOF").ok);  // the newline after EOF is optional
  EXPECT_EQ(OmFails("a 1\n"), (Failure{"data does not end with # EOF", 2, 1}));
  EXPECT_EQ(OmFails(""), (Failure{"data does not end with # EOF", 1, 1}));
  EXPECT_EQ(OmFails("a 1"), (Failure{"data does not end with # EOF", 1, 4}));
  EXPECT_EQ(OmFails("# EOF\na 1\n"), (Failure{"unexpected data after # EOF", 2, 1}));
  EXPECT_EQ(OmFails("# EOF\n\n"), (Failure{"unexpected data after # EOF", 2, 1}));
  EXPECT_EQ(OmFails("# EOF "), (Failure{"unexpected data after # EOF", 1, 6}));
}

TEST(OpenMetricsParseTest, Types) {
  const ParsedPage p =
      Om("# TYPE a counter\n# TYPE b gauge\n# TYPE c histogram\n# TYPE d gaugehistogram\n"
         "# TYPE e summary\n# TYPE f info\n# TYPE g stateset\n# TYPE h unknown\n# EOF\n");
  ASSERT_TRUE(p.ok) << p.error;
  const MetricType want[] = {
      MetricType::kCounter, MetricType::kGauge, MetricType::kHistogram, MetricType::kGaugeHistogram,
      MetricType::kSummary, MetricType::kInfo,  MetricType::kStateset,  MetricType::kUnknown};
  ASSERT_EQ(p.meta.size(), 8u);
  for (size_t i = 0; i < 8; i++) EXPECT_EQ(p.meta[i].type, want[i]) << i;
  EXPECT_EQ(OmFails("# TYPE a untyped\n# EOF\n"),
            (Failure{"invalid metric type \"untyped\"", 1, 10}));
}

TEST(OpenMetricsParseTest, Unit) {
  EXPECT_TRUE(Om("# UNIT a_b_seconds seconds\n# UNIT x \n# EOF\n").ok);  // an empty unit is fine
  EXPECT_EQ(OmFails("# UNIT foo_seconds milliseconds\n# EOF\n"),
            (Failure{"unit not a suffix of metric \"foo_seconds\"", 1, 20}));
  EXPECT_EQ(OmFails("# UNIT fooseconds seconds\n# EOF\n"),
            (Failure{"unit not a suffix of metric \"fooseconds\"", 1, 19}));
  EXPECT_EQ(OmFails("# UNIT seconds seconds\n# EOF\n"),
            (Failure{"unit not a suffix of metric \"seconds\"", 1, 16}));
}

// Seconds become milliseconds as 2.42 computes them: int64(s * 1000), a
// float product truncated toward zero.
TEST(OpenMetricsParseTest, TimestampsInSeconds) {
  const ParsedPage p =
      Om("a 1 1.5\nb 1 -1.5\nc 1 1e3\nd 1 1.001\ne 1 0.0005\nf 1 -0.0009\ng 1 1e300\n# EOF\n");
  ASSERT_TRUE(p.ok) << p.error;
  ASSERT_EQ(p.samples.size(), 7u);
  EXPECT_EQ(p.samples[0].ts, 1500);
  EXPECT_EQ(p.samples[1].ts, -1500);
  EXPECT_EQ(p.samples[2].ts, 1000000);
  EXPECT_EQ(p.samples[3].ts, 1000);  // 1.001 * 1000 = 1000.9999999999999
  EXPECT_EQ(p.samples[4].ts, 0);
  EXPECT_EQ(p.samples[5].ts, 0);
  // Out of int64's range Go on amd64 yields the minimum int64.
  EXPECT_EQ(p.samples[6].ts, std::numeric_limits<int64_t>::min());

  EXPECT_EQ(OmFails("a 1 NaN\n# EOF\n"), (Failure{"invalid timestamp", 1, 5}));
  EXPECT_EQ(OmFails("a 1 -Inf\n# EOF\n"), (Failure{"invalid timestamp", 1, 5}));
  EXPECT_EQ(OmFails("a 1 12:00\n# EOF\n"),
            (Failure{"strconv.ParseFloat: parsing \"12:00\": invalid syntax", 1, 5}));
  EXPECT_EQ(OmFails("a 1 2 3\n# EOF\n"),
            (Failure{"expected next entry after timestamp, got \"TIMESTAMP\"", 1, 7}));
}

TEST(OpenMetricsParseTest, ExemplarsAreValidatedAndIgnored) {
  const ParsedPage p =
      Om("foo_total 17 # {trace_id=\"oHg5SJYRHA0\"} 9.8 1520879607.789\n"
         "foo_bucket{le=\"0.5\"} 3 1520879607 # {} 0.3\n"
         "foo_bucket{le=\"+Inf\"} 4 # {a=\"b\",c=\"d\"} 1\n"
         "# EOF\n");
  ASSERT_TRUE(p.ok) << p.error;
  ASSERT_EQ(p.samples.size(), 3u);
  EXPECT_EQ(p.samples[0].series, "foo_total");
  EXPECT_EQ(p.samples[0].labels, Labels::FromStrings({"__name__", "foo_total"}));
  EXPECT_EQ(p.samples[0].value_bits, Bits(17));
  EXPECT_FALSE(p.samples[0].ts.has_value());
  EXPECT_EQ(p.samples[1].ts, 1520879607000);
  EXPECT_EQ(p.samples[2].labels.Get("le"), "+Inf");

  // Only counters' _total and histograms' _bucket series may carry one.
  EXPECT_EQ(OmFails("foo 1 # {a=\"b\"} 1\n# EOF\n"),
            (Failure{"metric name foo does not support exemplars", 1, 7}));
  EXPECT_EQ(OmFails("foo_total 1 # {a=\"\xff\"} 1\n# EOF\n"),
            (Failure{"invalid UTF-8 label value", 1, 19}));
  EXPECT_EQ(OmFails("foo_total 1 # {a=\"b\"}\n# EOF\n"),
            (Failure{"expected value after exemplar labels, got \"INVALID\"", 1, 22}));
  EXPECT_EQ(OmFails("foo_total 1 # {a=\"b\"} 1 NaN\n# EOF\n"),
            (Failure{"invalid exemplar timestamp", 1, 25}));
  EXPECT_EQ(OmFails("foo_total 1 # {a=\"b\",} 1\n# EOF\n"),
            (Failure{"expected label name, got \"BCLOSE\"", 1, 22}));
  EXPECT_EQ(OmFails("foo_total 1 # {a=\"b\"} 1 2 3\n# EOF\n"),
            (Failure{"expected next entry after exemplar timestamp, got \"TIMESTAMP\"", 1, 27}));
  EXPECT_EQ(OmFails("foo_total 1 # {a=\"b\"} x\n# EOF\n"),
            (Failure{"strconv.ParseFloat: parsing \"x\": invalid syntax", 1, 23}));
  EXPECT_EQ(OmFails("foo_total 1 # x\n# EOF\n"),
            (Failure{"expected timestamp or # symbol, got \"INVALID\"", 1, 15}));
  EXPECT_EQ(OmFails("foo_total 1 # {a=\"b\"} 1"), (Failure{"data does not end with # EOF", 1, 24}));
}

TEST(OpenMetricsParseTest, StricterSyntaxThanTheTextFormat) {
  // No blank lines, no comments, single spaces only, commas required.
  EXPECT_EQ(OmFails("a 1\n\n# EOF\n"),
            (Failure{"\"INVALID\" \"\\n\" is not a valid start token", 2, 1}));
  EXPECT_EQ(OmFails("# a comment\n# EOF\n"),
            (Failure{"\"INVALID\" \"a\" is not a valid start token", 1, 3}));
  EXPECT_EQ(OmFails("#x\n# EOF\n"),
            (Failure{"\"INVALID\" \"x\" is not a valid start token", 1, 2}));
  EXPECT_EQ(OmFails(" a 1\n# EOF\n"),
            (Failure{"\"INVALID\" \" \" is not a valid start token", 1, 1}));
  // Go prints the byte as the rune U+00E9.
  EXPECT_EQ(OmFails("\xe9\n# EOF\n"),
            (Failure{"\"INVALID\" \"\xc3\xa9\" is not a valid start token", 1, 1}));
  EXPECT_EQ(OmFails("a  1\n# EOF\n"),
            (Failure{"expected value after metric, got \"INVALID\"", 1, 3}));
  EXPECT_EQ(OmFails("a\t1\n# EOF\n"),
            (Failure{"expected value after metric, got \"INVALID\"", 1, 2}));
  EXPECT_EQ(OmFails("a{x=\"1\" y=\"2\"} 1\n# EOF\n"),
            (Failure{"expected comma or left brace, got \"INVALID\"", 1, 8}));
  EXPECT_EQ(OmFails("a{x=\"1\"y=\"2\"} 1\n# EOF\n"),
            (Failure{"expected comma, got \"LNAME\"", 1, 8}));
  EXPECT_EQ(OmFails("a{x=\"1\",} 1\n# EOF\n"),
            (Failure{"expected label name, got \"BCLOSE\"", 1, 9}));
  EXPECT_EQ(OmFails("a{,x=\"1\"} 1\n# EOF\n"),
            (Failure{"expected label name or left brace, got \"COMMA\"", 1, 3}));
  EXPECT_EQ(OmFails("a{x=\"1\"=} 1\n# EOF\n"),
            (Failure{"expected comma or left brace, got \"EQUAL\"", 1, 8}));
  EXPECT_EQ(OmFails("a{x=\"1\n\"} 1\n# EOF\n"),
            (Failure{"expected label value, got \"INVALID\"", 1, 7}));
  EXPECT_EQ(OmFails("# HELP a\n# EOF\n"), (Failure{"expected text in HELP", 1, 9}));
  EXPECT_EQ(OmFails("# HELP a help"), (Failure{"expected text in HELP", 1, 14}));
  EXPECT_EQ(OmFails("# HELP a \xff\n# EOF\n"),
            (Failure{"help text is not a valid utf8 string", 1, 10}));
  EXPECT_TRUE(Om("a{} 1\n# EOF\n").ok);
}

TEST(OpenMetricsParseTest, ContentTypePicksTheParser) {
  const std::string_view page = "a 1\n";  // fine as text, no `# EOF` for OpenMetrics
  const auto kind = [&](std::string_view ct) {
    return tsdb::testing::ParsePage(page, ct).ok ? "text" : "openmetrics";
  };
  EXPECT_STREQ(kind(""), "text");
  EXPECT_STREQ(kind("text/plain; version=0.0.4; charset=utf-8"), "text");
  EXPECT_STREQ(kind("application/openmetrics-text"), "openmetrics");
  EXPECT_STREQ(kind("application/openmetrics-text; version=1.0.0; charset=utf-8"), "openmetrics");
  EXPECT_STREQ(kind("Application/OpenMetrics-Text;version=0.0.1"), "openmetrics");
  EXPECT_STREQ(kind("  application/openmetrics-text ; version=\"1.0.0\" ;"), "openmetrics");
  EXPECT_STREQ(kind("application/openmetrics-text-x"), "text");
  EXPECT_STREQ(kind("application/openmetrics"), "text");
  // Go's mime.ParseMediaType fails on these, and 2.42 falls back to text.
  EXPECT_STREQ(kind("application/openmetrics-text; version=1; version=2"), "text");
  EXPECT_STREQ(kind("application/openmetrics-text; version"), "text");
  EXPECT_STREQ(kind("application/openmetrics-text; version=\"1.0"), "text");
  EXPECT_STREQ(kind("application/openmetrics-text;;"), "text");
}

}  // namespace
}  // namespace tsdb::scrape
