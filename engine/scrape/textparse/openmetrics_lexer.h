// The OpenMetrics lexer: the state machine of 2.42's generated
// openmetricslex, rule for rule. Unlike the text format there are no
// WHITESPACE tokens: single spaces are part of the tokens they precede
// (` 1.5` is a VALUE), a line can only start with a metric name or `# `,
// and NULs are skipped only inside label values, HELP/TYPE/UNIT text and
// the `# ...` keyword. The page is read as it is, with no newline appended.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "engine/scrape/textparse/lex_token.h"

namespace tsdb::scrape {

class OpenMetricsLexer {
 public:
  explicit OpenMetricsLexer(std::string_view page)
      : p_(reinterpret_cast<const uint8_t*>(page.data())), n_(page.size()) {}

  Token Lex();

  // The last token is the bytes [start(), pos()) of the page.
  size_t start() const { return start_; }
  size_t pos() const { return i_; }
  // Where the last INVALID or EOF token stopped.
  size_t stop() const { return stop_; }
  // The byte at pos(), or ' ' past the end (2.42's cur(), for a message).
  uint8_t cur() const { return i_ < n_ ? p_[i_] : uint8_t{' '}; }

 private:
  uint8_t At(size_t i) const { return i < n_ ? p_[i] : uint8_t{0}; }
  uint8_t Advance();
  Token Keyword(std::string_view rest, Token tok);
  Token Quoted(LexState after);
  Token SpacedWord(Token tok, LexState after);
  Token Abort();

  const uint8_t* p_;
  size_t n_;
  size_t i_ = 0;
  size_t start_ = 0;
  size_t stop_ = 0;
  LexState state_ = LexState::kInit;
};

}  // namespace tsdb::scrape
