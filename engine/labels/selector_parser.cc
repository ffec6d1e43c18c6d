// ParseMatchers: 2.42's ParseMetricSelector (the START_METRIC_SELECTOR
// rule of promql/parser/generated_parser.y) as a small recursive parser.
#include <optional>

#include "engine/labels/matcher.h"
#include "engine/labels/selector_lexer.h"

namespace tsdb {

namespace {

using selector::Token;
using selector::TokenType;

// Keywords 2.42 accepts as a metric name (its metric_identifier rule).
bool KeywordIsMetricName(std::string_view word) {
  static constexpr std::string_view kAllowed[] = {
      "avg", "bottomk", "by", "count", "count_values", "group", "and", "or", "unless", "max",
      "min", "offset", "quantile", "stddev", "stdvar", "sum", "topk", "without", "start", "end"};
  std::string lower(word);
  for (char& c : lower) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  for (std::string_view k : kAllowed) {
    if (lower == k) return true;
  }
  return false;
}

std::optional<MatchType> MatchOp(TokenType t) {
  switch (t) {
    case TokenType::kEqual: return MatchType::kEqual;
    case TokenType::kNotEqual: return MatchType::kNotEqual;
    case TokenType::kRegexMatch: return MatchType::kRegexMatch;
    case TokenType::kRegexNoMatch: return MatchType::kRegexNoMatch;
    default: return std::nullopt;
  }
}

class SelectorParser {
 public:
  explicit SelectorParser(std::string_view input) : in_(input), lex_(input) {}
  Result<std::vector<Matcher>> Parse();

 private:
  Status ParseBraces();
  Status ParseMatcher(const Token& name);
  // "line:column: parse error: msg", counting from the token's offset as
  // Prometheus's ParseErr does (columns are 1-based bytes).
  Status ErrorAt(size_t pos, const std::string& msg) const;
  // A lexer error as is, anything else as "unexpected <token>[ in ctx][, expected exp]".
  Status Unexpected(const Token& t, const std::string& ctx, const std::string& expected) const;

  std::string_view in_;
  selector::Lexer lex_;
  std::vector<Matcher> matchers_;
};

Status SelectorParser::ErrorAt(size_t pos, const std::string& msg) const {
  int line = 1;
  size_t line_start = 0;
  for (size_t i = 0; i < pos && i < in_.size(); i++) {
    if (in_[i] == '\n') {
      line++;
      line_start = i + 1;
    }
  }
  return Status::InvalidArgument(std::to_string(line) + ":" + std::to_string(pos - line_start + 1) +
                                 ": parse error: " + msg);
}

Status SelectorParser::Unexpected(const Token& t, const std::string& ctx,
                                  const std::string& expected) const {
  if (t.type == TokenType::kError) return ErrorAt(t.pos, t.text);
  std::string msg = "unexpected " + selector::Describe(t);
  if (!ctx.empty()) msg += " in " + ctx;
  if (!expected.empty()) msg += ", expected " + expected;
  return ErrorAt(t.pos, msg);
}

Status SelectorParser::ParseMatcher(const Token& name) {
  const Token op = lex_.Next();
  const std::optional<MatchType> type = MatchOp(op.type);
  if (!type) return Unexpected(op, "label matching", "label matching operator");
  const Token value = lex_.Next();
  if (value.type != TokenType::kString) return Unexpected(value, "label matching", "string");
  std::string unquoted;
  if (!selector::Unquote(value.text, &unquoted)) {
    return ErrorAt(value.pos, "error unquoting string " + value.text);
  }
  auto m = Matcher::Make(*type, name.text, std::move(unquoted));
  if (!m.ok()) return ErrorAt(name.pos, m.status().message());
  matchers_.push_back(std::move(m).value());
  return {};
}

Status SelectorParser::ParseBraces() {
  Token t = lex_.Next();
  if (t.type == TokenType::kRightBrace) return {};
  for (;;) {
    if (t.type != TokenType::kLabelName) {
      return Unexpected(t, "label matching", "identifier or \"}\"");
    }
    TSDB_RETURN_IF_ERROR(ParseMatcher(t));
    t = lex_.Next();
    if (t.type == TokenType::kRightBrace) return {};
    if (t.type != TokenType::kComma) return Unexpected(t, "label matching", "\",\" or \"}\"");
    t = lex_.Next();
    if (t.type == TokenType::kRightBrace) return {};  // trailing comma
  }
}

Result<std::vector<Matcher>> SelectorParser::Parse() {
  Token t = lex_.Next();
  std::optional<Token> metric;
  const bool is_name = t.type == TokenType::kIdentifier || t.type == TokenType::kMetricIdentifier ||
                       (t.type == TokenType::kKeyword && KeywordIsMetricName(t.text));
  if (is_name) {
    metric = t;
    t = lex_.Next();
  }
  if (t.type == TokenType::kLeftBrace) {
    TSDB_RETURN_IF_ERROR(ParseBraces());
    t = lex_.Next();
  } else if (!metric) {
    return Unexpected(t, "", "");
  }
  if (t.type != TokenType::kEof) return Unexpected(t, "", "");
  // 2.42 appends the name matcher after the braces' matchers.
  if (metric) {
    auto m = Matcher::Make(MatchType::kEqual, std::string(kMetricNameLabel), metric->text);
    if (!m.ok()) return m.status();
    matchers_.push_back(std::move(m).value());
  }
  return std::move(matchers_);
}

}  // namespace

Result<std::vector<Matcher>> ParseMatchers(std::string_view input) {
  return SelectorParser(input).Parse();
}

}  // namespace tsdb
