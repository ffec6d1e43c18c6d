#include "engine/scrape/textparse/openmetrics_lexer.h"

#include <algorithm>

namespace tsdb::scrape {
namespace {

// What a value or timestamp is made of: anything but NUL, space, newline.
bool IsWordChar(uint8_t c) { return c != 0 && c != ' ' && c != '\n'; }

}  // namespace

uint8_t OpenMetricsLexer::Advance() {
  if (++i_ >= n_) return 0;
  if (p_[i_] != 0) return p_[i_];
  if (state_ == LexState::kLValue || state_ == LexState::kMeta2 || state_ == LexState::kComment) {
    while (p_[i_] == 0) {
      if (++i_ >= n_) return 0;
    }
  }
  return p_[i_];
}

Token OpenMetricsLexer::Abort() {
  stop_ = std::min(i_, n_);
  return Token::kInvalid;
}

// The rest of `HELP `, `TYPE ` or `UNIT `: exactly one space follows.
Token OpenMetricsLexer::Keyword(std::string_view rest, Token tok) {
  for (const char want : rest) {
    if (Advance() != static_cast<uint8_t>(want)) return Abort();
  }
  if (Advance() != ' ') return Abort();
  Advance();
  state_ = LexState::kMeta1;
  return tok;
}

// A quoted label value (opening quote at i_): escapes are any backslash
// pair except backslash-newline, and a raw newline is not allowed.
Token OpenMetricsLexer::Quoted(LexState after) {
  for (;;) {
    uint8_t c = Advance();
    if (c == '"') {
      Advance();
      state_ = after;
      return Token::kLabelValue;
    }
    if (c == '\\') {
      c = Advance();
      if (c == 0 || c == '\n') return Abort();
    } else if (c == 0 || c == '\n') {
      return Abort();
    }
  }
}

// ` word`: one space (at i_), then at least one word byte.
Token OpenMetricsLexer::SpacedWord(Token tok, LexState after) {
  if (!IsWordChar(Advance())) return Abort();
  while (IsWordChar(Advance())) {
  }
  state_ = after;
  return tok;
}

Token OpenMetricsLexer::Lex() {
  if (i_ >= n_) {
    start_ = stop_ = n_;
    return Token::kEof;
  }
  uint8_t c = p_[i_];
  start_ = i_;
  for (;;) {
    switch (state_) {
      case LexState::kInit:
        if (c == '#') {
          if (Advance() != ' ') return Abort();
          c = Advance();
          state_ = LexState::kComment;
          continue;  // the same token goes on under the comment rules
        }
        if (IsMetricStart(c)) {
          while (IsMetricChar(Advance())) {
          }
          state_ = LexState::kValue;
          return Token::kMetricName;
        }
        return Abort();

      case LexState::kComment:
        switch (c) {
          case 'H':
            return Keyword("ELP", Token::kHelp);
          case 'T':
            return Keyword("YPE", Token::kType);
          case 'U':
            return Keyword("NIT", Token::kUnit);
          case 'E':
            if (Advance() != 'O' || Advance() != 'F') return Abort();
            if (Advance() == '\n') Advance();
            state_ = LexState::kInit;
            return Token::kEofWord;
          default:
            return Abort();
        }

      case LexState::kMeta1:
        if (IsMetricStart(c)) {
          while (IsMetricChar(Advance())) {
          }
          state_ = LexState::kMeta2;
          return Token::kMetricName;
        }
        return Abort();

      case LexState::kMeta2:
        // ` text\n`, the newline included; the page must not end inside it.
        if (c != ' ') return Abort();
        for (;;) {
          c = Advance();
          if (c == '\n') {
            Advance();
            state_ = LexState::kInit;
            return Token::kText;
          }
          if (c == 0) return Abort();
        }

      case LexState::kLabels:
      case LexState::kExemplar: {
        const bool exemplar = state_ == LexState::kExemplar;
        if (c == ',') {
          Advance();
          return Token::kComma;
        }
        if (c == '=') {
          Advance();
          state_ = exemplar ? LexState::kEValue : LexState::kLValue;
          return Token::kEqual;
        }
        if (c == '}') {
          Advance();
          state_ = exemplar ? LexState::kEValue : LexState::kValue;
          return Token::kBraceClose;
        }
        if (IsLabelStart(c)) {
          while (IsLabelChar(Advance())) {
          }
          return Token::kLabelName;
        }
        return Abort();
      }

      case LexState::kLValue:
        if (c == '"') return Quoted(LexState::kLabels);
        return Abort();

      case LexState::kValue:
        if (c == '{') {
          Advance();
          state_ = LexState::kLabels;
          return Token::kBraceOpen;
        }
        if (c == ' ') return SpacedWord(Token::kValue, LexState::kTimestamp);
        return Abort();

      case LexState::kTimestamp:
        if (c == '\n') {
          Advance();
          state_ = LexState::kInit;
          return Token::kLinebreak;
        }
        if (c != ' ') return Abort();
        c = Advance();
        if (c == '#') {
          // ` # {` starts an exemplar; ` #` followed by anything else is
          // read as a timestamp `#...`, except ` # ` not followed by '{'.
          c = Advance();
          if (c == ' ') {
            if (Advance() != '{') return Abort();
            Advance();
            state_ = LexState::kExemplar;
            return Token::kComment;
          }
          while (IsWordChar(c)) c = Advance();
          return Token::kTimestamp;
        }
        if (!IsWordChar(c)) return Abort();
        while (IsWordChar(Advance())) {
        }
        return Token::kTimestamp;

      case LexState::kEValue:
        if (c == '"') return Quoted(LexState::kExemplar);
        if (c == ' ') return SpacedWord(Token::kValue, LexState::kETimestamp);
        return Abort();

      case LexState::kETimestamp:
        if (c == '\n') {
          Advance();
          state_ = LexState::kInit;
          return Token::kLinebreak;
        }
        if (c == ' ') return SpacedWord(Token::kTimestamp, LexState::kETimestamp);
        return Abort();

      default:
        return Abort();  // text-format-only states never occur here
    }
  }
}

}  // namespace tsdb::scrape
