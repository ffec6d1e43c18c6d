// Label matchers and the series selector parser: 2.42's semantics (anchored
// RE2 regexes, absent labels as "", Go's UTF-8 handling) and its syntax
// and error positions.
#include "engine/labels/matcher.h"

#include <gtest/gtest.h>

namespace tsdb {
namespace {

Matcher M(MatchType t, const std::string& name, const std::string& value) {
  auto m = Matcher::Make(t, name, value);
  EXPECT_TRUE(m.ok()) << m.status().ToString();
  return std::move(m).value();
}

TEST(MatcherTest, EqualityAndInequality) {
  const Matcher eq = M(MatchType::kEqual, "job", "node");
  EXPECT_TRUE(eq.Matches("node"));
  EXPECT_FALSE(eq.Matches("nodes"));
  EXPECT_FALSE(eq.Matches(""));
  const Matcher ne = M(MatchType::kNotEqual, "job", "node");
  EXPECT_FALSE(ne.Matches("node"));
  EXPECT_TRUE(ne.Matches(""));
}

TEST(MatcherTest, RegexIsAnchoredAtBothEnds) {
  const Matcher re = M(MatchType::kRegexMatch, "a", "b");
  EXPECT_TRUE(re.Matches("b"));
  EXPECT_FALSE(re.Matches("abc"));
  EXPECT_FALSE(re.Matches("ab"));
  EXPECT_FALSE(re.Matches("bc"));
  // The alternation is grouped before anchoring: ^(?:a|b)$, not ^a|b$.
  const Matcher alt = M(MatchType::kRegexMatch, "a", "x|y");
  EXPECT_TRUE(alt.Matches("x"));
  EXPECT_TRUE(alt.Matches("y"));
  EXPECT_FALSE(alt.Matches("xy"));
  EXPECT_FALSE(alt.Matches("x1"));
  const Matcher nre = M(MatchType::kRegexNoMatch, "a", "node_.*");
  EXPECT_FALSE(nre.Matches("node_load1"));
  EXPECT_TRUE(nre.Matches("go_node_x"));
}

TEST(MatcherTest, DotDoesNotMatchNewlineUnlessAsked) {
  EXPECT_FALSE(M(MatchType::kRegexMatch, "a", ".*").Matches("a\nb"));
  EXPECT_TRUE(M(MatchType::kRegexMatch, "a", "(?s:.*)").Matches("a\nb"));
  EXPECT_TRUE(M(MatchType::kRegexMatch, "a", "(?s).*").Matches("\n"));
  EXPECT_TRUE(M(MatchType::kRegexMatch, "a", "(?i)NODE").Matches("node"));
}

TEST(MatcherTest, InvalidUtf8MatchesLikeGoReplacementRunes) {
  // Go's regexp reads each invalid byte as U+FFFD, one rune wide.
  EXPECT_TRUE(M(MatchType::kRegexMatch, "a", "(?s:.*)").Matches("x\xff\xfey"));
  EXPECT_TRUE(M(MatchType::kRegexMatch, "a", "x..y").Matches("x\xff\xfey"));
  EXPECT_FALSE(M(MatchType::kRegexMatch, "a", "x.y").Matches("x\xff\xfey"));
  EXPECT_TRUE(M(MatchType::kRegexMatch, "a", "\\x{FFFD}").Matches("\xc3"));
  EXPECT_TRUE(M(MatchType::kRegexMatch, "a", "é.").Matches("\xc3\xa9\x80"));
}

TEST(MatcherTest, AbsentLabelMatchesAsEmpty) {
  const Labels with = Labels::FromStrings({"__name__", "up", "job", "node"});
  const Labels without = Labels::FromStrings({"__name__", "up"});
  const Matcher empty = M(MatchType::kEqual, "job", "");
  EXPECT_FALSE(empty.MatchesLabels(with));
  EXPECT_TRUE(empty.MatchesLabels(without));
  const Matcher set = M(MatchType::kNotEqual, "job", "");
  EXPECT_TRUE(set.MatchesLabels(with));
  EXPECT_FALSE(set.MatchesLabels(without));
  EXPECT_TRUE(M(MatchType::kRegexMatch, "job", ".*").MatchesLabels(without));
  EXPECT_FALSE(M(MatchType::kRegexMatch, "job", ".+").MatchesLabels(without));
  EXPECT_TRUE(M(MatchType::kNotEqual, "job", "x").MatchesLabels(without));
}

TEST(MatcherTest, MatchesAllNeedsEveryMatcherAndNoneSelectsNothing) {
  const Labels l = Labels::FromStrings({"__name__", "up", "job", "node"});
  EXPECT_TRUE(MatchesAll({M(MatchType::kEqual, "__name__", "up"), M(MatchType::kEqual, "job", "node")}, l));
  EXPECT_FALSE(MatchesAll({M(MatchType::kEqual, "__name__", "up"), M(MatchType::kEqual, "job", "x")}, l));
  EXPECT_FALSE(MatchesAll({}, l));
}

TEST(MatcherTest, ToStringQuotesLikeGo) {
  EXPECT_EQ(M(MatchType::kRegexNoMatch, "job", "a\"b\n").ToString(), "job!~\"a\\\"b\\n\"");
}

TEST(MatcherTest, BadRegexIsInvalidArgumentWithGosWording) {
  auto m = Matcher::Make(MatchType::kRegexMatch, "a", "(");
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(m.status().message(), "error parsing regexp: missing closing ): `^(?:()$`");
  // Valid only once anchored: rejected, as 2.42 also parses it alone.
  EXPECT_EQ(Matcher::Make(MatchType::kRegexMatch, "a", "a)|(b").status().message(),
            "error parsing regexp: unexpected ): `a)|(b`");
  // C++ RE2's any-byte escape is not Go syntax.
  EXPECT_FALSE(Matcher::Make(MatchType::kRegexMatch, "a", "\\C").ok());
  EXPECT_TRUE(Matcher::Make(MatchType::kRegexMatch, "a", "\\Q\\C\\E").ok());
}

// ---- ParseMatchers -------------------------------------------------------

std::vector<Matcher> Parse(std::string_view s) {
  auto r = ParseMatchers(s);
  EXPECT_TRUE(r.ok()) << s << ": " << r.status().ToString();
  return r.ok() ? std::move(r).value() : std::vector<Matcher>{};
}

std::string ParseError(std::string_view s) {
  auto r = ParseMatchers(s);
  EXPECT_FALSE(r.ok()) << s;
  if (r.ok()) return "";
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  return r.status().message();
}

TEST(ParseMatchersTest, PromtoolDefault) {
  const auto ms = Parse("{__name__=~'(?s:.*)'}");
  ASSERT_EQ(ms.size(), 1u);
  EXPECT_EQ(ms[0].name(), "__name__");
  EXPECT_EQ(ms[0].type(), MatchType::kRegexMatch);
  EXPECT_EQ(ms[0].value(), "(?s:.*)");
}

TEST(ParseMatchersTest, MetricNameBecomesTrailingEqualityMatcher) {
  const auto ms = Parse("up{job=\"node\",instance!=\"\"}");
  ASSERT_EQ(ms.size(), 3u);
  EXPECT_EQ(ms[0].ToString(), "job=\"node\"");
  EXPECT_EQ(ms[1].ToString(), "instance!=\"\"");
  EXPECT_EQ(ms[2].ToString(), "__name__=\"up\"");
  ASSERT_EQ(Parse("node:cpu:rate5m").size(), 1u);
  EXPECT_EQ(Parse("node:cpu:rate5m")[0].value(), "node:cpu:rate5m");
  EXPECT_EQ(Parse("up{}").size(), 1u);
}

TEST(ParseMatchersTest, AllOperatorsSpacesCommentsAndTrailingComma) {
  const auto ms = Parse(" { a = \"1\" , b != \"2\",c=~\"3\", d!~ \"4\", } # a comment");
  ASSERT_EQ(ms.size(), 4u);
  EXPECT_EQ(ms[0].type(), MatchType::kEqual);
  EXPECT_EQ(ms[1].type(), MatchType::kNotEqual);
  EXPECT_EQ(ms[2].type(), MatchType::kRegexMatch);
  EXPECT_EQ(ms[3].type(), MatchType::kRegexNoMatch);
  EXPECT_EQ(ms[3].name(), "d");
}

TEST(ParseMatchersTest, StringEscapes) {
  EXPECT_EQ(Parse("{a=\"x\\n\\t\\\\\\\"y\"}")[0].value(), "x\n\t\\\"y");
  EXPECT_EQ(Parse("{a='it\\'s'}")[0].value(), "it's");
  EXPECT_EQ(Parse("{a=\"\\x41\\101\\u00e9\\U0001F600\"}")[0].value(), "AA\xc3\xa9\xf0\x9f\x98\x80");
  EXPECT_EQ(Parse("{a=\"\\xff\"}")[0].value(), "\xff");  // \x gives a byte, not a rune
  EXPECT_EQ(Parse("{a=`raw\\n\"'`}")[0].value(), "raw\\n\"'");
  EXPECT_EQ(Parse("{a='\"'}")[0].value(), "\"");
}

TEST(ParseMatchersTest, KeywordsAsMetricNames) {
  EXPECT_EQ(Parse("sum")[0].value(), "sum");
  EXPECT_EQ(Parse("Offset{a=\"b\"}")[1].value(), "Offset");
  // Label names inside braces may be keywords.
  EXPECT_EQ(Parse("{by=\"x\", bool=\"y\"}").size(), 2u);
  EXPECT_EQ(ParseError("bool"), "1:1: parse error: unexpected <bool>");
  EXPECT_EQ(ParseError("inf"), "1:1: parse error: unexpected number \"inf\"");
}

TEST(ParseMatchersTest, EmptyBracesSelectNothing) {
  EXPECT_TRUE(Parse("{}").empty());
}

TEST(ParseMatchersTest, ErrorsNameLineAndColumn) {
  EXPECT_EQ(ParseError(""), "1:1: parse error: unexpected end of input");
  EXPECT_EQ(ParseError("up{"), "1:4: parse error: unexpected end of input inside braces");
  EXPECT_EQ(ParseError("{a=\"b\",,}"),
            "1:8: parse error: unexpected \",\" in label matching, expected identifier or \"}\"");
  EXPECT_EQ(ParseError("{a=b}"),
            "1:4: parse error: unexpected identifier \"b\" in label matching, expected string");
  EXPECT_EQ(ParseError("{a \"b\"}"),
            "1:4: parse error: unexpected string \"\\\"b\\\"\" in label matching, expected label "
            "matching operator");
  EXPECT_EQ(ParseError("{a=\"b\" c}"),
            "1:8: parse error: unexpected identifier \"c\" in label matching, expected \",\" or \"}\"");
  EXPECT_EQ(ParseError("{1a=\"x\"}"), "1:2: parse error: unexpected character inside braces: '1'");
  EXPECT_EQ(ParseError("up offset 5m"), "1:4: parse error: unexpected <offset>");
  EXPECT_EQ(ParseError("up[5m]"), "1:3: parse error: unexpected \"[\"");
  EXPECT_EQ(ParseError("5"), "1:1: parse error: unexpected number \"5\"");
  EXPECT_EQ(ParseError("a b"), "1:3: parse error: unexpected identifier \"b\"");
  EXPECT_EQ(ParseError("{a=\"b\"}}"), "1:8: parse error: unexpected character: '}'");
  EXPECT_EQ(ParseError("{a!x\"b\"}"),
            "1:3: parse error: unexpected character after '!' inside braces: 'x'");
  EXPECT_EQ(ParseError("{a=\"\\q\"}"), "1:4: parse error: unknown escape sequence U+0071 'q'");
  EXPECT_EQ(ParseError("{a=\"\\400\"}"),
            "1:4: parse error: escape sequence is an invalid Unicode code point");
  EXPECT_EQ(ParseError("{a=\"\\ud800\"}"),
            "1:4: parse error: escape sequence is an invalid Unicode code point");
  EXPECT_EQ(ParseError("{a=\"\\xg0\"}"),
            "1:4: parse error: illegal character U+0067 'g' in escape sequence");
  EXPECT_EQ(ParseError("{a=\"x\ny\"}"), "1:4: parse error: unterminated quoted string");
  EXPECT_EQ(ParseError("{a=\"\xff\"}"), "1:4: parse error: invalid UTF-8 rune");
  EXPECT_EQ(ParseError("{a=`x"), "1:4: parse error: unterminated raw string");
  EXPECT_EQ(ParseError("{a=~\"(\"}"),
            "1:2: parse error: error parsing regexp: missing closing ): `^(?:()$`");
  // Lines count from 1, columns restart after each newline.
  EXPECT_EQ(ParseError("{\n  a=~\"[z-a]\"}"),
            "2:3: parse error: error parsing regexp: invalid character class range: `z-a`");
}

}  // namespace
}  // namespace tsdb
