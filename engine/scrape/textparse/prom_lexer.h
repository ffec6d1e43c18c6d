// The Prometheus text format's lexer. It is the state machine of 2.42's
// generated promlex, rule for rule: longest match without backtracking (a
// rule that fails half way yields INVALID where it stopped), blanks as
// WHITESPACE tokens in every state, and its NUL handling: a NUL at the start
// of a line or in a `#` comment ends the page as if it were the end, while
// NULs inside label values, HELP text and `# ` comments are skipped over.
// The page is read as if it ended in one more '\n', which 2.42 appends.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "engine/scrape/textparse/lex_token.h"

namespace tsdb::scrape {

class PromLexer {
 public:
  explicit PromLexer(std::string_view page)
      : p_(reinterpret_cast<const uint8_t*>(page.data())), n_(page.size()) {}

  Token Lex();

  // The last token is the bytes [start(), pos()) of the page.
  size_t start() const { return start_; }
  size_t pos() const { return i_; }
  // Where the last INVALID or EOF token stopped (never past the page).
  size_t stop() const { return stop_; }

  // Right after a sample's metric name, the rest of its line in one pass
  // when it has the common shape: `{name="value",...}` with plain ASCII
  // values (no backslash, NUL or quote inside), then blanks, the value,
  // maybe blanks and a timestamp, blanks and a newline inside the page.
  // The tokens of such a line are fixed by that shape, so the offsets are
  // the ones token by token lexing gives. Returns false for anything else
  // (the caller then lexes token by token); the lexer itself does not move.
  struct PlainSample {
    size_t series_end = 0;  // after the '}', or after the name without labels
    size_t value_begin = 0;
    size_t value_end = 0;
    size_t ts_begin = 0;  // ts_begin == ts_end: no timestamp
    size_t ts_end = 0;
    size_t line_end = 0;  // after the newline
  };
  // Appends (name begin, name end, value begin, value end) per label.
  bool ScanPlainSample(PlainSample* out, std::vector<size_t>* label_offsets) const;
  // Moves past a line ScanPlainSample read, to where lexing its tokens ends.
  void SkipScannedLine(size_t line_end);

 private:
  // The byte at i, with the appended '\n' at n_ and 0 beyond it (what Go's
  // lexer reads once it has run off its buffer).
  uint8_t At(size_t i) const { return i < n_ ? p_[i] : (i == n_ ? uint8_t{'\n'} : uint8_t{0}); }
  // Moves one byte on and returns the byte there; in the states that skip
  // NULs it moves past them first. Inline for the common byte.
  uint8_t Advance() {
    if (++i_ < n_ && p_[i_] != 0) return p_[i_];
    return AdvanceSlow();
  }
  uint8_t AdvanceSlow();
  // `while (class(Advance())) {}` for a class without NUL in a state that
  // does not skip NULs: moves i_ to the first byte after i_ outside the
  // class (the appended newline at the latest).
  void ScanWhile(uint8_t class_bits);
  // Moves to the first '\n' at or after i_ (the appended one at the latest).
  void SkipToNewline();
  Token Whitespace();
  Token Keyword(std::string_view rest, Token tok);
  Token Text(uint8_t c);
  Token Quoted();
  Token Abort();
  Token PastEnd();
  Token ConsumeComment();

  const uint8_t* p_;
  size_t n_;
  size_t i_ = 0;
  size_t start_ = 0;
  size_t stop_ = 0;
  LexState state_ = LexState::kInit;
};

}  // namespace tsdb::scrape
