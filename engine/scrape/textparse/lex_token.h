// Tokens and lexer states shared by the two exposition lexers. Token names
// are 2.42's, because they appear verbatim in its error messages
// (`expected equal, got "INVALID"`).
#pragma once

#include <cstddef>
#include <cstdint>

namespace tsdb::scrape {

enum class Token : uint8_t {
  kInvalid,
  kEof,
  kLinebreak,
  kWhitespace,
  kHelp,
  kType,
  kUnit,
  kEofWord,
  kText,
  kComment,
  kMetricName,
  kBraceOpen,
  kBraceClose,
  kLabelName,
  kLabelValue,
  kComma,
  kEqual,
  kTimestamp,
  kValue,
};

inline const char* TokenName(Token t) {
  switch (t) {
    case Token::kInvalid:
      return "INVALID";
    case Token::kEof:
      return "EOF";
    case Token::kLinebreak:
      return "LINEBREAK";
    case Token::kWhitespace:
      return "WHITESPACE";
    case Token::kHelp:
      return "HELP";
    case Token::kType:
      return "TYPE";
    case Token::kUnit:
      return "UNIT";
    case Token::kEofWord:
      return "EOFWORD";
    case Token::kText:
      return "TEXT";
    case Token::kComment:
      return "COMMENT";
    case Token::kMetricName:
      return "MNAME";
    case Token::kBraceOpen:
      return "BOPEN";
    case Token::kBraceClose:
      return "BCLOSE";
    case Token::kLabelName:
      return "LNAME";
    case Token::kLabelValue:
      return "LVALUE";
    case Token::kComma:
      return "COMMA";
    case Token::kEqual:
      return "EQUAL";
    case Token::kTimestamp:
      return "TIMESTAMP";
    case Token::kValue:
      return "VALUE";
  }
  return "?";
}

// Start conditions of the lexers. Besides picking the rules, the state
// decides where NUL bytes are silently skipped (label values, HELP text,
// comments), exactly as 2.42's lexers do.
enum class LexState : uint8_t {
  kInit,
  kComment,
  kMeta1,
  kMeta2,
  kLabels,
  kLValue,
  kValue,
  kTimestamp,
  kExemplar,    // OpenMetrics only
  kEValue,      // OpenMetrics only
  kETimestamp,  // OpenMetrics only
};

// Byte classes of the grammars.
constexpr bool IsBlank(uint8_t c) { return c == ' ' || c == '\t'; }
constexpr bool IsDigit(uint8_t c) { return c >= '0' && c <= '9'; }
constexpr bool IsLabelStart(uint8_t c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
constexpr bool IsLabelChar(uint8_t c) { return IsLabelStart(c) || IsDigit(c); }
constexpr bool IsMetricStart(uint8_t c) { return IsLabelStart(c) || c == ':'; }
constexpr bool IsMetricChar(uint8_t c) { return IsLabelChar(c) || c == ':'; }

}  // namespace tsdb::scrape
