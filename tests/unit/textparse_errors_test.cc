// Malformed text format pages: one test per kind of error, each checking
// 2.42's message (verified against its textparse package) and the line and
// column where our parser says it stopped.
#include <gtest/gtest.h>

#include <string>

#include "support/textparse_page.h"

namespace tsdb::scrape {
namespace {

using tsdb::testing::ParsePage;

struct Failure {
  std::string message;
  int line;
  int column;
  friend bool operator==(const Failure&, const Failure&) = default;
  friend std::ostream& operator<<(std::ostream& os, const Failure& f) {
    return os << f.line << ":" << f.column << ": " << f.message;
  }
};

Failure Fails(std::string_view page, std::string_view content_type = "") {
  const auto p = ParsePage(page, content_type);
  EXPECT_FALSE(p.ok) << page;
  return {p.error, p.position.line, p.position.column};
}

TEST(TextParseErrorTest, InvalidMetricName) {
  EXPECT_EQ(Fails("ok 1\n1foo 1\n"), (Failure{"\"INVALID\" is not a valid start token", 2, 1}));
  EXPECT_EQ(Fails("{a=\"b\"} 1\n"), (Failure{"\"INVALID\" is not a valid start token", 1, 1}));
  // A name stops at the first byte it cannot hold; the rest reads as the value.
  EXPECT_EQ(Fails("foo-bar 1\n"),
            (Failure{"strconv.ParseFloat: parsing \"-bar\": invalid syntax", 1, 4}));
  EXPECT_EQ(Fails("# HELP 1x help\n"),
            (Failure{"expected metric name after HELP, got \"INVALID\"", 1, 8}));
  EXPECT_EQ(Fails("# TYPE \n"),
            (Failure{"expected metric name after TYPE, got \"INVALID\"", 1, 8}));
}

TEST(TextParseErrorTest, BadLabelName) {
  EXPECT_EQ(Fails("foo{,} 1\n"), (Failure{"expected label name, got \"COMMA\"", 1, 5}));
  EXPECT_EQ(Fails("foo{a:b=\"c\"} 1\n"), (Failure{"expected equal, got \"INVALID\"", 1, 6}));
  EXPECT_EQ(Fails("foo{1=\"c\"} 1\n"), (Failure{"expected label name, got \"INVALID\"", 1, 5}));
  EXPECT_EQ(Fails("foo{a=\"b\",,} 1\n"), (Failure{"expected label name, got \"COMMA\"", 1, 11}));
}

TEST(TextParseErrorTest, MissingEqual) {
  EXPECT_EQ(Fails("foo{a\"b\"} 1\n"), (Failure{"expected equal, got \"INVALID\"", 1, 6}));
  EXPECT_EQ(Fails("foo{a} 1\n"), (Failure{"expected equal, got \"BCLOSE\"", 1, 6}));
}

TEST(TextParseErrorTest, MissingOrInvalidLabelValue) {
  EXPECT_EQ(Fails("foo{a=} 1\n"), (Failure{"expected label value, got \"INVALID\"", 1, 7}));
  EXPECT_EQ(Fails("foo{a=b} 1\n"), (Failure{"expected label value, got \"INVALID\"", 1, 7}));
  EXPECT_EQ(Fails("foo{a='b'} 1\n"), (Failure{"expected label value, got \"INVALID\"", 1, 7}));
  // A backslash may not escape a newline.
  EXPECT_EQ(Fails("foo{a=\"b\\\nc\"} 1\n"),
            (Failure{"expected label value, got \"INVALID\"", 1, 10}));
}

TEST(TextParseErrorTest, InvalidUtf8) {
  EXPECT_EQ(Fails("foo{a=\"ok\",b=\"x\xff\"} 1\n"), (Failure{"invalid UTF-8 label value", 1, 16}));
  // Surrogates and overlong forms are as invalid as in Go.
  EXPECT_EQ(Fails("foo{a=\"\xed\xa0\x80\"} 1\n"), (Failure{"invalid UTF-8 label value", 1, 8}));
  EXPECT_EQ(Fails("foo{a=\"\xc0\xaf\"} 1\n"), (Failure{"invalid UTF-8 label value", 1, 8}));
  EXPECT_EQ(Fails("# HELP foo caf\xc3\n"),
            (Failure{"help text is not a valid utf8 string", 1, 15}));
}

TEST(TextParseErrorTest, InvalidValue) {
  EXPECT_EQ(Fails("foo abc\n"),
            (Failure{"strconv.ParseFloat: parsing \"abc\": invalid syntax", 1, 5}));
  EXPECT_EQ(Fails("foo{a=\"b\"} 1,5\n"),
            (Failure{"strconv.ParseFloat: parsing \"1,5\": invalid syntax", 1, 12}));
  EXPECT_EQ(Fails("foo 0x10\n"),
            (Failure{"strconv.ParseFloat: parsing \"0x10\": invalid syntax", 1, 5}));
  EXPECT_EQ(Fails("foo +NaN\n"),
            (Failure{"strconv.ParseFloat: parsing \"+NaN\": invalid syntax", 1, 5}));
  EXPECT_EQ(Fails("foo 1e400\n"),
            (Failure{"strconv.ParseFloat: parsing \"1e400\": value out of range", 1, 5}));
  // Go's %q of the value escapes what is not printable.
  EXPECT_EQ(Fails("foo 1\x01\xff\n"),
            (Failure{"strconv.ParseFloat: parsing \"1\\x01\\xff\": invalid syntax", 1, 5}));
}

TEST(TextParseErrorTest, UnsupportedCharacterInFloat) {
  EXPECT_EQ(Fails("foo 0x1p3\n"), (Failure{"unsupported character in float", 1, 5}));
  EXPECT_EQ(Fails("foo 1_000\n"), (Failure{"unsupported character in float", 1, 5}));
  EXPECT_EQ(Fails("foo P\n"), (Failure{"unsupported character in float", 1, 5}));
}

TEST(TextParseErrorTest, MissingValue) {
  EXPECT_EQ(Fails("foo\n"), (Failure{"expected value after metric, got \"INVALID\"", 1, 4}));
  EXPECT_EQ(Fails("foo{a=\"b\"}\nbar 1\n"),
            (Failure{"expected value after metric, got \"INVALID\"", 1, 11}));
  EXPECT_EQ(Fails("foo{}{\n"), (Failure{"expected value after metric, got \"BOPEN\"", 1, 6}));
}

TEST(TextParseErrorTest, InvalidTimestamp) {
  EXPECT_EQ(Fails("foo 1 12a\n"),
            (Failure{"expected next entry after timestamp, got \"INVALID\"", 1, 9}));
  // The text format has no negative or fractional timestamps.
  EXPECT_EQ(Fails("foo 1 -5\n"),
            (Failure{"expected timestamp or new record, got \"INVALID\"", 1, 7}));
  EXPECT_EQ(Fails("foo 1 1.5\n"),
            (Failure{"expected next entry after timestamp, got \"INVALID\"", 1, 8}));
  EXPECT_EQ(Fails("foo 1 2 3\n"),
            (Failure{"expected next entry after timestamp, got \"TIMESTAMP\"", 1, 9}));
  EXPECT_EQ(
      Fails("foo 1 9223372036854775808\n"),
      (Failure{"strconv.ParseInt: parsing \"9223372036854775808\": value out of range", 1, 7}));
}

TEST(TextParseErrorTest, InvalidMetadata) {
  EXPECT_EQ(Fails("# TYPE foo bogus\n"), (Failure{"invalid metric type \"bogus\"", 1, 12}));
  EXPECT_EQ(Fails("# TYPE foo Counter\n"), (Failure{"invalid metric type \"Counter\"", 1, 12}));
  EXPECT_EQ(Fails("# TYPE foo counter \n"), (Failure{"invalid metric type \"counter \"", 1, 12}));
  EXPECT_EQ(Fails("# TYPE foo\n"), (Failure{"invalid metric type \"\"", 1, 11}));
  EXPECT_EQ(Fails("# TYPE foo unknown\n"), (Failure{"invalid metric type \"unknown\"", 1, 12}));
  EXPECT_EQ(Fails(std::string("# HELP foo\0x\n", 13)),
            (Failure{"linebreak expected after metadata, got \"EOF\"", 1, 11}));
}

// The page ends inside an entry: the position is just past the last byte
// (except inside quotes, below).
TEST(TextParseErrorTest, UnexpectedEndOfInput) {
  EXPECT_EQ(Fails("foo{a=\"b\""), (Failure{"expected label name, got \"INVALID\"", 1, 10}));
  EXPECT_EQ(Fails("ok 1\nfoo{a="), (Failure{"expected label value, got \"INVALID\"", 2, 7}));
  EXPECT_EQ(Fails("foo"), (Failure{"expected value after metric, got \"INVALID\"", 1, 4}));
}

// A raw newline is allowed inside quotes, so 2.42's lexer runs from a quote
// that is never closed to the end of the page: the error is placed at the
// quote, not lines later where the page ends.
TEST(TextParseErrorTest, UnclosedQuoteIsPlacedWhereItOpened) {
  const Failure at_quote{"expected label value, got \"INVALID\"", 2, 5};
  EXPECT_EQ(Fails("ok 1\nm{a=\"1} 1\nb 2\nc 3\n"), at_quote);
  EXPECT_EQ(Fails("ok 1\nm{a=\"1} 1\n"), at_quote);  // open in the last line
  EXPECT_EQ(Fails("ok 1\nm{a=\"1} 1"), at_quote);    // ... without a final newline
  EXPECT_EQ(Fails("ok 1\nm{a=\"1\\"), at_quote);      // ends on a backslash
  EXPECT_EQ(Fails("ok 1\nm{a=\"1\", b =  \"2"),
            (Failure{"expected label value, got \"INVALID\"", 2, 15}));
  EXPECT_EQ(Fails("foo{a=\"b"), (Failure{"expected label value, got \"INVALID\"", 1, 7}));
  // NULs inside quotes are skipped, so they do not close the value either.
  EXPECT_EQ(Fails(std::string("m{a=\"x\0\0} 1\n", 12)),
            (Failure{"expected label value, got \"INVALID\"", 1, 5}));
  // Where the lexer fails inside the quotes for another reason, the
  // position stays where it failed (the newline after a backslash).
  EXPECT_EQ(Fails("foo{a=\"b\\\nc\"} 1\n"),
            (Failure{"expected label value, got \"INVALID\"", 1, 10}));
  // The same page as OpenMetrics fails on the quote's own line: no raw
  // newline is allowed inside its quotes.
  EXPECT_EQ(Fails("m{a=\"1} 1\nb 2\n# EOF\n", tsdb::testing::kOpenMetricsType),
            (Failure{"expected label value, got \"INVALID\"", 1, 10}));
}

TEST(TextParseErrorTest, PositionCountsLinesAndBytes) {
  // Columns count bytes: the two-byte é moves the error one column further.
  EXPECT_EQ(Fails("a 1\n\n# HELP x caf\xc3\xa9\nb{l=\"\xc3\xa9\"} x\n"),
            (Failure{"strconv.ParseFloat: parsing \"x\": invalid syntax", 4, 11}));
  // A label value spanning lines moves the line count on.
  EXPECT_EQ(Fails("a{l=\"1\n2\"} bad\n"),
            (Failure{"strconv.ParseFloat: parsing \"bad\": invalid syntax", 2, 5}));
}

}  // namespace
}  // namespace tsdb::scrape
