// The part of 2.42's PromQL lexer (promql/parser/lex.go) a series selector
// needs: identifiers and keywords outside braces, label names, the four
// match operators, commas and quoted strings inside them. Internal to
// ParseMatchers.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace tsdb::selector {

enum class TokenType : unsigned char {
  kEof,
  kError,            // text = the message
  kIdentifier,       // outside braces: no ':' and not a keyword
  kMetricIdentifier, // outside braces: contains ':'
  kKeyword,          // outside braces: sum, by, offset, bool, inf, ...
  kLabelName,        // inside braces
  kLeftBrace,
  kRightBrace,
  kComma,
  kEqual,
  kNotEqual,
  kRegexMatch,
  kRegexNoMatch,
  kString,           // text = the literal with its quotes
  kNumber,           // outside braces: digits, rejected by the parser
  kOther,            // outside braces: a PromQL token no selector has
};

struct Token {
  TokenType type = TokenType::kEof;
  std::string text;
  size_t pos = 0;  // byte offset of the token's first character
};

class Lexer {
 public:
  explicit Lexer(std::string_view input) : in_(input) {}
  Token Next();

 private:
  Token LexStatement();
  Token LexInsideBraces();
  Token LexWord(bool allow_colon);
  Token LexString(char quote);
  Token LexRawString();
  // Checks the escape after a backslash at pos_; empty when valid.
  std::string CheckEscape(char quote);
  void SkipSpaceAndComments();
  Token Make(TokenType type, size_t start) const;
  Token Error(std::string message, size_t start) const;
  char Peek(size_t ahead = 0) const { return pos_ + ahead < in_.size() ? in_[pos_ + ahead] : '\0'; }
  bool AtEnd() const { return pos_ >= in_.size(); }

  std::string_view in_;
  size_t pos_ = 0;
  bool in_braces_ = false;
};

// Decodes a string token (with its quotes) as 2.42's strutil.Unquote does.
// The lexer has validated it; false only for input it would have rejected.
bool Unquote(std::string_view literal, std::string* out);

// A description for "unexpected ..." messages, in the style of 2.42's.
std::string Describe(const Token& t);

}  // namespace tsdb::selector
