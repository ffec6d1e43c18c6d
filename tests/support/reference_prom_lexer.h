// The Prometheus text format lexer as it was before its fast paths (scans
// with class tables, the quoted-value scan, inline Advance): one byte per
// Advance() call, every rule spelled out. Test-only: the differential tests
// check that engine/scrape/textparse/prom_lexer.* gives the same tokens,
// token boundaries and stop positions on any input.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

#include "engine/scrape/textparse/lex_token.h"

namespace tsdb::testing {

using scrape::IsBlank;
using scrape::IsDigit;
using scrape::IsLabelChar;
using scrape::IsLabelStart;
using scrape::IsMetricChar;
using scrape::IsMetricStart;
using scrape::LexState;
using scrape::Token;

class ReferencePromLexer {
 public:
  explicit ReferencePromLexer(std::string_view page)
      : p_(reinterpret_cast<const uint8_t*>(page.data())), n_(page.size()) {}

  Token Lex();
  size_t start() const { return start_; }
  size_t pos() const { return i_; }
  size_t stop() const { return stop_; }

 private:
  static bool IsTextStart(uint8_t c) { return c != 0 && c != '\n' && !IsBlank(c); }
  static bool IsValueChar(uint8_t c) { return c != 0 && c != '\n' && c != '{' && !IsBlank(c); }
  uint8_t At(size_t i) const { return i < n_ ? p_[i] : (i == n_ ? uint8_t{'\n'} : uint8_t{0}); }
  uint8_t Advance();
  void SkipToNewline();
  Token Whitespace();
  Token Keyword(std::string_view rest, Token tok);
  Token Text(uint8_t c);
  Token Quoted();
  Token Abort();
  Token ConsumeComment();

  const uint8_t* p_;
  size_t n_;
  size_t i_ = 0;
  size_t start_ = 0;
  size_t stop_ = 0;
  LexState state_ = LexState::kInit;
};

inline uint8_t ReferencePromLexer::Advance() {
  if (++i_ >= n_) return i_ == n_ ? uint8_t{'\n'} : uint8_t{0};  // the appended newline, then 0
  const uint8_t c = p_[i_];
  if (c != 0) return c;
  if (state_ == LexState::kLValue || state_ == LexState::kMeta2 || state_ == LexState::kComment) {
    while (At(i_) == 0) i_++;  // stops at the appended newline at the latest
  }
  return At(i_);
}

inline void ReferencePromLexer::SkipToNewline() {
  const void* nl = i_ < n_ ? std::memchr(p_ + i_, '\n', n_ - i_) : nullptr;
  i_ = nl != nullptr ? static_cast<size_t>(static_cast<const uint8_t*>(nl) - p_) : n_;
}

inline Token ReferencePromLexer::Whitespace() {
  while (IsBlank(Advance())) {
  }
  return Token::kWhitespace;
}

inline Token ReferencePromLexer::Abort() {
  // A comment that merely started like `# HELP` or `# TYPE` runs to the end
  // of its line.
  if (state_ == LexState::kComment) return ConsumeComment();
  stop_ = std::min(i_, n_);
  return Token::kInvalid;
}

inline Token ReferencePromLexer::ConsumeComment() {
  if (state_ == LexState::kComment && At(i_) != 0) {
    // NULs are skipped here, so only the newline ends the comment.
    SkipToNewline();
    state_ = LexState::kInit;
    return Token::kComment;
  }
  for (uint8_t c = At(i_);; c = Advance()) {
    if (c == 0) {
      stop_ = std::min(i_, n_);
      return Token::kEof;
    }
    if (c == '\n') {
      state_ = LexState::kInit;
      return Token::kComment;
    }
  }
}

// The rest of `HELP` or `TYPE` and the blanks that must follow.
inline Token ReferencePromLexer::Keyword(std::string_view rest, Token tok) {
  for (const char want : rest) {
    if (Advance() != static_cast<uint8_t>(want)) return Abort();
  }
  if (!IsBlank(Advance())) return Abort();
  while (IsBlank(Advance())) {
  }
  state_ = LexState::kMeta1;
  return tok;
}

// HELP or TYPE text: the rest of the line, leading blanks included, possibly
// empty. Blanks alone before the newline are a WHITESPACE token instead.
inline Token ReferencePromLexer::Text(uint8_t c) {
  if (IsBlank(c)) {
    do {
      c = Advance();
    } while (IsBlank(c));
    if (!IsTextStart(c)) return Token::kWhitespace;
  } else if (!IsTextStart(c)) {
    state_ = LexState::kInit;
    return Token::kText;  // empty
  }
  // NULs are skipped in this state, so the text runs to the newline.
  SkipToNewline();
  state_ = LexState::kInit;
  return Token::kText;
}

// A quoted label value; the opening quote is at i_. Escapes are any
// backslash pair except backslash-newline; a raw newline is allowed.
inline Token ReferencePromLexer::Quoted() {
  for (;;) {
    uint8_t c = Advance();
    if (c == '"') {
      Advance();
      state_ = LexState::kLabels;
      return Token::kLabelValue;
    }
    if (c == '\\') {
      c = Advance();
      if (c == 0 || c == '\n') return Abort();
    } else if (c == 0) {
      return Abort();
    }
  }
}

inline Token ReferencePromLexer::Lex() {
  if (i_ > n_) {
    start_ = stop_ = n_;
    return Token::kEof;
  }
  uint8_t c = At(i_);
  start_ = i_;
  for (;;) {
    switch (state_) {
      case LexState::kInit:
        if (c == '#') {
          c = Advance();
          if (!IsBlank(c)) return ConsumeComment();
          while (IsBlank(c = Advance())) {
          }
          state_ = LexState::kComment;
          continue;  // the same token goes on under the comment rules
        }
        if (IsMetricStart(c)) {
          while (IsMetricChar(Advance())) {
          }
          state_ = LexState::kValue;
          return Token::kMetricName;
        }
        if (c == '\n') {
          Advance();
          return Token::kLinebreak;
        }
        if (IsBlank(c)) return Whitespace();
        if (c == 0) {
          Advance();
          stop_ = start_;
          return Token::kEof;
        }
        return Abort();

      case LexState::kComment:
        if (c == 'H') return Keyword("ELP", Token::kHelp);
        if (c == 'T') return Keyword("YPE", Token::kType);
        if (IsBlank(c)) return Whitespace();
        return Abort();

      case LexState::kMeta1:
        if (IsMetricStart(c)) {
          while (IsMetricChar(Advance())) {
          }
          state_ = LexState::kMeta2;
          return Token::kMetricName;
        }
        if (IsBlank(c)) return Whitespace();
        return Abort();

      case LexState::kMeta2:
        return Text(c);

      case LexState::kLabels:
        if (c == ',') {
          Advance();
          return Token::kComma;
        }
        if (c == '=') {
          Advance();
          state_ = LexState::kLValue;
          return Token::kEqual;
        }
        if (c == '}') {
          Advance();
          state_ = LexState::kValue;
          return Token::kBraceClose;
        }
        if (IsLabelStart(c)) {
          while (IsLabelChar(Advance())) {
          }
          return Token::kLabelName;
        }
        if (IsBlank(c)) return Whitespace();
        return Abort();

      case LexState::kLValue:
        if (c == '"') return Quoted();
        if (IsBlank(c)) return Whitespace();
        return Abort();

      case LexState::kValue:
        if (c == '{') {
          Advance();
          state_ = LexState::kLabels;
          return Token::kBraceOpen;
        }
        if (IsValueChar(c)) {
          while (IsValueChar(Advance())) {
          }
          state_ = LexState::kTimestamp;
          return Token::kValue;
        }
        if (IsBlank(c)) return Whitespace();
        return Abort();

      case LexState::kTimestamp:
        if (c == '\n') {
          Advance();
          state_ = LexState::kInit;
          return Token::kLinebreak;
        }
        if (IsDigit(c)) {
          while (IsDigit(Advance())) {
          }
          return Token::kTimestamp;
        }
        if (IsBlank(c)) return Whitespace();
        return Abort();

      default:
        return Abort();  // OpenMetrics-only states never occur here
    }
  }
}

}  // namespace tsdb::testing
