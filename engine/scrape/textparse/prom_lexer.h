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

#include "engine/base/assert.h"
#include "engine/scrape/textparse/label_offsets.h"
#include "engine/scrape/textparse/lex_token.h"

namespace tsdb::scrape {

class PromLexer {
 public:
  explicit PromLexer(std::string_view page)
      : p_(reinterpret_cast<const uint8_t*>(page.data())),
        n_(page.size()),
        scan_end_(page.rfind('\n') + 1) {}  // npos + 1 == 0: no line to scan

  Token Lex();

  // The last token is the bytes [start(), pos()) of the page.
  size_t start() const { return start_; }
  size_t pos() const { return i_; }
  // Where the last INVALID or EOF token stopped (never past the page).
  size_t stop() const { return stop_; }

  // The one-pass readers of common lines (prom_lexer_line.h). They start
  // at the beginning of a line, in the initial state, with a '\n' of the
  // page at or after pos(): their scans stop at it and never meet the end of
  // the page, where the appended newline has its own rules.
  bool AtScannableLine() const { return state_ == LexState::kInit && i_ < scan_end_; }
  // From now on no line is scannable: every token comes from Lex().
  void TurnOffLineReaders() { scan_end_ = 0; }
  // The byte at pos(); only AtScannableLine(). The readers below start only
  // where AtScannableLine() and the byte is a metric name's first, or '#'.
  uint8_t Peek() const { return p_[i_]; }

  // A sample line of the common shape, `name{l="v",...} value [timestamp]`
  // with plain ASCII label values (no backslash, NUL, quote or newline
  // inside) and single-token separators. Its tokens are fixed by that shape,
  // so the offsets are the ones token by token lexing gives. A value of the
  // shape [-]digits[.digits] with at most 19 digits worth at most 2^53 as an
  // integer comes converted, as ParsePromFloat would (value_parsed).
  struct PlainSample {
    size_t name_end = 0;
    size_t series_end = 0;  // after the '}', or after the name without labels
    size_t value_begin = 0;
    size_t value_end = 0;
    size_t ts_begin = 0;  // ts_begin == ts_end: no timestamp
    size_t ts_end = 0;
    size_t line_end = 0;  // after the newline
    double value = 0;
    bool value_parsed = false;
  };
  // False for any other line (the caller then lexes it token by token); the
  // lexer does not move (it only remembers the name: see last_name_). Adds
  // the labels to *labels either way.
  bool ScanPlainSample(PlainSample* out, LabelOffsets* labels);

  // `# HELP name text` or `# TYPE name text` with one blank before the
  // keyword and the name, then a blank and a text that starts with neither
  // a blank nor a NUL (or no text at all). The text is the TEXT token's
  // bytes without its first one, as the parser takes it.
  struct PlainMetadata {
    Token kind = Token::kHelp;  // or kType
    size_t name_begin = 0;
    size_t name_end = 0;
    size_t text_begin = 0;
    size_t text_end = 0;
    bool text_ascii = false;  // no byte >= 0x80 and no backslash
    size_t line_end = 0;
  };
  bool ScanPlainMetadata(PlainMetadata* out);

  // Moves past a line a one-pass reader read, to where lexing its tokens
  // ends (after the LINEBREAK token).
  void SkipScannedLine(size_t line_end) {
    TSDB_ASSERT(line_end <= scan_end_);  // and > i_: a line read holds its '\n'
    start_ = line_end - 1;
    i_ = line_end;
    state_ = LexState::kInit;
  }

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
  size_t scan_end_;  // after the page's last '\n'; 0 without one
  size_t i_ = 0;
  size_t start_ = 0;
  size_t stop_ = 0;
  LexState state_ = LexState::kInit;
  // The last metric name the line readers read, which the next line most
  // likely repeats (prom_class::MetricNameEnd).
  size_t last_name_ = 0;
  size_t last_name_len_ = 0;
};

}  // namespace tsdb::scrape
