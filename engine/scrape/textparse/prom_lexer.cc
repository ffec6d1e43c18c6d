#include "engine/scrape/textparse/prom_lexer.h"

#include <algorithm>
#include <cstring>

#include "engine/base/assert.h"
#include "engine/scrape/textparse/prom_byte_class.h"

namespace tsdb::scrape {

using prom_class::IsTextStart;
using prom_class::IsValueChar;


uint8_t PromLexer::AdvanceSlow() {
  if (i_ >= n_) return i_ == n_ ? uint8_t{'\n'} : uint8_t{0};  // the appended newline, then 0
  // A NUL at i_.
  if (state_ == LexState::kLValue || state_ == LexState::kMeta2 || state_ == LexState::kComment) {
    while (At(i_) == 0) i_++;  // stops at the appended newline at the latest
  }
  return At(i_);
}

void PromLexer::ScanWhile(uint8_t class_bits) {
  // Equal to Advance() per byte: the class holds no NUL, so the scan stops
  // at a NUL as Advance() does outside the NUL-skipping states, and never
  // runs past the appended newline.
  TSDB_ASSERT(state_ != LexState::kLValue && state_ != LexState::kMeta2 &&
              state_ != LexState::kComment);
  i_ = prom_class::SkipRun(p_, i_ + 1, n_, class_bits);
}

void PromLexer::SkipToNewline() {
  const void* nl = i_ < n_ ? std::memchr(p_ + i_, '\n', n_ - i_) : nullptr;
  i_ = nl != nullptr ? static_cast<size_t>(static_cast<const uint8_t*>(nl) - p_) : n_;
}

Token PromLexer::Whitespace() {
  while (IsBlank(Advance())) {
  }
  return Token::kWhitespace;
}

Token PromLexer::Abort() {
  // A comment that merely started like `# HELP` or `# TYPE` runs to the end
  // of its line.
  if (state_ == LexState::kComment) return ConsumeComment();
  stop_ = std::min(i_, n_);
  return Token::kInvalid;
}

Token PromLexer::ConsumeComment() {
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
Token PromLexer::Keyword(std::string_view rest, Token tok) {
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
Token PromLexer::Text(uint8_t c) {
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
Token PromLexer::Quoted() {
  for (;;) {
    // Bytes other than '"', '\\' and NUL only move the rule on: skip their
    // run, then take the byte that ends it as the per-byte rule does.
    i_ = prom_class::SkipRun(p_, i_ + 1, n_, prom_class::kQuotedPlain) - 1;
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

// Out of line: inlined, GCC loads n_ and i_ as one 16-byte pair for this
// rare path, and that load waits on the store of i_ of the previous token
// (a failed store forwarding on every token).
[[gnu::noinline, gnu::cold]] Token PromLexer::PastEnd() {
  start_ = n_;
  stop_ = n_;
  return Token::kEof;
}

Token PromLexer::Lex() {
  if (i_ > n_) return PastEnd();
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
          ScanWhile(prom_class::kMetricChar);
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
          ScanWhile(prom_class::kMetricChar);
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
          ScanWhile(prom_class::kLabelChar);
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
          ScanWhile(prom_class::kValueChar);
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
          ScanWhile(prom_class::kDigit);
          return Token::kTimestamp;
        }
        if (IsBlank(c)) return Whitespace();
        return Abort();

      default:
        return Abort();  // OpenMetrics-only states never occur here
    }
  }
}

}  // namespace tsdb::scrape
